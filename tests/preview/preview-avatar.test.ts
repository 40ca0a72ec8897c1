/**
 * `musicface preview` with a skinned, meshopt-compressed full-body avatar (built by
 * tests/render/test-avatar.ts): the page loads it without fetching a decoder, frames the face, and the
 * mouth on screen opens when the song reaches an open-jaw frame.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PNG } from 'pngjs';
import { chromium, Browser, Page } from 'playwright-core';
import { exportTrack } from '../../exporters/index';
import { ffmpegPath } from '../../src/audio/ffmpeg-binary';
import { Preview, startPreview } from '../../src/preview/preview-server';
import { chromiumArgs, findChromium } from '../../src/render/chromium';
import { rigFromGlb } from '../../src/retarget/load-rig';
import { ARKIT_COUNT, arkitIndex } from '../../src/track/arkit';
import { createTrack } from '../../src/track/face-track';
import { diffMask, haveChromium, maybeSavePng, testIf } from '../render/helpers';
import { buildTestAvatar } from '../render/test-avatar';

let dir: string;
let preview: Preview | null = null;
let browser: Browser | null = null;
let page: Page;
const requests: string[] = [];

beforeAll(async () => {
  if (!haveChromium()) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-preview-avatar-'));
  const rig = rigFromGlb(await buildTestAvatar({ meshopt: true }), 'avatar.glb');
  // 2 s: jaw closed for the first second, open for the second.
  const track = createTrack(60);
  for (let t = 30; t < 60; t++) track.expression[t * ARKIT_COUNT + arkitIndex('jawOpen')] = 1;
  const clip = path.join(dir, 'clip.glb');
  fs.writeFileSync(clip, await exportTrack(track, 'glb', { rig }));
  const song = path.join(dir, 'song.wav');
  execFileSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=220:duration=2', song]);
  preview = await startPreview({ clip, audio: song });
  browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: chromiumArgs('swiftshader') });
  page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(preview.url);
  await page.waitForFunction(() => (window as any).musicfaceReady || (window as any).musicfaceError, undefined, { timeout: 60_000 });
  const error = await page.evaluate(() => (window as any).musicfaceError);
  if (error) throw new Error(`preview page failed: ${error}`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await preview?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function viewAt(seconds: number): Promise<{ rgba: Uint8Array; size: number }> {
  await page.evaluate((s) => (window as any).musicface.seek(s), seconds);
  await page.waitForTimeout(400);
  const png = PNG.sync.read(await page.locator('#view').screenshot());
  return { rgba: new Uint8Array(png.data), size: png.width };
}

testIf(haveChromium(), 'no Chromium installed')('shows the face of a skinned, compressed avatar and its mouth opens with the song', async () => {
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
  expect(requests.filter((u) => !u.startsWith(preview!.url))).toEqual([]);
});
