import type { Audio } from '../../src/audio/audio';
import { estimateValenceArousal } from '../../src/emotion/music-emotion';
import { videoFrameCount } from '../../src/features';
import { type SongStreams, StreamFeaturizer } from '../../src/song-features';

// The same 24 s of music twice, once in C major and once in C minor: same tempo, loudness, register and
// rhythm, only the thirds (and sixths) differ. Music psychology's strongest valence cue is mode
// (Gabrielsson & Lindström 2010, Table 14.2; Juslin & Laukka 2003, Table 11), and the composer's truth
// gives mode 0.6 of valence (corpus/composer/emotion-labels.ts), so the major version must read as
// clearly more positive while arousal, which mode does not move, stays about the same.
const RATE = 16000;
const BPM = 100;
const freq = (midi: number) => 440 * 2 ** ((midi - 69) / 12);

const notes = new Map<string, Float32Array>();
/** A harmonic tone (partials 1–6 at 1/k) with a 10 ms attack and an exponential decay, made once per pitch and length. */
function note(midi: number, seconds: number): Float32Array {
  const key = `${midi}:${seconds}`;
  let x = notes.get(key);
  if (!x) {
    x = new Float32Array(Math.round(seconds * RATE));
    for (let i = 0; i < x.length; i++) {
      const t = i / RATE;
      let v = 0;
      for (let k = 1; k <= 6; k++) v += Math.sin(2 * Math.PI * k * freq(midi) * t) / k;
      x[i] = Math.min(1, t / 0.01) * Math.exp(-t / 0.6) * v;
    }
    notes.set(key, x);
  }
  return x;
}

function tone(out: Float32Array, midi: number, start: number, seconds: number, gain: number): void {
  const x = note(midi, seconds);
  const a = Math.round(start * RATE);
  for (let i = 0; i < x.length && a + i < out.length; i++) out[a + i] += gain * x[i];
}

function song(mode: 'major' | 'minor'): SongStreams {
  const third = mode === 'major' ? 4 : 3;
  const sixth = mode === 'major' ? 9 : 8;
  // I–IV–V–I / i–iv–v–i on C (48), one chord per bar of four beats, struck on each beat.
  const bars = [
    [0, third, 7],
    [5, sixth, 12],
    [7, mode === 'major' ? 11 : 10, 14],
    [0, third, 7],
  ];
  // A melody on the chord tones, eighth notes, an octave and a fifth above.
  const melody = [
    [0, third, 7, third],
    [sixth, 5, sixth, 12],
    [7, 14, 7, mode === 'major' ? 11 : 10],
    [third, 0, third, 0],
  ];
  const seconds = 24;
  const beat = 60 / BPM;
  const band = new Float32Array(seconds * RATE);
  const voice = new Float32Array(seconds * RATE);
  for (let b = 0; b * 4 * beat < seconds; b++) {
    const chord = bars[b % 4];
    for (let q = 0; q < 4; q++) {
      const t = (b * 4 + q) * beat;
      tone(band, 36 + chord[0], t, beat, 0.05);
      for (const p of chord) tone(band, 48 + p, t, beat, 0.03);
      const m = melody[b % 4][q];
      tone(voice, 60 + m, t, beat / 2, 0.04);
      tone(voice, 60 + m, t + beat / 2, beat / 2, 0.03);
    }
  }
  const v = new StreamFeaturizer();
  const a = new StreamFeaturizer(undefined, true);
  const audio = (x: Float32Array): Audio => ({ sampleRate: RATE, channels: [x] });
  v.push(audio(voice));
  a.push(audio(band));
  const vocals = v.finish();
  const accompaniment = a.finish();
  return { vocals, accompaniment, chroma: { accompaniment: a.finishChroma() }, duration: seconds, separator: 'none' };
}

const mean = (x: Float32Array) => x.reduce((s, v) => s + v, 0) / x.length;

describe('auto emotion hears the mode', () => {
  const songs = { major: song('major'), minor: song('minor') };

  it('reads the C major version as more positive than the C minor one, with the same arousal', () => {
    const moods = (['major', 'minor'] as const).map((mode) => {
      const s = songs[mode];
      return estimateValenceArousal(s, videoFrameCount(s.duration), 30);
    });
    const [major, minor] = moods.map((m) => ({ valence: mean(m.valence), arousal: mean(m.arousal) }));
    console.log(
      `major: valence ${major.valence.toFixed(3)}, arousal ${major.arousal.toFixed(3)}; minor: valence ${minor.valence.toFixed(3)}, arousal ${minor.arousal.toFixed(3)}`,
    );
    // Half the composer's mode share of valence (0.6 · 2 = 1.2 from minor to major).
    expect(major.valence - minor.valence).toBeGreaterThan(0.6);
    expect(Math.abs(major.arousal - minor.arousal)).toBeLessThan(0.1);
  });

  it('without the chroma rows reads no mode (both versions alike)', () => {
    const [major, minor] = (['major', 'minor'] as const).map((mode) => {
      const { chroma: _, ...s } = songs[mode];
      return mean(estimateValenceArousal(s, videoFrameCount(s.duration), 30).valence);
    });
    expect(Math.abs(major - minor)).toBeLessThan(0.1);
  });
});
