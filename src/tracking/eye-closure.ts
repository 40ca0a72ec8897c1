import type { FaceLandmarks } from './face-landmarks';

/**
 * The face mesh's two eyes (indices of the 468-point topology): corners and three upper/lower lid pairs.
 * Eye "a" is the one on the image's left in an unmirrored picture (the person's right eye).
 */
export const EYES = {
  a: {
    corners: [33, 133],
    lids: [
      [159, 145],
      [158, 153],
      [160, 144],
    ],
  },
  b: {
    corners: [362, 263],
    lids: [
      [386, 374],
      [385, 380],
      [387, 373],
    ],
  },
} as const;

/** Lid opening over eye width, per eye (a, b): about 0.3–0.5 open, near 0.1–0.2 closed. */
export function lidRatios(face: FaceLandmarks): [number, number] {
  const p = face.points;
  const d = (i: number, j: number) => Math.hypot(p[3 * i] - p[3 * j], p[3 * i + 1] - p[3 * j + 1]);
  const ratio = (eye: (typeof EYES)['a' | 'b']) => {
    let gap = 0;
    for (const [u, l] of eye.lids) gap += d(u, l);
    return gap / eye.lids.length / Math.max(1e-6, d(eye.corners[0], eye.corners[1]));
  };
  return [ratio(EYES.a), ratio(EYES.b)];
}

export interface EyeClosureModel {
  /** Which eye of the landmarks is the face's own left (ARKit "Left"): 'a' or 'b'. */
  left: 'a' | 'b';
  /** Lid ratio of a closed eye as a share of the open one, measured on the rig (per eye a, b). */
  closedShare: [number, number];
}

const quantile = (xs: number[], q: number) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : 0;
};

/**
 * Eye closure per frame (T × 2: face's left, right; 0 open … 1 closed) from the lids: each eye's lid
 * ratio against the video's own open level (its 75th percentile: eyes are open most of the time) and the
 * closed level the rig calibration measured as a share of open.
 * Example: `const eyes = eyeClosures(faces, model)`
 */
export function eyeClosures(faces: (FaceLandmarks | null)[], model: EyeClosureModel): Float32Array {
  const ratios = faces.map((f) => (f ? lidRatios(f) : null));
  const out = new Float32Array(faces.length * 2);
  for (const e of [0, 1] as const) {
    const seen = ratios.flatMap((r) => (r ? [r[e]] : []));
    const open = quantile(seen, 0.75);
    const closed = open * model.closedShare[e];
    // The last tenth of the open level is jitter, not closing.
    const top = open - 0.1 * (open - closed);
    const col = (e === 0) === (model.left === 'a') ? 0 : 1;
    let last = 0;
    ratios.forEach((r, t) => {
      if (r) last = Math.min(1, Math.max(0, (top - r[e]) / Math.max(1e-6, top - closed)));
      out[2 * t + col] = last;
    });
  }
  return out;
}
