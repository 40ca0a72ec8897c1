/**
 * The MP4 a user gets: H.264 + AAC, yuv420p, moov first (+faststart), one video frame per track frame,
 * as long as the song, and frame i of the track is the frame shown at i/30 s. Checked with Debian's
 * ffprobe/ffmpeg (an independent decoder), not with anything of ours.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ffmpegPath } from '../../src/audio/ffmpeg-binary';
import { renderVideo } from '../../src/render/render-video';
import type { Rig } from '../../src/retarget/rig';
import { arkitIndex, ARKIT_COUNT } from '../../src/track/arkit';
import { createTrack } from '../../src/track/face-track';
import { haveChromium, testIf, testRig } from './helpers';

const haveFfprobe = (() => {
  try {
    execFileSync('ffprobe', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const probe = (file: string, args: string[]) =>
  JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-of', 'json', ...args, file]).toString());

let dir: string;
let rig: Rig | null;
let song: string;
beforeAll(async () => {
  rig = await testRig();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-render-'));
  // A 2.5 s song made here: a 220 Hz tone, MP3 like most users' files.
  song = path.join(dir, 'song.mp3');
  execFileSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=220:duration=2.5', '-ac', '2', '-ar', '44100', song]);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const ok = haveChromium() && haveFfprobe;
const JAW_FRAME = 37;

testIf(ok, 'needs chromium and ffprobe (.ci/apt/render.txt)')(
  'MP4: h264 + aac yuv420p, faststart, frame count and duration, frame-exact jaw',
  async () => {
    if (!rig) return console.warn('skipped: no rig');
    const songSeconds = Number(probe(song, ['-show_entries', 'format=duration']).format.duration);
    const frames = Math.round(songSeconds * 30);
    const track = createTrack(frames);
    track.expression[JAW_FRAME * ARKIT_COUNT + arkitIndex('jawOpen')] = 1; // one open-mouth frame
    const out = path.join(dir, 'out.mp4');
    const events: number[] = [];
    const result = await renderVideo(track, song, out, { rig, size: 128, onProgress: (e) => events.push(e.done) });
    expect(result.frames).toBe(frames);
    expect(events[events.length - 1]).toBe(frames);

    const streams = probe(out, [
      '-count_frames',
      '-show_entries',
      'stream=codec_type,codec_name,pix_fmt,width,height,nb_read_frames,duration',
    ]).streams;
    const v = streams.find((s: { codec_type: string }) => s.codec_type === 'video');
    const a = streams.find((s: { codec_type: string }) => s.codec_type === 'audio');
    expect([v.codec_name, v.pix_fmt, v.width, v.height]).toEqual(['h264', 'yuv420p', 128, 128]);
    expect(a.codec_name).toBe('aac');
    expect(Number(v.nb_read_frames)).toBe(frames);
    const duration = Number(probe(out, ['-show_entries', 'format=duration']).format.duration);
    expect(Math.abs(duration - songSeconds)).toBeLessThanOrEqual(1 / 30 + 1e-3);
    expect(Math.abs(Number(v.duration) - frames / 30)).toBeLessThan(1e-3);

    // +faststart: the top-level 'moov' box comes before 'mdat'.
    const bytes = fs.readFileSync(out);
    const boxes: string[] = [];
    for (let at = 0; at + 8 <= bytes.length; ) {
      const size = bytes.readUInt32BE(at);
      boxes.push(bytes.toString('latin1', at + 4, at + 8));
      if (size < 8) break;
      at += size;
    }
    expect(boxes.indexOf('moov')).toBeGreaterThan(-1);
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));

    // Frame i is shown at i/30 s ...
    const pts = probe(out, ['-select_streams', 'v', '-show_entries', 'frame=pts_time']).frames.map((f: { pts_time: string }) =>
      Number(f.pts_time),
    );
    pts.forEach((t: number, i: number) => expect(Math.abs(t - i / 30)).toBeLessThan(1e-3));
    // ... and shows track frame i: decoded, only frame JAW_FRAME differs from its neighbours.
    const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', out, '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'], { maxBuffer: 1 << 26 });
    const px = 128 * 128;
    const diff = (i: number, j: number) => {
      let s = 0;
      for (let k = 0; k < px; k++) s += Math.abs(raw[i * px + k] - raw[j * px + k]);
      return s / px;
    };
    const changes = Array.from({ length: frames - 1 }, (_, i) => diff(i, i + 1));
    const big = changes
      .map((d, i) => [d, i] as const)
      .filter(([d]) => d > 1)
      .map(([, i]) => i);
    expect(big).toEqual([JAW_FRAME - 1, JAW_FRAME]); // the change into and out of the open-mouth frame
  },
);

testIf(ok, 'needs chromium and ffprobe (.ci/apt/render.txt)')('same track, same song, same options: byte-identical MP4', async () => {
  if (!rig) return console.warn('skipped: no rig');
  const track = createTrack(20);
  for (let t = 0; t < 20; t++) track.expression[t * ARKIT_COUNT + arkitIndex('jawOpen')] = t / 19;
  const a = path.join(dir, 'a.mp4');
  const b = path.join(dir, 'b.mp4');
  await renderVideo(track, song, a, { rig, size: 64 });
  await renderVideo(track, song, b, { rig, size: 64 });
  expect(fs.readFileSync(a).equals(fs.readFileSync(b))).toBe(true);
});

test('a song FFmpeg cannot read: one error naming the file, no file left behind', async () => {
  const bad = path.join(dir, 'broken.mp3');
  fs.writeFileSync(bad, Buffer.from('this is not audio at all'.repeat(100)));
  const out = path.join(dir, 'broken.mp4');
  const err = await renderVideo(createTrack(10), bad, out, { rig: rig ?? undefined, size: 64 }).catch((e: Error) => e);
  expect(err).toBeInstanceOf(Error);
  expect((err as Error).message).toContain('broken.mp3');
  expect((err as Error).message.split('\n')).toHaveLength(1);
  expect(fs.readdirSync(dir).filter((f) => f.includes('broken.mp4'))).toEqual([]);
});
