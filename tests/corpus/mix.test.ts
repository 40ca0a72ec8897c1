import { integratedLoudness } from '../../src/corpus/mix/loudness';
import { mixSong } from '../../src/corpus/mix/mix-song';
import { readWav, readWavInt16, writeWavInt16 } from '../../src/corpus/mix/wav';

const sine = (freq: number, sr: number, seconds: number, amp = 1, phase = 0) =>
  Float32Array.from({ length: Math.round(sr * seconds) }, (_, i) => amp * Math.sin(2 * Math.PI * freq * (i / sr) + phase));

describe('BS.1770 loudness', () => {
  it('reads the standard reference: a full-scale 997 Hz sine in one channel is -3.01 LUFS', () => {
    expect(integratedLoudness([sine(997, 48000, 5)], 48000)).toBeCloseTo(-3.01, 1);
    expect(integratedLoudness([sine(997, 44100, 5)], 44100)).toBeCloseTo(-3.01, 1);
    // Both channels: +3 dB; half amplitude: -6 dB.
    expect(integratedLoudness([sine(997, 44100, 5), sine(997, 44100, 5)], 44100)).toBeCloseTo(0, 1);
    expect(integratedLoudness([sine(997, 44100, 5, 0.5)], 44100)).toBeCloseTo(-9.03, 1);
  });

  it('gates silence out: a tone with a long silence reads like the tone alone', () => {
    const tone = sine(997, 44100, 3, 0.5);
    const withGap = new Float32Array(tone.length * 3);
    withGap.set(tone, 0);
    // Ungated, two thirds of silence would read 4.8 dB lower; the gates leave only the blocks that
    // straddle the tone's end, a fraction of a dB.
    const alone = integratedLoudness([tone], 44100);
    const gated = integratedLoudness([withGap], 44100);
    expect(gated).toBeLessThanOrEqual(alone);
    expect(alone - gated).toBeLessThan(0.5);
  });
});

describe('mixSong', () => {
  const sr = 44100;
  // A "vocal" with rests and a "band" with a different tone in each channel.
  const vocal = sine(220, sr, 4, 0.3).map((v, i) => ((i / sr) % 1 < 0.6 ? v : 0));
  const band = [sine(110, sr, 4, 0.5), sine(165, sr, 4, 0.4, 1)];

  it('stores mixture = vocals + accompaniment exactly, peaking at -1 dBFS without clipping', () => {
    const mix = mixSong(vocal, band, sr, { balanceLU: 4 });
    let peak = 0;
    let mismatches = 0;
    for (let c = 0; c < 2; c++) {
      for (let i = 0; i < vocal.length; i++) {
        if (mix.mixture[c][i] !== mix.vocals[c][i] + mix.accompaniment[c][i]) mismatches++;
        peak = Math.max(peak, Math.abs(mix.mixture[c][i]), Math.abs(mix.vocals[c][i]), Math.abs(mix.accompaniment[c][i]));
      }
    }
    expect(mismatches).toBe(0);
    expect(20 * Math.log10(peak / 32768)).toBeCloseTo(-1, 1);
    // The vocal is centred: the same samples in both channels.
    expect(Buffer.from(mix.vocals[0].buffer).equals(Buffer.from(mix.vocals[1].buffer))).toBe(true);
  });

  it('sets the vocal the asked number of LU over the band', () => {
    for (const balance of [2, 5, 8]) {
      const mix = mixSong(vocal, band, sr, { balanceLU: balance });
      expect(mix.vocalLufs - mix.bandLufs).toBeCloseTo(balance, 1);
    }
  });
});

describe('16-bit WAV', () => {
  it('round-trips integer samples and is read by the generic reader', () => {
    const left = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
    const right = Int16Array.from([5, -5, 7, -7, 9, -9]);
    const bytes = writeWavInt16([left, right], 44100);
    expect(Buffer.from(bytes.subarray(0, 4)).toString()).toBe('RIFF');
    const back = readWavInt16(bytes);
    expect(back.sampleRate).toBe(44100);
    expect(Array.from(back.channels[0])).toEqual(Array.from(left));
    expect(Array.from(back.channels[1])).toEqual(Array.from(right));
    expect(readWav(bytes).channels[0][3]).toBeCloseTo(32767 / 32768, 6);
    expect(() => readWav(new Uint8Array(20), 'x.wav')).toThrow('x.wav: not a WAV file');
  });
});
