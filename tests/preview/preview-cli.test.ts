/** `musicface preview`: prints a 127.0.0.1 address that serves the page until stopped; bad input is one sentence. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exportTrack } from '../../exporters';
import { ffmpegPath } from '../../src/audio/ffmpeg-binary';
import { servePreview } from '../../src/cli/commands/preview';
import { createTrack } from '../../src/track/face-track';
import { testRig } from '../render/helpers';

let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-preview-cli-'));
  const rig = await testRig();
  if (!rig) throw new Error('no rig available');
  fs.writeFileSync(path.join(dir, 'clip.glb'), await exportTrack(createTrack(15), 'glb', { rig }));
  execFileSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', 'sine=duration=0.5', path.join(dir, 'song.mp3')]);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('prints the address, serves the page there, stops when told', async () => {
  let printed = '';
  const stop = new AbortController();
  const running = servePreview([path.join(dir, 'clip.glb'), '--audio', path.join(dir, 'song.mp3')], stop.signal, {
    write: (s: string) => (printed += s),
  });
  while (!printed.includes('http')) await new Promise((r) => setTimeout(r, 20));
  const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(printed)![0];
  const page = await fetch(url);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('MusicFace preview');
  stop.abort();
  expect(await running).toBe(0);
  await expect(fetch(url)).rejects.toThrow();
});

test('a missing --audio or clip: one sentence', async () => {
  const never = new AbortController().signal;
  await expect(servePreview([path.join(dir, 'clip.glb')], never, { write: () => 0 })).rejects.toThrow(/missing --audio SONG/);
  await expect(
    servePreview([path.join(dir, 'clip.glb'), '--audio', path.join(dir, 'song.mp3'), '--framing', 'wide'], never, { write: () => 0 }),
  ).rejects.toThrow(/--framing must be face, bust or full, got wide/);
  await expect(
    servePreview([path.join(dir, 'none.glb'), '--audio', path.join(dir, 'song.mp3')], never, { write: () => 0 }),
  ).rejects.toThrow(/none\.glb: cannot read the clip/);
});
