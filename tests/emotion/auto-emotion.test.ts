import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ffmpegPath } from '../../src/audio/ffmpeg-binary';
import { decodeAudio } from '../../src/audio/decode';
import type { Audio } from '../../src/audio/audio';
import { estimateValenceArousal } from '../../src/emotion/music-emotion';
import { videoFrameCount } from '../../src/features';
import { songFeatures } from '../../src/song-features';

// The auto mood on 20 s of a real song (../shared/data, not shipped), changed the way a composer would.
const SONG = path.join(__dirname, '../../../shared/data/audio/francium-55-115s-mixture.flac');
const maybe = fs.existsSync(SONG) ? describe : describe.skip;
if (!fs.existsSync(SONG)) console.warn(`auto-emotion test skipped: ${SONG} is absent`);

const mean = (x: Float32Array, from: number, to: number) => {
  let s = 0;
  for (let t = from; t < to; t++) s += x[t];
  return s / (to - from);
};
async function mood(audio: Audio) {
  const streams = await songFeatures(audio, false, {});
  return estimateValenceArousal(streams, videoFrameCount(streams.duration), 30);
}

maybe('auto emotion on a real song', () => {
  let song: Audio;
  let base: { valence: Float32Array; arousal: Float32Array };
  beforeAll(async () => {
    const full = await decodeAudio(SONG);
    song = { sampleRate: full.sampleRate, channels: full.channels.map((c) => c.slice(0, 20 * full.sampleRate)) };
    base = await mood(song);
  }, 120000);

  it('reads a passage played 15 dB softer as calmer (loudness → arousal, Juslin & Laukka 2003)', async () => {
    const n = 10 * song.sampleRate;
    const soft = { sampleRate: song.sampleRate, channels: song.channels.map((c) => c.map((v, i) => (i >= n ? v * 10 ** (-15 / 20) : v))) };
    const m = await mood(soft);
    // Seconds 13–19: well inside the softened half, past the 2 s windows' reach across the edge.
    const before = mean(base.arousal, 13 * 30, 19 * 30);
    const after = mean(m.arousal, 13 * 30, 19 * 30);
    console.log(`arousal 13–19 s: as recorded ${before.toFixed(3)}, 15 dB softer ${after.toFixed(3)}`);
    expect(after).toBeLessThan(before - 0.05);
  }, 120000);

  it('reads the song slowed to 70 % tempo (same pitch) as calmer and less positive (tempo → arousal and valence)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-auto-'));
    try {
      const slow = path.join(dir, 'slow.wav');
      execFileSync(ffmpegPath(), ['-v', 'error', '-t', '20', '-i', SONG, '-af', 'atempo=0.7', slow]);
      const m = await mood(await decodeAudio(slow));
      const T = Math.min(m.arousal.length, base.arousal.length);
      console.log(
        `mean valence ${mean(base.valence, 0, T).toFixed(3)} → ${mean(m.valence, 0, m.valence.length).toFixed(3)}, arousal ${mean(base.arousal, 0, T).toFixed(3)} → ${mean(m.arousal, 0, m.arousal.length).toFixed(3)}`,
      );
      expect(mean(m.arousal, 0, m.arousal.length)).toBeLessThan(mean(base.arousal, 0, base.arousal.length) - 0.05);
      expect(mean(m.valence, 0, m.valence.length)).toBeLessThan(mean(base.valence, 0, base.valence.length) - 0.05);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120000);
});
