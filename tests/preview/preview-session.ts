/**
 * A preview server for a clip and a test tone, and a headless Chromium page on it that has finished
 * loading (or thrown the page's own error): what the preview tests open before they look at the face.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { exportTrack } from '../../exporters';
import { ffmpegPath } from '../../src/audio/ffmpeg-binary';
import { type Preview, startPreview } from '../../src/preview/preview-server';
import { chromiumArgs, findChromium } from '../../src/render/chromium';
import type { Rig } from '../../src/retarget/rig';
import type { FaceTrack } from '../../src/track/face-track';

export interface PreviewSession {
  preview: Preview;
  browser: Browser;
  page: Page;
  /** Every URL the page requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Writes `track` as a .glb on `rig` and a 220 Hz tone of `seconds` into `dir`, serves them and opens the page. */
export async function openPreviewSession(
  dir: string,
  track: FaceTrack,
  rig: Rig | null,
  seconds: number,
  gl: 'swiftshader' | 'llvmpipe',
): Promise<PreviewSession> {
  const clip = path.join(dir, 'clip.glb');
  fs.writeFileSync(clip, await exportTrack(track, 'glb', { rig: rig ?? undefined }));
  const song = path.join(dir, 'song.wav');
  execFileSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', `sine=frequency=220:duration=${seconds}`, song]);
  const preview = await startPreview({ clip, audio: song });
  const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: chromiumArgs(gl) });
  const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const close = async () => {
    await browser.close();
    await preview.close();
  };
  try {
    await page.goto(preview.url);
    await page.waitForFunction(() => (window as any).musicfaceReady || (window as any).musicfaceError, undefined, { timeout: 60_000 });
    const error = await page.evaluate(() => (window as any).musicfaceError);
    if (error) throw new Error(`preview page failed: ${error}`);
  } catch (e) {
    await close();
    throw e;
  }
  return { preview, browser, page, requests, close };
}
