/**
 * The preview page in headless Chromium, as a user sees it: it loads, plays the song, and the face on
 * screen has the track's weights at the song's current time; scrubbing moves both together.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { PreviewPageApi } from '../../src/preview/preview-page-config';
import type { Rig } from '../../src/retarget/rig';
import { ARKIT_COUNT, ARKIT_NAMES, arkitIndex } from '../../src/track/arkit';
import { createTrack, type FaceTrack, POSE_DIM, syncEyesToExpression } from '../../src/track/face-track';
import { setGazeWeights } from '../../src/track/gaze-weights';
import { openPreviewSession, type PreviewSession } from './preview-session';
import { performEmotion } from '../../src/emotion/perform-emotion';
import { haveChromium, testIf, testRig } from '../render/helpers';

const SECONDS = 5;
let dir: string;
let rig: Rig | null;
let track: FaceTrack;
let session: PreviewSession | null = null;
let page: Page;

/** The track's value of ARKit shape `name` at `t` seconds, linear between frames (glTF LINEAR keys). */
function trackAt(name: string, t: number): number {
  const k = arkitIndex(name);
  const f = Math.min(track.frameCount - 1, t * track.fps);
  const i = Math.floor(f);
  const j = Math.min(track.frameCount - 1, i + 1);
  const a = track.expression[i * ARKIT_COUNT + k];
  return a + (track.expression[j * ARKIT_COUNT + k] - a) * (f - i);
}

beforeAll(async () => {
  rig = await testRig();
  if (!rig || !haveChromium()) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-preview-'));
  const frames = SECONDS * 30;
  track = createTrack(frames);
  for (let t = 0; t < frames; t++) {
    const s = t / 30;
    track.expression[t * ARKIT_COUNT + arkitIndex('jawOpen')] = 0.5 + 0.45 * Math.sin((2 * Math.PI * s) / 1.3);
    track.expression[t * ARKIT_COUNT + arkitIndex('mouthSmileLeft')] = 0.5 + 0.4 * Math.cos((2 * Math.PI * s) / 0.9);
    const blink = Math.max(0, 1 - Math.abs((s % 1.5) - 0.75) * 8);
    track.eyes[t * 2] = blink;
    track.eyes[t * 2 + 1] = blink;
    track.pose[t * POSE_DIM + 1] = 0.3 * Math.sin((2 * Math.PI * s) / 2);
    setGazeWeights(track, t, 0.25 * Math.sin((2 * Math.PI * s) / 1.7), 0.15 * Math.cos((2 * Math.PI * s) / 1.1));
  }
  syncEyesToExpression(track);
  // Tender for the first half, angry for the second: the emotion curve the page draws.
  performEmotion(track, undefined, {
    emotion: 'anger',
    direction: { crossfade: 0.5, sections: [{ start: 0, end: SECONDS / 2, emotion: 'tenderness' }] },
  });
  session = await openPreviewSession(dir, track, rig, SECONDS, 'llvmpipe');
  page = session.page;
}, 120_000);

