/**
 * Issue 19, item 7: NaN/Inf samples (a damaged float WAV, or PCM handed to the library) used to come
 * out as a track of NaN weights ("invalid face track: … is NaN"). Now they are repaired at decode with
 * a warning naming the file and the time (refused with strict), and refused in PCM given to animateSong.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { animateSong } from '../../src/animate';
import { InvalidAudioError } from '../../src/audio/check-audio';
import { decodeAudio } from '../../src/audio/decode';
import { DamagedAudioError } from '../../src/audio/decode-damage';
import { validateTrack } from '../../src/track/validate';
import { tempDir, tones, writeWav } from './test-audio-files';

const FIXTURE = path.join(__dirname, '../fixtures/generator/fixture-random.json');
const RATE = 44100;
let dir: string;
let nanWav: string;

/** 2 s of stereo tones with a NaN at 0.2 s (left) and +Inf at 0.5 s (right). */
function damagedTones() {
  const audio = tones(RATE, 2, [
    [220, 0.3],
    [330, 0.3],
  ]);
  audio.channels[0][Math.round(0.2 * RATE)] = NaN;
  audio.channels[1][Math.round(0.5 * RATE)] = Infinity;
  return audio;
}

beforeAll(() => {
  dir = tempDir('mf-nan-');
  nanWav = writeWav(path.join(dir, 'nan.wav'), damagedTones(), 32); // 32 = IEEE float samples
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('decode: the two bad samples become silence, with one warning naming the file and the times', async () => {
  const warnings: string[] = [];
  const audio = await decodeAudio(nanWav, { onWarning: (m) => warnings.push(m) });
  for (const c of audio.channels) expect(c.every(Number.isFinite)).toBe(true);
  expect(audio.channels[0][Math.round(0.2 * RATE)]).toBe(0);
  expect(warnings).toEqual([`${nanWav}: 2 samples between 0:00.2 and 0:00.5 are not a number (NaN or infinite); played as silence`]);
});

test('animateSong of that file: a valid track (no NaN) and the warning; strict refuses it naming the time', async () => {
  const warnings: string[] = [];
  const track = await animateSong(nanWav, { model: FIXTURE, allowFixture: true, threads: 1, onWarning: (m) => warnings.push(m) });
  expect(validateTrack(track)).toEqual([]);
  expect(warnings).toHaveLength(1);
  await expect(animateSong(nanWav, { model: FIXTURE, allowFixture: true, threads: 1, strict: true })).rejects.toThrow(DamagedAudioError);
  await expect(decodeAudio(nanWav, { strict: true })).rejects.toThrow(
    /nan\.wav: has samples that are not numbers \(NaN or infinite\) at 0:00\.2/,
  );
});

test('PCM with a NaN given to animateSong: InvalidAudioError naming the sample and its time, before any work', async () => {
  const audio = damagedTones();
  const err = await animateSong(audio, { model: FIXTURE, allowFixture: true, threads: 1 }).catch((e) => e);
  expect(err).toBeInstanceOf(InvalidAudioError);
  expect(err.message).toBe(`audio: sample ${Math.round(0.2 * RATE)} of channel 0 (at 0:00.2) is NaN, not a finite number`);
});
