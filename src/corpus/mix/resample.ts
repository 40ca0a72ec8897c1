import { withDefaults } from '../options';
export interface ResampleOptions {
  /** Half the filter length, in samples of the lower of the two rates. */
  halfWidth?: number;
  /** Pass band edge as a fraction of the lower Nyquist frequency. */
  cutoff?: number;
  /** Kaiser window shape. */
  beta?: number;
}

export const RESAMPLE_DEFAULTS: Required<ResampleOptions> = { halfWidth: 16, cutoff: 0.94, beta: 8 };

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 40; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}

/**
 * Band-limited rational resampling (polyphase Kaiser-windowed sinc), e.g. Festival's 16 kHz to 44.1 kHz.
 * Output length is round(input length × to / from); output sample n sits at input time n·from/to.
 * Example: `const y = resample(x, 16000, 44100)`
 */
export function resample(x: Float32Array, from: number, to: number, options: ResampleOptions = {}): Float32Array {
  if (from === to) return x.slice();
  const { halfWidth, cutoff, beta } = withDefaults(RESAMPLE_DEFAULTS, options);
  const g = gcd(from, to);
  const L = to / g; // phases
  const M = from / g; // input step per L outputs
  // Cutoff in cycles per input sample; the filter spans halfWidth samples of the slower rate.
  const fc = (0.5 * cutoff * Math.min(from, to)) / from;
  const zIn = Math.ceil((halfWidth * from) / Math.min(from, to));
  const taps = 2 * zIn;
  const table = new Float32Array(L * taps);
  const i0b = besselI0(beta);
  for (let p = 0; p < L; p++) {
    const frac = p / L; // output sits frac input samples after the base sample
    let sum = 0;
    for (let k = 0; k < taps; k++) {
      const t = k - zIn + 1 - frac; // input index offset from the output time
      const w = Math.abs(t) >= zIn ? 0 : besselI0(beta * Math.sqrt(1 - (t / zIn) ** 2)) / i0b;
      const arg = 2 * fc * t;
      const h = 2 * fc * (arg === 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg)) * w;
      table[p * taps + k] = h;
      sum += h;
    }
    // Unity gain at DC in every phase.
    for (let k = 0; k < taps; k++) table[p * taps + k] /= sum;
  }
  const n = Math.round((x.length * to) / from);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const pos = i * M;
    const base = Math.floor(pos / L);
    const p = pos - base * L;
    const first = base - zIn + 1;
    let acc = 0;
    const off = p * taps;
    for (let k = 0; k < taps; k++) {
      const j = first + k;
      if (j >= 0 && j < x.length) acc += table[off + k] * x[j];
    }
    y[i] = acc;
  }
  return y;
}
