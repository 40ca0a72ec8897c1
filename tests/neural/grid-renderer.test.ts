/**
 * The shipped renderers (models/renderers/: GRID talker s1 — Cooke, Barker, Cunningham & Shao 2006,
 * CC BY 4.0 — and the synthetic subject) through `musicface render --renderer`: a video of the person at
 * their video's size and rate with the song as sound, whose mouth opens when the track's jaw does.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ffmpegPath } from '../../src/audio/ffmpeg-binary';
import { probeAudio } from '../../src/audio/probe';
import renderCommand from '../../src/cli/commands/render';
import { arkitIndex } from '../../src/track/arkit';
import { createTrack } from '../../src/track/face-track';
import { trackToJson } from '../../src/track/track-json';
import { probeVideo, videoFrames } from '../../src/video';

// name, the person's video: width, height, frame rate (GRID's clips are 360×288 at 25 fps; the
// synthetic subject was rendered at 832² and 30 fps by training/renderer/reproduce-synthetic.sh)
const RENDERERS: [string, number, number, number][] = [
  ['grid-s1', 360, 288, 25],
  ['synthetic-subject', 832, 832, 30],
];

test.each(RENDERERS)(
  'render SONG --track T --renderer %s: 2 s of the person, mouth open only where the jaw is',
  async (name, W, H, fps) => {
    const MODEL = path.join(__dirname, `../../models/renderers/${name}.renderer.onnx`);
    const card = JSON.parse(fs.readFileSync(MODEL.replace(/\.onnx$/, '.json'), 'utf8'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-grid-render-'));
    let stderr = '';
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
    try {
      const song = path.join(dir, 'song.wav');
      execFileSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=220:duration=2', song]);
      const track = createTrack(60); // 2 s at 30 fps: jaw closed, then open
      for (let t = 30; t < 60; t++) track.expression[t * 52 + arkitIndex('jawOpen')] = 0.7;
      const trackFile = path.join(dir, 'song.json');
      fs.writeFileSync(trackFile, trackToJson(track));
      const out = path.join(dir, 'song.mp4');
      expect(await renderCommand.run([song, '--track', trackFile, '--renderer', MODEL, '-q', '-o', out])).toBe(0);
      expect(stderr).toMatch(
        new RegExp(`wrote .*song\\.mp4 \\(${2 * fps} frames at ${fps} fps, ${W}×${H}; neural renderer on (cuda|webgpu|cpu)`),
      );
      const info = await probeVideo(out);
      expect([info.width, info.height, info.fps]).toEqual([W, H, fps]);
      expect((await probeAudio(out)).durationSeconds).toBeCloseTo(2, 1);
      const frames: Uint8Array[] = [];
      for await (const f of videoFrames(out, info)) frames.push(f.rgb);
      expect(frames.length).toBe(2 * fps);
      const c = card.person.crop;
      // Mean difference over the middle columns of a band of the face square (rows as shares of it).
      const band = (a: Uint8Array, b: Uint8Array, y0: number, y1: number) => {
        let s = 0,
          n = 0;
        for (let y = Math.round(c.y + y0 * c.size); y < c.y + y1 * c.size; y++) {
          for (let x = Math.round(c.x + 0.3 * c.size); x < c.x + 0.7 * c.size; x++) {
            for (let k = 0; k < 3; k++) s += Math.abs(a[3 * (y * W + x) + k] - b[3 * (y * W + x) + k]);
            n += 3;
          }
        }
        return s / n;
      };
      // frames at 0.48 s, 0.8 s (jaw closed) and 1.6 s (open)
      const closed = frames[Math.round(0.48 * fps)],
        still = frames[Math.round(0.8 * fps)],
        open = frames[Math.round(1.6 * fps)];
      const mouth = band(closed, open, 0.55, 0.8);
      expect(mouth).toBeGreaterThan(4); // grey levels: a visible change
      expect(mouth).toBeGreaterThan(5 * band(closed, open, 0.1, 0.35)); // the forehead stays as it was
      expect(band(closed, still, 0.55, 0.8)).toBeLessThan(mouth / 5); // a still track is a still mouth
    } finally {
      spy.mockRestore();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
