/** Reading a person's video: size and rate from FFmpeg's report, frames one at a time, plain errors. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseVideoInfo, probeVideo, videoFrames } from '../../src/video';
import { GRID_CLIP, haveGrid, testIf } from './helpers';

test('parses the video stream of an FFmpeg report', () => {
  const log = [
    "Input #0, mpeg, from 'bbaf2n.mpg':",
    '  Duration: 00:00:03.00, start: 0.000000, bitrate: 1206 kb/s',
    '    Stream #0:0[0x1e0]: Video: mpeg1video, yuv420p(tv), 360x288 [SAR 1:1 DAR 5:4], 104857 kb/s, 25 fps, 25 tbr, 90k tbn, 25 tbc',
    '    Stream #0:1[0x1c0]: Audio: mp2, 44100 Hz, stereo, s16p, 224 kb/s',
  ].join('\n');
  expect(parseVideoInfo(log)).toEqual({ width: 360, height: 288, fps: 25, durationSeconds: 3 });
  expect(
    parseVideoInfo('    Stream #0:0(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p, 1280x720, 2000 kb/s, 29.97 fps, 29.97 tbr'),
  ).toMatchObject({ width: 1280, height: 720, fps: 29.97 });
  expect(parseVideoInfo('    Stream #0:0: Audio: mp3, 44100 Hz, stereo')).toBeUndefined();
});

testIf(haveGrid(), 'needs ../shared/data/video/grid-s1')(
  'decodes every frame of a GRID clip (75 frames of 360×288 RGB, not all alike)',
  async () => {
    const info = await probeVideo(GRID_CLIP);
    expect(info).toMatchObject({ width: 360, height: 288, fps: 25 });
    let n = 0;
    let first: Uint8Array | null = null;
    let changed = 0;
    for await (const f of videoFrames(GRID_CLIP, info)) {
      expect(f.index).toBe(n++);
      expect(f.rgb.length).toBe(360 * 288 * 3);
      first ??= f.rgb;
      let diff = 0;
      for (let i = 0; i < f.rgb.length; i += 97) diff += Math.abs(f.rgb[i] - first[i]);
      if (diff > 0) changed++;
    }
    expect(n).toBe(75);
    expect(changed).toBeGreaterThan(50);
  },
);

test.each([
  ['missing.mp4', null, /missing\.mp4: file not found/],
  ['empty.mp4', '', /empty\.mp4: empty file \(0 bytes\)/],
  ['text.mp4', 'this is not a video\n'.repeat(50), /text\.mp4: not a video FFmpeg can read/],
])('bad video %s: one sentence naming the file', async (name, content, message) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-video-'));
  const file = path.join(dir, name);
  if (content !== null) fs.writeFileSync(file, content);
  await expect(probeVideo(file)).rejects.toThrow(message);
  fs.rmSync(dir, { recursive: true, force: true });
});
