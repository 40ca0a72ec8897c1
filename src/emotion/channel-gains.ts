import { ARKIT_COUNT, ARKIT_NAMES, arkitIndex, EYE_DIM, type FaceTrack, POSE_DIM, syncEyesToExpression } from '../track';
import { LIP_ARTICULATORS } from './emotions';

/**
 * Per-channel strength, 0 … 2 each (1 = as generated), like Audio2Face's upper/lower-face and blink
 * strengths: `lips` the articulators (jawOpen, mouthClose, funnel, pucker, …), `head` the pose,
 * `brows` browDown/InnerUp/OuterUp, `blinks` the eye closure.
 */
export interface ChannelGains {
  lips?: number;
  head?: number;
  brows?: number;
  blinks?: number;
}

export const CHANNELS = ['lips', 'head', 'brows', 'blinks'] as const;

const BROWS = ['browDownLeft', 'browDownRight', 'browInnerUp', 'browOuterUpLeft', 'browOuterUpRight'].map(arkitIndex);
const LIPS = LIP_ARTICULATORS.map(arkitIndex);
/** What "mouth only" keeps: the jaw, the mouth and the tongue; everything else goes to rest. */
const MOUTH = ARKIT_NAMES.map((n, i) => (/^(jaw|mouth|tongue)/.test(n) ? i : -1)).filter((i) => i >= 0);

/**
 * Scales the channels in place (weights clamped to 0 … 1). `mouthOnly` then puts everything but the
 * mouth at rest: head at the rest pose, eyes open and looking ahead, brows, cheeks and nose untouched —
 * for users who animate the rest by hand.
 */
export function applyChannelGains(track: FaceTrack, gains: ChannelGains = {}, mouthOnly = false): void {
  const T = track.frameCount;
  const e = track.expression;
  const scaleCols = (cols: number[], g: number | undefined) => {
    if (g === undefined || g === 1) return;
    for (let t = 0; t < T; t++) for (const c of cols) e[t * ARKIT_COUNT + c] = Math.min(1, Math.max(0, e[t * ARKIT_COUNT + c] * g));
  };
  scaleCols(LIPS, gains.lips);
  scaleCols(BROWS, gains.brows);
  if (gains.head !== undefined && gains.head !== 1) for (let i = 0; i < T * POSE_DIM; i++) track.pose[i] *= gains.head;
  if (gains.blinks !== undefined && gains.blinks !== 1) {
    for (let i = 0; i < T * EYE_DIM; i++) track.eyes[i] = Math.min(1, Math.max(0, track.eyes[i] * gains.blinks));
    syncEyesToExpression(track);
  }
  if (mouthOnly) {
    const keep = new Uint8Array(ARKIT_COUNT);
    for (const c of MOUTH) keep[c] = 1;
    for (let t = 0; t < T; t++) for (let c = 0; c < ARKIT_COUNT; c++) if (!keep[c]) e[t * ARKIT_COUNT + c] = 0;
    track.pose.fill(0);
    track.eyes.fill(0);
  }
}
