import { arkitIndex } from '../../track';
import type { Mix, MixTerm } from '../profile';
import { applyMix, fitVisemeMix } from '../viseme-mix';
import { VISEME_SHAPES } from './viseme-shapes';

/** VRM 1.0 preset expressions (VRMC_vrm-1.0/expressions.md) that an animation may drive. */
export const VRM_PRESETS = [
  'aa',
  'ih',
  'ou',
  'ee',
  'oh',
  'blink',
  'blinkLeft',
  'blinkRight',
  'happy',
  'angry',
  'sad',
  'relaxed',
  'surprised',
  'neutral',
] as const;
export type VrmPreset = (typeof VRM_PRESETS)[number];

/** VRM 0.x preset names → VRM 1.0. */
export const VRM0_PRESETS: Record<string, VrmPreset> = {
  a: 'aa',
  i: 'ih',
  u: 'ou',
  e: 'ee',
  o: 'oh',
  blink: 'blink',
  blink_l: 'blinkLeft',
  blink_r: 'blinkRight',
  joy: 'happy',
  angry: 'angry',
  sorrow: 'sad',
  fun: 'relaxed',
  neutral: 'neutral',
};

/** The five lip-sync presets fitted, like the Oculus visemes, from their ARKit compositions. */
export const VRM_VOWEL_MIX: Record<'aa' | 'ih' | 'ou' | 'ee' | 'oh', Mix> = fitVisemeMix({
  aa: VISEME_SHAPES.aa,
  ih: VISEME_SHAPES.I,
  ou: VISEME_SHAPES.U,
  ee: VISEME_SHAPES.E,
  oh: VISEME_SHAPES.O,
}) as Record<'aa' | 'ih' | 'ou' | 'ee' | 'oh', Mix>;

const half = (a: string, b: string): MixTerm[] => [
  { arkit: arkitIndex(a), weight: 0.5 },
  { arkit: arkitIndex(b), weight: 0.5 },
];

/**
 * The documented ARKit → VRM preset mapping (linear part):
 *  - aa, ih, ou, ee, oh: the fitted vowel mix above
 *  - happy = ½(mouthSmileLeft + mouthSmileRight), sad = ½(mouthFrownLeft + mouthFrownRight),
 *    angry = ½(browDownLeft + browDownRight), surprised = ½(eyeWideLeft + eyeWideRight)
 *  - relaxed, neutral: not driven (no ARKit counterpart)
 *  - blinks: see `vrmBlinks` (per-eye closure is not linear in blink/blinkLeft/blinkRight)
 */
export const VRM_PRESET_MIX: Record<Exclude<VrmPreset, 'blink' | 'blinkLeft' | 'blinkRight'>, Mix> = {
  ...VRM_VOWEL_MIX,
  happy: half('mouthSmileLeft', 'mouthSmileRight'),
  sad: half('mouthFrownLeft', 'mouthFrownRight'),
  angry: half('browDownLeft', 'browDownRight'),
  surprised: half('eyeWideLeft', 'eyeWideRight'),
  relaxed: [],
  neutral: [],
};

const BLINK_L = arkitIndex('eyeBlinkLeft');
const BLINK_R = arkitIndex('eyeBlinkRight');

/**
 * Blinks for an avatar whose expressions add up (VRM binds are additive): blink = min(left, right)
 * closes both eyes, blinkLeft/blinkRight add the remainder on one side, so each eye's closure equals
 * its ARKit eyeBlink weight, and avatars with only `blink` still blink when both eyes close.
 */
export function vrmBlinks(row: ArrayLike<number>, offset = 0): { blink: number; blinkLeft: number; blinkRight: number } {
  const l = Math.min(1, Math.max(0, row[offset + BLINK_L]));
  const r = Math.min(1, Math.max(0, row[offset + BLINK_R]));
  const both = Math.min(l, r);
  return { blink: both, blinkLeft: l - both, blinkRight: r - both };
}

/**
 * All preset weights of one frame (row = 52 ARKit weights at `offset`).
 * Example: `vrmPresetWeights(track.expression, t * 52).aa`
 */
export function vrmPresetWeights(row: ArrayLike<number>, offset = 0): Record<VrmPreset, number> {
  const out = {} as Record<VrmPreset, number>;
  for (const [p, mix] of Object.entries(VRM_PRESET_MIX)) out[p as VrmPreset] = applyMix(mix, row, offset);
  return { ...out, ...vrmBlinks(row, offset) };
}
