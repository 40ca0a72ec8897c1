import type { Intrinsics } from '../raster';
import type { FaceLandmarks } from './face-landmarks';
import { type FitModel, type FitOptions, fitFrame, observations } from './fit-frame';
import type { Defaults } from '../runtime';
import { withDefaults } from '../runtime';

export interface FocalOptions extends FitOptions {
  /** Vertical fields of view tried, degrees. */
  candidates?: number[];
  /** Frames sampled (evenly) for the choice. */
  sampleFrames?: number;
}

export const FOCAL_DEFAULTS: Defaults<Pick<FocalOptions, 'candidates' | 'sampleFrames'>> = Object.freeze({
  candidates: [3, 8, 14, 20, 26, 33, 42, 52],
  sampleFrames: 16,
});

/** Focal length (pixels) of a vertical field of view on an image `height` pixels tall. */
export const focalForFov = (fovDegrees: number, height: number): number => height / 2 / Math.tan((fovDegrees * Math.PI) / 360);

/**
 * Picks the camera's field of view for a video by fitting a sample of its frames under each candidate
 * and keeping the one with the smallest landmark error (refined once between the best neighbours).
 * A turning head shows perspective: with the wrong focal length its yaw and pitch come out scaled.
 * Example: `const { focal } = chooseFocal(model, faces, 640, 480)`
 */
export function chooseFocal(
  m: FitModel,
  faces: (FaceLandmarks | null)[],
  width: number,
  height: number,
  options: FocalOptions = {},
): { intrinsics: Intrinsics; fov: number; errors: [number, number][] } {
  const o = withDefaults(FOCAL_DEFAULTS, options);
  const withFace = faces.flatMap((f, i) => (f ? [i] : []));
  const n = Math.min(o.sampleFrames, withFace.length);
  const sample = Array.from({ length: n }, (_, k) => faces[withFace[Math.floor(((k + 0.5) * withFace.length) / n)]]!);
  const obs = sample.map((f) => observations(m, f));
  const errors: [number, number][] = [];
  const score = (fov: number): number => {
    const K = { focal: focalForFov(fov, height), u0: width / 2, v0: height / 2 };
    let e = 0;
    for (const ob of obs) e += fitFrame(m, K, ob, null, o).rms ** 2;
    const rms = Math.sqrt(e / Math.max(1, obs.length));
    errors.push([fov, rms]);
    return rms;
  };
  // A mild prior towards an ordinary lens (~25°): a still head barely shows perspective, and then the
  // errors of all candidates are within noise of each other.
  const prior = (fov: number, rms: number) => rms * (1 + 0.01 * Math.abs(Math.log(fov / 25)));
  const scores = o.candidates.map((c) => prior(c, score(c)));
  const best = scores.indexOf(Math.min(...scores));
  let fov = o.candidates[best];
  // One refinement on each side of the best candidate.
  const lo = best > 0 ? (o.candidates[best - 1] + fov) / 2 : null;
  const hi = best < o.candidates.length - 1 ? (o.candidates[best + 1] + fov) / 2 : null;
  let bestScore = scores[best];
  for (const c of [lo, hi]) {
    if (c === null) continue;
    const s = prior(c, score(c));
    if (s < bestScore) {
      bestScore = s;
      fov = c;
    }
  }
  return { intrinsics: { focal: focalForFov(fov, height), u0: width / 2, v0: height / 2 }, fov, errors };
}
