import * as path from 'node:path';
import { decodeAudio } from '../../src/audio/decode';
import { LEVEL_NORM, levelShift, normalizeLevel } from '../../src/features';
import { audioToMfcc } from '../../src/song-features';
import type { Audio } from '../../src/audio/audio';

const SONG = path.join(__dirname, '../../samples/synthetic-song.mp3');
const louder = (a: Audio, db: number): Audio => ({
  sampleRate: a.sampleRate,
  channels: a.channels.map((c) => c.map((x) => x * 10 ** (db / 20))),
});

describe('level normalisation of the features (a song at any gain sings the same)', () => {
  let audio: Audio;
  beforeAll(async () => {
    audio = await decodeAudio(SONG);
  });

  it('gives the same features for the same song 20 dB quieter and 6 dB louder', () => {
    const ref = normalizeLevel(audioToMfcc(audio), LEVEL_NORM);
    for (const db of [-20, 6]) {
      const raw = audioToMfcc(louder(audio, db));
      // before: column 0 (log frame energy) differs by the gain, 2·ln(10^(db/20)) = db·ln10/10
      expect(Math.abs(raw.data[26 * 300] - audioToMfcc(audio).data[26 * 300] - (db * Math.log(10)) / 10)).toBeLessThan(1e-3);
      const n = normalizeLevel(raw, LEVEL_NORM);
      let worst = 0;
      for (let i = 0; i < n.data.length; i++) worst = Math.max(worst, Math.abs(n.data[i] - ref.data[i]));
      // float32 MFCCs of a scaled signal; 1e-3 is far below one frame's energy change
      expect(worst).toBeLessThan(1e-3);
    }
  });

  it('leaves digital silence silent and never shifts by more than its limit', () => {
    const silent: Audio = { sampleRate: 16000, channels: [new Float32Array(16000)] };
    const m = audioToMfcc(silent);
    expect(levelShift(m, LEVEL_NORM)).toBe(0);
    expect(Array.from(normalizeLevel(m, LEVEL_NORM).data)).toEqual(Array.from(m.data));
    const whisper = audioToMfcc(louder(audio, -80));
    expect(Math.abs(levelShift(whisper, LEVEL_NORM))).toBeLessThanOrEqual(LEVEL_NORM.maxShift);
  });
});