afterAll(async () => {
  await session?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const snapshot = () => page.evaluate(() => ((window as any).musicface as PreviewPageApi).snapshot());
const ok = haveChromium();

testIf(ok, 'no Chromium installed')("plays: after 2 s the face shows the track at the song's current time", async () => {
  if (!rig) return console.warn('skipped: no rig');
  // The clip drives ARKit-named targets on this rig, so weights compare with the track by name.
  const before = await snapshot();
  for (const n of ['jawOpen', 'mouthSmileLeft', 'eyeBlinkLeft']) expect(before.weights).toHaveProperty(n);
  await page.click('#play');
  await page.waitForTimeout(2000);
  const s = await snapshot();
  expect(s.playing).toBe(true);
  expect(s.time).toBeGreaterThan(1.4);
  expect(s.time).toBeLessThan(3.2);
  const audioTime = await page.evaluate(() => (document.getElementById('song') as HTMLAudioElement).currentTime);
  expect(audioTime - s.time).toBeGreaterThanOrEqual(0);
  expect(audioTime - s.time).toBeLessThan(0.5); // the last drawn frame is at most a few frames behind
  for (const n of ['jawOpen', 'mouthSmileLeft', 'eyeBlinkLeft', 'eyeBlinkRight'])
    expect(Math.abs(s.weights[n] - trackAt(n, s.time))).toBeLessThan(0.02);
  // A shape the track leaves at 0 stays at 0.
  expect(s.weights[ARKIT_NAMES.find((n) => n === 'cheekPuff')!]).toBeCloseTo(0, 5);
  if (rig.head !== null) {
    const f = Math.min(track.frameCount - 1, s.time * 30);
    const i = Math.floor(f);
    const yaw =
      track.pose[i * POSE_DIM + 1] +
      (track.pose[Math.min(track.frameCount - 1, i + 1) * POSE_DIM + 1] - track.pose[i * POSE_DIM + 1]) * (f - i);
    expect(Math.abs(s.yaw! - (yaw * 180) / Math.PI)).toBeLessThan(1);
  }
  if (process.env.MUSICFACE_TEST_IMAGES) await page.screenshot({ path: path.join(process.env.MUSICFACE_TEST_IMAGES, 'preview.png') });
});

testIf(ok, 'no Chromium installed')('pause and scrub: the face follows the playhead', async () => {
  if (!rig) return console.warn('skipped: no rig');
  await page.evaluate(() => ((window as any).musicface as PreviewPageApi).pause());
  // Drag the scrub bar to 80 % of the song, as a user would.
  await page.$eval('#scrub', (el: HTMLInputElement) => {
    el.value = '800';
    el.dispatchEvent(new Event('input'));
    el.dispatchEvent(new Event('change'));
  });
  await page.waitForTimeout(300);
  const s = await snapshot();
  expect(s.playing).toBe(false);
  expect(Math.abs(s.time - 0.8 * SECONDS)).toBeLessThan(0.05);
  expect(Math.abs(s.weights.jawOpen - trackAt('jawOpen', s.time))).toBeLessThan(0.02);
  expect(await page.textContent('#play')).toBe('Play');
});

testIf(ok, 'no Chromium installed')('the page loaded nothing from anywhere but its own server, and drew curves', async () => {
  if (!rig) return console.warn('skipped: no rig');
  expect(session!.requests.length).toBeGreaterThan(10);
  for (const url of session!.requests) expect(url.startsWith(session!.preview.url)).toBe(true);
  // The curves canvas has drawn lines in five colours: jawOpen, head yaw, eye closure, gaze yaw and
  // pitch (a lane with nothing in the clip shows grey text only).
  const colours = await page.evaluate(() => {
    const c = document.getElementById('curves') as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<string>();
    for (let i = 0; i < d.length; i += 4)
      if (d[i + 3] > 200 && (d[i] > 200 || d[i + 2] > 200)) seen.add(`${d[i] >> 5},${d[i + 1] >> 5},${d[i + 2] >> 5}`);
    return seen.size;
  });
  expect(colours).toBeGreaterThanOrEqual(5);
});

testIf(ok, 'no Chromium installed')(
  'draws the emotion curve: valence rises above the middle of its lane while tender, falls below once angry',
  async () => {
    if (!rig) return console.warn('skipped: no rig');
    // The valence lane (6th of 7) in its colour #cf6: where its line is, left and right of the change.
    const rows = await page.evaluate(() => {
      const c = document.getElementById('curves') as HTMLCanvasElement;
      const laneH = c.height / 7;
      const top = 5 * laneH;
      const d = c.getContext('2d')!.getImageData(0, top, c.width, laneH).data;
      const ys = (x0: number, x1: number) => {
        const out: number[] = [];
        for (let y = 0; y < laneH; y++)
          for (let x = x0; x < x1; x++) {
            const i = (y * c.width + x) * 4;
            if (d[i + 1] > 120 && d[i + 1] - d[i + 2] > 50) out.push(y / laneH); // #cf6 over the lane, anti-aliased
          }
        return out.length ? out.reduce((a, b) => a + b, 0) / out.length : -1;
      };
      const left = 92;
      const w = c.width - left - 8;
      return {
        tender: ys(left + Math.round(0.1 * w), left + Math.round(0.4 * w)),
        angry: ys(left + Math.round(0.6 * w), left + Math.round(0.9 * w)),
      };
    });
    // y grows downward: tenderness (valence +0.6) above the middle, anger (−0.6) below it.
    expect(rows.tender).toBeGreaterThan(0);
    expect(rows.tender).toBeLessThan(0.45);
    expect(rows.angry).toBeGreaterThan(0.55);
  },
);
