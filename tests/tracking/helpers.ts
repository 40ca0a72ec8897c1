/** Shared by the tracking and neural tests: test data paths, skips, and track comparison. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { arkitIndex } from '../../src/track/arkit';
import type { FaceTrack } from '../../src/track/face-track';
import { poseMatrix, rotationAngle } from '../../src/raster';
export { haveChromium, testIf } from '../render/helpers';

export const GRID = path.join(__dirname, '../../../shared/data/video/grid-s1');
export const GRID_CLIP = path.join(GRID, 'clips/bbaf2n.mpg');
export const GRID_ALIGN = path.join(GRID, 'align/bbaf2n.align');
export const haveGrid = (): boolean => fs.existsSync(GRID_CLIP) && fs.existsSync(GRID_ALIGN);

/** Word intervals of a GRID alignment, in video frames (25 fps; the file counts 1/25000 s). */
export function gridWords(alignFile: string): { start: number; end: number; word: string }[] {
  return fs
    .readFileSync(alignFile, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .map(([a, b, word]) => ({ start: Math.round(Number(a) / 1000), end: Math.round(Number(b) / 1000), word }));
}

/** Tracking errors against a known truth: rotation (degrees, per frame) and absolute weight errors. */
export function trackErrors(truth: FaceTrack, got: FaceTrack) {
  const T = Math.min(truth.frameCount, got.frameCount);
  const rot: number[] = [];
  const jaw: number[] = [];
  const blink: number[] = [];
  const J = arkitIndex('jawOpen'),
    L = arkitIndex('eyeBlinkLeft'),
    R = arkitIndex('eyeBlinkRight');
  for (let t = 0; t < T; t++) {
    const a = poseMatrix(truth.pose[6 * t], truth.pose[6 * t + 1], truth.pose[6 * t + 2]);
    const b = poseMatrix(got.pose[6 * t], got.pose[6 * t + 1], got.pose[6 * t + 2]);
    rot.push((rotationAngle(a, b) * 180) / Math.PI);
    jaw.push(Math.abs(truth.expression[52 * t + J] - got.expression[52 * t + J]));
    blink.push(
      Math.abs(truth.expression[52 * t + L] - got.expression[52 * t + L]),
      Math.abs(truth.expression[52 * t + R] - got.expression[52 * t + R]),
    );
  }
  const median = (x: number[]) => x.slice().sort((p, q) => p - q)[x.length >> 1];
  const mean = (x: number[]) => x.reduce((p, q) => p + q, 0) / x.length;
  return { medianRotationDeg: median(rot), meanJaw: mean(jaw), meanBlink: mean(blink) };
}
