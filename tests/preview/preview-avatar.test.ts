/**
 * `musicface preview` with a skinned, meshopt-compressed full-body avatar (built by
 * tests/render/test-avatar.ts): the page loads it without fetching a decoder, frames the face, and the
 * mouth on screen opens when the song reaches an open-jaw frame.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { rigFromGlb } from '../../src/retarget/load-rig';
import { ARKIT_COUNT, arkitIndex } from '../../src/track/arkit';
import { createTrack } from '../../src/track/face-track';
import { openPreviewSession, type PreviewSession } from './preview-session';
import { diffMask, haveChromium, maybeSavePng, testIf } from '../render/helpers';
import { buildTestAvatar } from '../render/test-avatar';

let dir: string;
let session: PreviewSession | null = null;
let page: Page;

beforeAll(async () => {
  if (!haveChromium()) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-preview-avatar-'));
  const rig = rigFromGlb(await buildTestAvatar({ meshopt: true }), 'avatar.glb');
  // 2 s: jaw closed for the first second, open for the second.
  const track = createTrack(60);
  for (let t = 30; t < 60; t++) track.expression[t * ARKIT_COUNT + arkitIndex('jawOpen')] = 1;
  session = await openPreviewSession(dir, track, rig, 2, 'swiftshader');
  page = session.page;
}, 120_000);

afterAll(async () => {
  await session?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function viewAt(seconds: number): Promise<{ rgba: Uint8Array; size: number }> {
  await page.evaluate((s) => (window as any).musicface.seek(s), seconds);
  await page.waitForTimeout(400);
  const png = PNG.sync.read(await page.locator('#view').screenshot());
  return { rgba: new Uint8Array(png.data), size: png.width };
}

testIf(haveChromium(), 'no Chromium installed')(
  'shows the face of a skinned, compressed avatar and its mouth opens with the song',
  async () => {
    const closed = await viewAt(0.5);
    const open = await viewAt(1.5);
    const size = closed.size;
    maybeSavePng('preview-avatar-closed.png', closed.rgba, size);
    maybeSavePng('preview-avatar-open.png', open.rgba, size);
    // The face fills the view: its centre is not the background (the corner).
    const px = (x: number, y: number) => Array.from(closed.rgba.subarray((y * size + x) * 4, (y * size + x) * 4 + 3));
    const d = px(size / 2, size / 2).reduce((s, v, i) => s + Math.abs(v - px(2, 2)[i]), 0);
    expect(d).toBeGreaterThan(60);
    const mouth = diffMask(closed.rgba, open.rgba, size);
    expect(mouth.count).toBeGreaterThan(size * size * 0.01);
    expect(mouth.centroid!.y).toBeGreaterThan(size * 0.5);
    expect(Math.abs(mouth.centroid!.x - size / 2)).toBeLessThan(size * 0.1);
    // Everything came from the local server (no decoder fetched from elsewhere).
    expect(session!.requests.filter((u) => !u.startsWith(session!.preview.url))).toEqual([]);
  },
);
