/**
 * Issue 19, item 5: 20 kB of garbage in the middle of an mp3 made the decoder skip ~1.3 s without a
 * word, so everything after it was early. Now: a warning naming the time range and the lost seconds,
 * or `DamagedAudioError` with `strict`.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { animateSong } from '../../src/animate';
import { decodeAudio, streamAudio } from '../../src/audio/decode';
import { DamagedAudioError } from '../../src/audio/decode-damage';
import { ffmpegPath } from '../../src/audio/ffmpeg-binary';
import { tempDir } from './test-audio-files';

const FIXTURE = path.join(__dirname, '../fixtures/generator/fixture-random.json');
let dir: string;
let clean: string;
let damaged: string;
let damageAt: number; // seconds: where the garbage starts, from its byte offset at 128 kb/s (16 kB/s)

beforeAll(() => {
  dir = tempDir('mf-damaged-');
  clean = path.join(dir, 'clean.mp3');
  // 20 s of a tone at 128 kb/s: 16 kB per second of song.
  execFileSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=20', '-ac', '2', '-b:a', '128k', clean]);
  const bytes = fs.readFileSync(clean);
  const garbage = Buffer.from(Array.from({ length: 20000 }, (_, i) => (i * 7919 + 13) % 251));
  garbage.copy(bytes, bytes.length >> 1); // overwrite 20 kB (~1.25 s) in the middle
  damageAt = (bytes.length >> 1) / 16000;
  damaged = path.join(dir, 'damaged.mp3');
  fs.writeFileSync(damaged, bytes);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a clean mp3 decodes without a warning', async () => {
  const warnings: string[] = [];
  const audio = await decodeAudio(clean, { onWarning: (m) => warnings.push(m) });
  expect(audio.channels[0].length / audio.sampleRate).toBeCloseTo(20, 1);
  expect(warnings).toEqual([]);
});

test('garbage mid-file: one warning naming the file, the time of the damage and the ~1.3 s lost', async () => {
  const warnings: string[] = [];
  const audio = await decodeAudio(damaged, { onWarning: (m) => warnings.push(m) });
  const lost = 20 - audio.channels[0].length / audio.sampleRate;
  expect(lost).toBeGreaterThan(1); // measured: 1.3 s
  expect(warnings).toHaveLength(1);
  const m = /^.*damaged\.mp3: damaged audio around 0:(\d\d\.\d) could not be decoded; (\d\.\d) s are missing there/.exec(warnings[0]);
  expect(m).not.toBeNull();
  // Placed from FFmpeg's own log (frames and errors in one ordered stream), so exact to a frame or two
  // however loaded the machine is: it raced the PCM pipe before (0:14–0:17.6 named for damage at 0:10).
  expect(Math.abs(Number(m![1]) - damageAt)).toBeLessThan(0.2);
  expect(Math.abs(Number(m![2]) - lost)).toBeLessThan(0.1);
});

test('strict: DamagedAudioError naming the file, from streamAudio and from animateSong', async () => {
  const consume = async () => {
    for await (const _ of streamAudio(damaged, { strict: true })) void _;
  };
  await expect(consume()).rejects.toThrow(DamagedAudioError);
  await expect(consume()).rejects.toThrow(/damaged\.mp3: damaged audio around 0:\d\d\.\d .*--strict/);
  const refused = await consume().catch((e: Error) => e.message);
  expect(Math.abs(Number(/around 0:(\d\d\.\d)/.exec(String(refused))![1]) - damageAt)).toBeLessThan(0.2);
  await expect(animateSong(damaged, { model: FIXTURE, allowFixture: true, threads: 1, strict: true })).rejects.toThrow(DamagedAudioError);
});

test('animateSong without strict: the track is made and the warning reaches onWarning', async () => {
  const warnings: string[] = [];
  const track = await animateSong(damaged, { model: FIXTURE, allowFixture: true, threads: 1, onWarning: (m) => warnings.push(m) });
  expect(track.frameCount).toBeGreaterThan(500);
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(/damaged\.mp3: damaged audio around/);
});
