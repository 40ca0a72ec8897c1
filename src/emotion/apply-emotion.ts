import { ARKIT_COUNT, arkitIndex, gaussianSmooth, type FaceTrack, POSE_DIM } from '../track';
import { AUTO_EMOTIONS, EMOTION_NAMES, EMOTIONS, type EmotionName, expandPairs } from './emotions';

const N = EMOTION_NAMES.length;

/**
 * How much of each emotion the face shows per frame: `weights` is frameCount × 7 (EMOTION_NAMES order),
 * each row's sum ≤ 1 — the sum is the intensity, the mix says which emotion.
 */
export interface EmotionCurve {
  fps: number;
  frameCount: number;
  weights: Float32Array;
}

export function emptyCurve(frameCount: number, fps: number): EmotionCurve {
  return { fps, frameCount, weights: new Float32Array(frameCount * N) };
}

/** One emotion at one intensity for the whole song. */
export function constantCurve(frameCount: number, fps: number, emotion: EmotionName, intensity: number): EmotionCurve {
  const c = emptyCurve(frameCount, fps);
  const k = EMOTION_NAMES.indexOf(emotion);
  if (emotion !== 'neutral') for (let t = 0; t < frameCount; t++) c.weights[t * N + k] = intensity;
  return c;
}

/**
 * Valence/arousal per frame (−1 … 1) → a mix of the auto emotions: each gets cos² of its angle to the
 * point on Russell's circle (0 beyond 90°), normalised; the intensity is the point's distance from the
 * centre (at most 1) times `intensity`.
 */
export function circumplexCurve(valence: Float32Array, arousal: Float32Array, fps: number, intensity: number): EmotionCurve {
  const T = valence.length;
  const c = emptyCurve(T, fps);
  const ids = AUTO_EMOTIONS.map((e) => EMOTION_NAMES.indexOf(e));
  const angles = AUTO_EMOTIONS.map((e) => Math.atan2(EMOTIONS[e].arousal, EMOTIONS[e].valence));
  for (let t = 0; t < T; t++) {
    const r = Math.min(1, Math.hypot(valence[t], arousal[t]));
    if (r < 1e-6) continue;
    const a = Math.atan2(arousal[t], valence[t]);
    const w = angles.map((b) => Math.max(0, Math.cos(a - b)) ** 2);
    const s = w.reduce((x, y) => x + y, 0) || 1;
    ids.forEach((k, i) => (c.weights[t * N + k] = (intensity * r * w[i]) / s));
  }
  return c;
}

/** The curve's place on the circumplex per frame (what the preview draws). */
export function curveValenceArousal(curve: EmotionCurve): { valence: Float32Array; arousal: Float32Array; intensity: Float32Array } {
  const T = curve.frameCount;
  const valence = new Float32Array(T);
  const arousal = new Float32Array(T);
  const intensity = new Float32Array(T);
  for (let t = 0; t < T; t++) {
    for (let k = 0; k < N; k++) {
      const w = curve.weights[t * N + k];
      const e = EMOTIONS[EMOTION_NAMES[k]];
      valence[t] += w * e.valence;
      arousal[t] += w * e.arousal;
      intensity[t] += w;
    }
  }
  return { valence, arousal, intensity };
}

/** Precomputed columns per emotion. */
const TABLE = EMOTION_NAMES.map((name) => {
  const e = EMOTIONS[name];
  return {
    add: expandPairs(e.add).map(([n, v]) => [arkitIndex(n), v] as const),
    scale: expandPairs(e.scale).map(([n, v]) => [arkitIndex(n), v] as const),
    e,
  };
});

/** Slow mean of the head, kept as posture while the motion around it is scaled (σ 1.5 s). */
const HEAD_MEAN_SIGMA_SECONDS = 1.5;

/**
 * Plays the curve on a finished track in place: shapes added and scaled (FACS prototypes, emotions.ts),
 * the head's motion around its slow mean scaled and its posture shifted. Rows with zero weight are left
 * as they are, so intensity 0 is the neutral track exactly. The lip articulators are never written.
 * The smile a vowel's rounding would fight gives way where the lips pucker or funnel, as the teacher's does.
 */
export function applyEmotionCurve(track: FaceTrack, curve: EmotionCurve): void {
  const T = track.frameCount;
  if (curve.frameCount !== T) throw new Error(`emotion curve has ${curve.frameCount} frames, the track ${T}`);
  const e = track.expression;
  const pucker = arkitIndex('mouthPucker');
  const funnel = arkitIndex('mouthFunnel');
  const smiles = new Set([arkitIndex('mouthSmileLeft'), arkitIndex('mouthSmileRight')]);
  const add = new Float32Array(ARKIT_COUNT);
  const scale = new Float32Array(ARKIT_COUNT);
  const headGain = new Float32Array(T);
  const pitch = new Float32Array(T);
  const roll = new Float32Array(T);
  let any = false;
  for (let t = 0; t < T; t++) {
    add.fill(0);
    scale.fill(1);
    let g = 1;
    let used = false;
    for (let k = 0; k < N; k++) {
      const w = curve.weights[t * N + k];
      if (!(w > 0)) continue;
      used = true;
      const row = TABLE[k];
      for (const [c, v] of row.add) add[c] += w * v;
      for (const [c, v] of row.scale) scale[c] += w * (v - 1);
      g += w * (row.e.headMotion - 1);
      pitch[t] += w * row.e.pitch;
      roll[t] += w * row.e.roll;
    }
    headGain[t] = g;
    if (!used) continue;
    any = true;
    const r = t * ARKIT_COUNT;
    const round = Math.min(1, e[r + pucker] + e[r + funnel]);
    for (let c = 0; c < ARKIT_COUNT; c++) {
      if (add[c] === 0 && scale[c] === 1) continue;
      const a = smiles.has(c) ? add[c] * (1 - 0.7 * round) : add[c];
      e[r + c] = Math.min(1, Math.max(0, e[r + c] * Math.max(0, scale[c]) + a));
    }
  }
  if (!any) return;
  // Head: motion around the slow mean scaled (energy ∝ gain²), the mean kept, posture added.
  for (let k = 0; k < POSE_DIM; k++) {
    const col = new Float32Array(T);
    for (let t = 0; t < T; t++) col[t] = track.pose[t * POSE_DIM + k];
    const mean = gaussianSmooth(col, HEAD_MEAN_SIGMA_SECONDS * track.fps);
    for (let t = 0; t < T; t++) {
      let v = mean[t] + headGain[t] * (col[t] - mean[t]);
      if (k === 0) v += pitch[t];
      if (k === 2) v += roll[t];
      track.pose[t * POSE_DIM + k] = v;
    }
  }
}
