/** Shared by the render, batch and preview tests: test data, the test rig and image helpers. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadRig } from '../../src/retarget/load-rig';
import { defaultHeadPath } from '../../src/retarget/default-rig';
import type { Rig } from '../../src/retarget/rig';
import { findChromium } from '../../src/render/chromium';

export const SHARED = path.join(__dirname, '../../../shared/data');
export const ICT_RIG = path.join(SHARED, 'rigs/ict-facekit-arkit52.glb');
export const SONG_60S = path.join(SHARED, 'audio/francium-55-115s-mixture.flac');
export const SONG_11S = path.join(SHARED, 'audio/slow-motion-dream-excerpt.mp3');

/** Whether a browser to render with is installed (CI installs Debian's chromium from .ci/apt/render.txt). */
export function haveChromium(): boolean {
  try {
    findChromium();
    return true;
  } catch {
    return false;
  }
}

/** The shipped default head when it exists, else the ICT head from ../shared/data, else null. */
export async function testRig(): Promise<Rig | null> {
  if (fs.existsSync(defaultHeadPath())) return loadRig(defaultHeadPath());
  if (fs.existsSync(ICT_RIG)) return loadRig(ICT_RIG);
  return null;
}

/** `test` when the condition holds, otherwise a skipped test whose title says why. */
export function testIf(condition: boolean, why: string): jest.It {
  if (condition) return test;
  const skipped = ((name: string, fn?: jest.ProvidesCallback, timeout?: number) =>
    test.skip(`${name} (skipped: ${why})`, fn, timeout)) as jest.It;
  return skipped;
}

/** Per-pixel absolute RGB difference above `threshold` (0–255) → mask, with its bounding box and count. */
export function diffMask(a: Uint8Array, b: Uint8Array, size: number, threshold = 24) {
  let count = 0;
  let x0 = size;
  let y0 = size;
  let x1 = -1;
  let y1 = -1;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const d = Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]);
      if (d > threshold) {
        count++;
        sx += x;
        sy += y;
        if (x < x0) x0 = x;
        if (y < y0) y0 = y;
        if (x > x1) x1 = x;
        if (y > y1) y1 = y;
      }
    }
  }
  return { count, box: { x0, y0, x1, y1 }, centroid: count ? { x: sx / count, y: sy / count } : null };
}

/** Writes an RGBA image as PNG when MUSICFACE_TEST_IMAGES names a folder (to look at what a test saw). */
export function maybeSavePng(name: string, rgba: Uint8Array, size: number): void {
  const dir = process.env.MUSICFACE_TEST_IMAGES;
  if (!dir) return;
  const { PNG } = require('pngjs') as typeof import('pngjs');
  const png = new PNG({ width: size, height: size });
  png.data = Buffer.from(rgba);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), PNG.sync.write(png));
}

/** Writes bytes (e.g. a test avatar .glb) when MUSICFACE_TEST_IMAGES names a folder, to use it elsewhere. */
export function maybeSaveFile(name: string, bytes: Uint8Array): void {
  const dir = process.env.MUSICFACE_TEST_IMAGES;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), bytes);
}
