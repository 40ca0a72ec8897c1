/**
 * Stereo plate-style reverb: Jezar's Freeverb (eight damped feedback combs in parallel, four
 * allpasses in series, the right channel's delays 23 samples longer for width) behind a pre-delay.
 * Delay lengths are Freeverb's, tuned at 44.1 kHz and scaled to other rates.
 */
export interface ReverbParams {
  /** Seconds before the first reflection. */
  preDelay: number;
  /** Comb feedback, 0.7 (small room) … 0.98 (long hall). */
  roomSize: number;
  /** High-frequency damping in the combs, 0 … 1. */
  damping: number;
  /** Energy of the reverb return relative to the dry signal, dB. */
  wetDb: number;
}

const COMBS = [1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617];
const ALLPASSES = [556, 441, 341, 225];
const SPREAD = 23;

/**
 * The reverb return only (two channels, `x`'s length: the tail past the end is cut, as a mix would be).
 * Example: `const [wl, wr] = reverb(vocal, 44100, { preDelay: 0.03, roomSize: 0.84, damping: 0.4, wetDb: -12 })`
 */
export function reverb(x: Float32Array, sampleRate: number, p: ReverbParams): [Float32Array, Float32Array] {
  const scale = sampleRate / 44100;
  const pre = Math.round(p.preDelay * sampleRate);
  const inGain = 0.015; // Freeverb's fixed input gain
  const d = p.damping;
  const fb = p.roomSize;
  const wetL = [0, SPREAD].map((spread) => {
    // Each filter runs over the whole signal in turn (the same arithmetic as sample by sample, in
    // flat loops the JIT compiles well).
    const input = new Float32Array(x.length);
    for (let i = pre; i < x.length; i++) input[i] = x[i - pre] * inGain;
    const y = new Float32Array(x.length);
    for (const len of COMBS) {
      const buf = new Float32Array(Math.round((len + spread) * scale));
      const m = buf.length;
      let at = 0;
      let store = 0;
      for (let i = 0; i < x.length; i++) {
        const o = buf[at];
        store = o * (1 - d) + store * d;
        buf[at] = input[i] + store * fb;
        if (++at === m) at = 0;
        y[i] += o;
      }
    }
    for (const len of ALLPASSES) {
      const buf = new Float32Array(Math.round((len + spread) * scale));
      const m = buf.length;
      let at = 0;
      for (let i = 0; i < x.length; i++) {
        const b = buf[at];
        const v = y[i];
        buf[at] = v + b * 0.5;
        y[i] = b - v;
        if (++at === m) at = 0;
      }
    }
    return y;
  });
  // `wetDb` is the return's energy relative to the dry signal's, whatever the room size.
  const energy = (c: Float32Array) => c.reduce((s, v) => s + v * v, 0);
  const dry = energy(x);
  const rev = (energy(wetL[0]) + energy(wetL[1])) / 2;
  const g = rev > 0 ? Math.sqrt(dry / rev) * Math.pow(10, p.wetDb / 20) : 0;
  for (const c of wetL) for (let i = 0; i < c.length; i++) c[i] *= g;
  return [wetL[0], wetL[1]];
}
