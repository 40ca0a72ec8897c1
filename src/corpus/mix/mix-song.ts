import { integratedLoudness } from './loudness';
import { withDefaults } from '../../runtime';
import type { Defaults } from '../../runtime';

export interface MixOptions {
  /** Vocal loudness above the band, LU (a pop mix is about 4; the corpus varies it 2–8). */
  balanceLU: number;
  /** Peak of the loudest of mixture, vocals and accompaniment, dBFS. */
  peakDb?: number;
}

export const MIX_DEFAULTS: Defaults<Omit<MixOptions, 'balanceLU'>> = Object.freeze({ peakDb: -1 });

export interface Mix {
  /** 16-bit stems and mixture, two channels each; mixture[c][i] === vocals[c][i] + accompaniment[c][i]. */
  vocals: Int16Array[];
  /** The lead alone (mono, dry), at the gain it has in `vocals`, when one was given. */
  lead?: Int16Array;
  accompaniment: Int16Array[];
  mixture: Int16Array[];
  /** Integrated loudness of the stored stems, LUFS. */
  vocalLufs: number;
  bandLufs: number;
}

/**
 * Centres a mono vocal (a stereo one, with its backing vocals and reverb, is taken as it is), sets it `balanceLU` above the band (BS.1770 integrated loudness), scales both by
 * one gain so the loudest signal peaks at `peakDb`, quantises each stem to 16 bits and sums the
 * integers: the stored mixture is exactly vocals + accompaniment, and cannot clip (the peak is
 * 1 dB under full scale, far more than the one-unit rounding of the sum).
 * Example: `const mix = mixSong(vocal44k, [bandL, bandR], 44100, { balanceLU: 4 })`
 */
export function mixSong(
  vocalIn: Float32Array | Float32Array[],
  band: Float32Array[],
  sampleRate: number,
  options: MixOptions,
  lead?: Float32Array,
): Mix {
  const { balanceLU, peakDb } = withDefaults(MIX_DEFAULTS, options);
  const [vl, vr] = Array.isArray(vocalIn) ? vocalIn : [vocalIn, vocalIn];
  const n = vl.length;
  if (vr.length !== n) throw new Error('mixSong: the vocal channels differ in length');
  if (band.length !== 2 || band.some((c) => c.length !== n)) throw new Error('mixSong: band must be stereo and as long as the vocal');
  const lv = integratedLoudness([vl, vr], sampleRate);
  const lb = integratedLoudness(band, sampleRate);
  if (!Number.isFinite(lv) || !Number.isFinite(lb)) throw new Error('mixSong: vocal or band is silent');
  let gv = Math.pow(10, (lb + balanceLU - lv) / 20);
  let gb = 1;
  let peak = 0;
  for (let i = 0; i < n; i++) {
    const l = gv * vl[i];
    const r = gv * vr[i];
    peak = Math.max(
      peak,
      Math.abs(l),
      Math.abs(r),
      Math.abs(gb * band[0][i]),
      Math.abs(gb * band[1][i]),
      Math.abs(l + gb * band[0][i]),
      Math.abs(r + gb * band[1][i]),
    );
  }
  const g = Math.pow(10, peakDb / 20) / peak;
  gv *= g;
  gb *= g;
  const q = (x: number) => Math.max(-32768, Math.min(32767, Math.round(x * 32768)));
  const quantise = (c: Float32Array) => {
    const out = new Int16Array(n);
    for (let i = 0; i < n; i++) out[i] = q(gv * c[i]);
    return out;
  };
  const vL = quantise(vl);
  const vocals = [vL, vr === vl ? vL.slice() : quantise(vr)];
  const accompaniment = band.map((c) => {
    const a = new Int16Array(n);
    for (let i = 0; i < n; i++) a[i] = q(gb * c[i]);
    return a;
  });
  const mixture = [0, 1].map((c) => {
    const m = new Int16Array(n);
    for (let i = 0; i < n; i++) {
      const s = vocals[c][i] + accompaniment[c][i];
      if (s > 32767 || s < -32768) throw new Error('mixSong: the mixture clipped; peakDb must be below 0');
      m[i] = s;
    }
    return m;
  });
  const f = (ch: Int16Array[]) => integratedLoudness(ch.map(toFloat), sampleRate);
  return { vocals, lead: lead ? quantise(lead) : undefined, accompaniment, mixture, vocalLufs: f(vocals), bandLufs: f(accompaniment) };
}

function toFloat(c: Int16Array): Float32Array {
  const out = new Float32Array(c.length);
  for (let i = 0; i < c.length; i++) out[i] = c[i] / 32768;
  return out;
}
