/**
 * Inference: a track drawn by a person's neural renderer into an MP4 with the song (the tiny fixture
 * from training/renderer/make-fixture.sh stands in for a trained person).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ffmpegPath } from '../../src/audio/ffmpeg-binary';
import { probeAudio } from '../../src/audio/probe';
import renderCommand from '../../src/cli/commands/render';
import { loadNeuralRenderer } from '../../src/neural/neural-renderer';
import { renderNeuralVideo } from '../../src/neural/render-neural-video';
import { arkitIndex } from '../../src/track/arkit';
import { createTrack } from '../../src/track/face-track';
import { trackToJson } from '../../src/track/track-json';
import { probeVideo, videoFrames } from '../../src/video';

const FIXTURE = path.join(__dirname, '../fixtures/neural/tiny.renderer.onnx');
let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-neural-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function song(seconds: number): string {
  const file = path.join(dir, `sine-${seconds}.wav`);
  if (!fs.existsSync(file))
    execFileSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', `sine=frequency=330:duration=${seconds}`, file]);
  return file;
}

test('a fixture is refused unless asked for; CUDA and WebGPU fall through to a provider that runs, in one line', async () => {
  await expect(loadNeuralRenderer(FIXTURE)).rejects.toThrow(/tiny\.renderer\.json: is a test fixture/);
  const lines: string[] = [];
  const r = await loadNeuralRenderer(FIXTURE, { allowFixture: true, threads: 1, log: (l) => lines.push(l) });
  expect(['cuda', 'webgpu', 'cpu']).toContain(r.provider);
  const order = ['cuda', 'webgpu', 'cpu'];
  // One line naming every provider skipped (issue 19 item 10), none when CUDA itself runs.
  expect(lines.length).toBe(r.provider === 'cuda' ? 0 : 1);
  for (const skipped of order.slice(0, order.indexOf(r.provider))) expect(lines[0]).toContain(`${skipped} execution provider unavailable`);
  for (const l of lines) expect(l.split('\n')).toHaveLength(1);
  await r.dispose();
});

test("draws a 1-second track at the person's frame rate with the song; the face square changes with jawOpen, the rest stays background", async () => {
  const r = await loadNeuralRenderer(FIXTURE, { allowFixture: true, threads: 1, log: () => {} });
  const track = createTrack(30); // 1 s at 30 fps
  for (let t = 0; t < 30; t++) track.expression[t * 52 + arkitIndex('jawOpen')] = t < 15 ? 0 : 1;
  const out = path.join(dir, 'person.mp4');
  const res = await renderNeuralVideo(track, song(1), out, r, { batch: 4 });
  await r.dispose();
  const fps = r.card.person.fps;
  expect(res.frames).toBe(Math.round(fps)); // 1 s at the person's rate
  const info = await probeVideo(out);
  expect([info.width, info.height]).toEqual([r.card.person.camera.width, r.card.person.camera.height]);
  expect((await probeAudio(out)).durationSeconds).toBeCloseTo(1, 1);
  const frames: Uint8Array[] = [];
  for await (const f of videoFrames(out, info)) frames.push(f.rgb);
  expect(frames.length).toBe(res.frames);
  const { crop } = r.card.person;
  const diffIn = (a: Uint8Array, b: Uint8Array, inside: boolean) => {
    let s = 0,
      n = 0;
    for (let y = 0; y < info.height; y++)
      for (let x = 0; x < info.width; x++) {
        const inCrop = x >= crop.x && y >= crop.y && x < crop.x + crop.size && y < crop.y + crop.size;
        const far = x < crop.x - 8 || y < crop.y - 8 || x >= crop.x + crop.size + 8 || y >= crop.y + crop.size + 8;
        if (inside ? !inCrop : !far) continue;
        for (let c = 0; c < 3; c++) s += Math.abs(a[3 * (y * info.width + x) + c] - b[3 * (y * info.width + x) + c]);
        n += 3;
      }
    return s / n;
  };
  const closed = frames[5],
    open = frames[frames.length - 3];
  // Frames 3 and 5 have the same input: their difference is the codec's noise.
  const noise = diffIn(frames[3], frames[5], true);
  expect(diffIn(closed, open, true)).toBeGreaterThan(3 * noise + 0.1); // the drawn square follows the track
  expect(diffIn(closed, open, false)).toBeLessThan(0.5); // outside it: the same background
});

test('musicface render --renderer: a fixture or a missing card is one sentence, nothing written', async () => {
  const track = path.join(dir, 't.json');
  fs.writeFileSync(track, trackToJson(createTrack(10)));
  const out = path.join(dir, 'x.mp4');
  await expect(renderCommand.run([song(1), '--track', track, '--renderer', FIXTURE, '-q', '-o', out])).rejects.toThrow(/is a test fixture/);
  const lone = path.join(dir, 'lone.renderer.onnx');
  fs.copyFileSync(FIXTURE, lone);
  await expect(renderCommand.run([song(1), '--track', track, '--renderer', lone, '-q', '-o', out])).rejects.toThrow(
    /lone\.renderer\.onnx: its card lone\.renderer\.json is missing/,
  );
  expect(fs.existsSync(out)).toBe(false);
});
