import { ARKIT_COUNT, ARKIT_NAMES, POSE_NAMES } from './arkit';
import { EYE_DIM, type FaceTrack, POSE_DIM } from './face-track';
import { TrackError } from './track-error';

/** Rotations beyond this are not a head on a neck; translations beyond this are not a seated singer. */
const MAX_ROTATION = Math.PI;
const MAX_TRANSLATION = 2;
const WEIGHT_SLACK = 1e-4;

/**
 * Checks a track is usable by every exporter; returns the problems (empty when valid).
 * Example: `const problems = validateTrack(track); if (problems.length) throw new Error(problems[0]);`
 */
export function validateTrack(track: FaceTrack): string[] {
  const problems: string[] = [];
  if (!(track.fps > 0 && track.fps <= 240)) problems.push(`fps must be in (0, 240], got ${track.fps}`);
  if (!Number.isInteger(track.frameCount) || track.frameCount < 1) {
    problems.push(`frameCount must be a positive integer, got ${track.frameCount}`);
    return problems;
  }
  const sizes: [string, ArrayLike<number>, number][] = [
    ['expression', track.expression, ARKIT_COUNT],
    ['pose', track.pose, POSE_DIM],
    ['eyes', track.eyes, EYE_DIM],
  ];
  for (const [name, arr, width] of sizes) {
    if (arr.length !== track.frameCount * width) {
      problems.push(`${name} has ${arr.length} values, expected ${track.frameCount} frames × ${width}`);
    }
  }
  if (problems.length) return problems;
  const firstBad = (arr: ArrayLike<number>, width: number, ok: (v: number, col: number) => boolean) => {
    for (let i = 0; i < arr.length; i++) if (!ok(arr[i], i % width)) return i;
    return -1;
  };
  const inUnit = (v: number) => Number.isFinite(v) && v >= -WEIGHT_SLACK && v <= 1 + WEIGHT_SLACK;
  let i = firstBad(track.expression, ARKIT_COUNT, inUnit);
  if (i >= 0) {
    problems.push(
      `expression ${ARKIT_NAMES[i % ARKIT_COUNT]} at frame ${Math.floor(i / ARKIT_COUNT)} is ${track.expression[i]}, expected 0…1`,
    );
  }
  i = firstBad(track.pose, POSE_DIM, (v, c) => Number.isFinite(v) && Math.abs(v) <= (c < 3 ? MAX_ROTATION : MAX_TRANSLATION));
  if (i >= 0) {
    problems.push(`pose ${POSE_NAMES[i % POSE_DIM]} at frame ${Math.floor(i / POSE_DIM)} is ${track.pose[i]}, out of range`);
  }
  i = firstBad(track.eyes, EYE_DIM, inUnit);
  if (i >= 0) problems.push(`eye closure at frame ${Math.floor(i / EYE_DIM)} is ${track.eyes[i]}, expected 0…1`);
  return problems;
}

/** Throws one error naming `where` and the first problem. */
export function assertValidTrack(track: FaceTrack, where = 'track'): void {
  const problems = validateTrack(track);
  if (problems.length) throw new TrackError(`${where}: invalid face track: ${problems[0]}`);
}
