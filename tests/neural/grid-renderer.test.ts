/**
 * The shipped GRID s1 renderer (models/renderers/, trained on GRID talker s1: Cooke, Barker,
 * Cunningham & Shao 2006, CC BY 4.0) through `musicface render --renderer`: a video of the person at his
 * video's size and rate with the song as sound, whose mouth opens when the track's jaw does.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ffmpegPath } from '../../src/audio/ffmpeg-binary';
import { probeAudio } from '../../src/audio/probe';
import renderCommand from '../../src/cli/commands/render';
import { arkitIndex } from '../../src/track/arkit';
import { createTrack } from '../../src/track/face-track';
import { trackToJson } from '../../src/track/track-json';
import { probeVideo, videoFrames } from '../../src/tracking/video-frames';

const MODEL = path.join(__dirname, '../../models/renderers/grid-s1.renderer.onnx');
const card = fs.existsSync(MODEL) ? JSON.parse(fs.readFileSync(MODEL.replace(/\.onnx$/, '.json'), 'utf8')) : null;

(card ? test : test.skip)('render SONG --track T --renderer grid-s1: 2 s of the speaker, mouth open only where the jaw is', async () => {
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
    expect(stderr).toMatch(/wrote .*song\.mp4 \(50 frames at 25 fps, 360×288; neural renderer on (cuda|webgpu|cpu)/);
    const info = await probeVideo(out);
    expect([info.width, info.height, info.fps]).toEqual([360, 288, 25]);
    expect((await probeAudio(out)).durationSeconds).toBeCloseTo(2, 1);
    const frames: Uint8Array[] = [];
    for await (const f of videoFrames(out, info)) frames.push(f.rgb);
    expect(frames.length).toBe(50);
    const c = card.person.crop;
    // Mean difference over the middle columns of a band of the face square (rows as shares of it).
    const band = (a: Uint8Array, b: Uint8Array, y0: number, y1: number) => {
      let s = 0, n = 0;
      for (let y = Math.round(c.y + y0 * c.size); y < c.y + y1 * c.size; y++) {
        for (let x = Math.round(c.x + 0.3 * c.size); x < c.x + 0.7 * c.size; x++) {
          for (let k = 0; k < 3; k++) s += Math.abs(a[3 * (y * 360 + x) + k] - b[3 * (y * 360 + x) + k]);
          n += 3;
        }
      }
      return s / n;
    };
    const closed = frames[12], open = frames[40];
    const mouth = band(closed, open, 0.55, 0.8);
    expect(mouth).toBeGreaterThan(4); // grey levels: a visible change
    expect(mouth).toBeGreaterThan(5 * band(closed, open, 0.1, 0.35)); // the forehead stays as it was
    expect(band(frames[12], frames[20], 0.55, 0.8)).toBeLessThan(mouth / 5); // a still track is a still mouth
  } finally {
    spy.mockRestore();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
