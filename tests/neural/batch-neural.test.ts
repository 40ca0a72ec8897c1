/** `batch` with a neural renderer: every song's MP4 shows the person, at the person's frame rate. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ffmpegPath } from '../../src/audio/ffmpeg-binary';
import { batch } from '../../src/batch/batch';
import { loadNeuralRenderer } from '../../src/neural/neural-renderer';
import { arkitIndex } from '../../src/track/arkit';
import { createTrack } from '../../src/track/face-track';
import { probeVideo, videoFrames } from '../../src/video';

const FIXTURE = path.join(__dirname, '../fixtures/neural/tiny.renderer.onnx');

test("two songs → two person videos of the songs' lengths, with a report", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-batch-neural-'));
  try {
    const songs = [0.6, 1.0].map((s, i) => {
      const f = path.join(dir, `song${i}.wav`);
      execFileSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', `sine=frequency=${300 + 50 * i}:duration=${s}`, f]);
      return f;
    });
    const neural = await loadNeuralRenderer(FIXTURE, { allowFixture: true, threads: 1, log: () => {} });
    const report = await batch(
      songs.map((song, i) => ({ name: `s${i}`, song })),
      {
        out: path.join(dir, 'out'),
        formats: ['json', 'mp4'],
        neuralRenderer: neural,
        // Tracks of the songs' lengths with the jaw moving (no generator needed for this check).
        animate: async (item) => {
          const frames = item.name === 's0' ? 18 : 30;
          const t = createTrack(frames);
          for (let f = 0; f < frames; f++) t.expression[f * 52 + arkitIndex('jawOpen')] = (f % 10) / 10;
          return t;
        },
      },
    );
    await neural.dispose();
    expect(report.items.map((i) => i.status)).toEqual(['done', 'done']);
    const fps = neural.card.person.fps;
    for (const [i, seconds] of [
      [0, 0.6],
      [1, 1.0],
    ] as const) {
      const file = report.items[i].outputs.mp4!;
      const info = await probeVideo(file);
      let n = 0;
      for await (const _ of videoFrames(file, info)) n++;
      expect(n).toBe(Math.round(seconds * fps));
      expect(info.width).toBe(neural.card.person.camera.width);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
