/**
 * The 52 ARKit blendshape names in Apple's documentation order (ARFaceAnchor.BlendShapeLocation,
 * the same order as Unreal's EARFaceBlendShape). Every FaceTrack's expression columns use this order.
 */
export const ARKIT_NAMES = [
  'eyeBlinkLeft',
  'eyeLookDownLeft',
  'eyeLookInLeft',
  'eyeLookOutLeft',
  'eyeLookUpLeft',
  'eyeSquintLeft',
  'eyeWideLeft',
  'eyeBlinkRight',
  'eyeLookDownRight',
  'eyeLookInRight',
  'eyeLookOutRight',
  'eyeLookUpRight',
  'eyeSquintRight',
  'eyeWideRight',
  'jawForward',
  'jawLeft',
  'jawRight',
  'jawOpen',
  'mouthClose',
  'mouthFunnel',
  'mouthPucker',
  'mouthLeft',
  'mouthRight',
  'mouthSmileLeft',
  'mouthSmileRight',
  'mouthFrownLeft',
  'mouthFrownRight',
  'mouthDimpleLeft',
  'mouthDimpleRight',
  'mouthStretchLeft',
  'mouthStretchRight',
  'mouthRollLower',
  'mouthRollUpper',
  'mouthShrugLower',
  'mouthShrugUpper',
  'mouthPressLeft',
  'mouthPressRight',
  'mouthLowerDownLeft',
  'mouthLowerDownRight',
  'mouthUpperUpLeft',
  'mouthUpperUpRight',
  'browDownLeft',
  'browDownRight',
  'browInnerUp',
  'browOuterUpLeft',
  'browOuterUpRight',
  'cheekPuff',
  'cheekSquintLeft',
  'cheekSquintRight',
  'noseSneerLeft',
  'noseSneerRight',
  'tongueOut',
] as const;

export type ArkitName = (typeof ARKIT_NAMES)[number];

export const ARKIT_COUNT = ARKIT_NAMES.length; // 52

const INDEX: ReadonlyMap<string, number> = new Map(ARKIT_NAMES.map((n, i) => [n, i]));

/** Column of an ARKit name in a track's expression rows, or -1. */
export function arkitIndex(name: string): number {
  return INDEX.get(name) ?? -1;
}

/** Pose columns: rotations in radians, translations in metres (glTF axes; see DESIGN.md). */
export const POSE_NAMES = ['pitch', 'yaw', 'roll', 'tx', 'ty', 'tz'] as const;
export const EYE_NAMES = ['eyeClosedLeft', 'eyeClosedRight'] as const;

/** The eight gaze shapes. */
export const EYE_LOOK_NAMES = [
  'eyeLookDownLeft',
  'eyeLookInLeft',
  'eyeLookOutLeft',
  'eyeLookUpLeft',
  'eyeLookDownRight',
  'eyeLookInRight',
  'eyeLookOutRight',
  'eyeLookUpRight',
] as const;
