import type { ArkitName } from '../../track';

/**
 * What each Oculus/OVR viseme looks like in ARKit weights (left/right pairs get the same value).
 * A practical table used by web avatar projects (kmp-facelink VisemeBlendShapes.kt, after the
 * TalkingHead project), as collected in ../shared/reference/engine-interop-notes.md §5. The ARKit →
 * viseme mix for viseme-only rigs is fitted from it (see src/retarget/viseme-mix.ts).
 */
export const VISEME_SHAPES: Record<string, Partial<Record<ArkitName, number>>> = {
  PP: { mouthClose: 0.7, mouthPressLeft: 0.5, mouthPressRight: 0.5, mouthPucker: 0.3 },
  FF: { mouthFunnel: 0.3, mouthLowerDownLeft: 0.2, mouthLowerDownRight: 0.2, mouthUpperUpLeft: 0.15, mouthUpperUpRight: 0.15 },
  TH: { jawOpen: 0.15, mouthUpperUpLeft: 0.1, mouthUpperUpRight: 0.1, tongueOut: 0.3 },
  DD: { jawOpen: 0.2, mouthClose: 0.15, mouthPressLeft: 0.3, mouthPressRight: 0.3 },
  kk: { jawOpen: 0.25, mouthStretchLeft: 0.2, mouthStretchRight: 0.2 },
  CH: { jawOpen: 0.2, mouthFunnel: 0.5, mouthPucker: 0.3 },
  SS: { jawOpen: 0.1, mouthSmileLeft: 0.2, mouthSmileRight: 0.2, mouthStretchLeft: 0.3, mouthStretchRight: 0.3 },
  nn: { jawOpen: 0.1, mouthClose: 0.3, mouthPressLeft: 0.2, mouthPressRight: 0.2 },
  RR: { jawOpen: 0.15, mouthFunnel: 0.4, mouthPucker: 0.2 },
  aa: { jawOpen: 0.7, mouthLowerDownLeft: 0.3, mouthLowerDownRight: 0.3, mouthUpperUpLeft: 0.15, mouthUpperUpRight: 0.15 },
  E: { jawOpen: 0.35, mouthSmileLeft: 0.3, mouthSmileRight: 0.3, mouthStretchLeft: 0.2, mouthStretchRight: 0.2 },
  I: { jawOpen: 0.2, mouthSmileLeft: 0.4, mouthSmileRight: 0.4, mouthStretchLeft: 0.3, mouthStretchRight: 0.3 },
  O: { jawOpen: 0.5, mouthFunnel: 0.5, mouthPucker: 0.2 },
  U: { jawOpen: 0.25, mouthFunnel: 0.6, mouthPucker: 0.5 },
};

/** Oculus viseme order (OVRLipSync / XR_META_face_tracking_visemes); "sil" is the rest face. */
export const OCULUS_VISEMES = ['sil', 'PP', 'FF', 'TH', 'DD', 'kk', 'CH', 'SS', 'nn', 'RR', 'aa', 'E', 'I', 'O', 'U'] as const;
