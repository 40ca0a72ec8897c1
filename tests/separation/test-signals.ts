import type { Audio } from '../../src/audio/audio';

/**
 * A deterministic stereo test song: a few partials per channel (different in L and R), all inside
 * [lo, hi] Hz, faded in and out over 50 ms so that it is band-limited at its ends too (a step from
 * silence has energy at every frequency, and the ONNX separators keep only their models' bands).
 */
export function toneMix(sampleRate: number, seconds: number, channels = 2, lo = 110, hi = 8000): Audio {
  const n = Math.round(sampleRate * seconds);
  const freqs = [110, 233, 440, 987, 1760, 3520, 5274, 7902].filter((f) => f >= lo && f <= hi);
  return {
    sampleRate,
    channels: Array.from({ length: channels }, (_, c) => {
      // Partials by complex rotation (one sin/cos per partial, not per sample), summed in a plain array:
      // typed-array writes are slow inside Jest's sandbox (its typed arrays come from the main realm).
      const x = new Array<number>(n).fill(0);
      freqs.forEach((f, j) => {
        const a = 0.08 * (1 + 0.5 * Math.sin(j + c));
        const w = (2 * Math.PI * f) / sampleRate;
        const cw = Math.cos(w);
        const sw = Math.sin(w);
        let re = Math.cos(j * (c + 1));
        let im = Math.sin(j * (c + 1));
        for (let i = 0; i < n; i++) {
          x[i] += a * im;
          const r = re * cw - im * sw;
          im = re * sw + im * cw;
          re = r;
        }
      });
      const fade = Math.round(0.05 * sampleRate);
      for (let i = 0; i < fade && i < n; i++) {
        const g = 0.5 - 0.5 * Math.cos((Math.PI * i) / fade);
        x[i] *= g;
        x[n - 1 - i] *= g;
      }
      return Float32Array.from(x);
    }),
  };
}

/** Largest |a − b| over all channels and samples (the lengths must match). */
export function maxAbsDiff(a: Audio, b: Audio | ((c: number, i: number) => number)): number {
  let m = 0;
  a.channels.forEach((ch, c) => {
    for (let i = 0; i < ch.length; i++) {
      const want = typeof b === 'function' ? b(c, i) : b.channels[c][i];
      m = Math.max(m, Math.abs(ch[i] - want));
    }
  });
  return m;
}

export function peak(a: Audio): number {
  return a.channels.reduce((m, ch) => ch.reduce((p, v) => Math.max(p, Math.abs(v)), m), 0);
}
