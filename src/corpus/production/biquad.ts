/**
 * Second-order IIR filters from Robert Bristow-Johnson's "Audio EQ Cookbook" (the formulas every
 * mixing console's EQ section follows), run in direct form I in double precision.
 */
export type BiquadKind = 'highpass' | 'lowpass' | 'peak' | 'highshelf' | 'lowshelf';

export interface BiquadSpec {
  kind: BiquadKind;
  /** Corner or centre frequency, Hz. */
  hz: number;
  /** Quality factor (for shelves: the slope, 0.707 = Butterworth-like). */
  q: number;
  /** Gain for peak and shelf filters, dB. */
  gainDb?: number;
}

/** Normalised coefficients [b0, b1, b2, a1, a2] (a0 = 1). */
export function biquadCoefficients(spec: BiquadSpec, sampleRate: number): number[] {
  const w0 = (2 * Math.PI * Math.min(spec.hz, 0.49 * sampleRate)) / sampleRate;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * spec.q);
  const A = Math.pow(10, (spec.gainDb ?? 0) / 40);
  let b: number[];
  let a: number[];
  switch (spec.kind) {
    case 'lowpass':
      b = [(1 - cos) / 2, 1 - cos, (1 - cos) / 2];
      a = [1 + alpha, -2 * cos, 1 - alpha];
      break;
    case 'highpass':
      b = [(1 + cos) / 2, -(1 + cos), (1 + cos) / 2];
      a = [1 + alpha, -2 * cos, 1 - alpha];
      break;
    case 'peak':
      b = [1 + alpha * A, -2 * cos, 1 - alpha * A];
      a = [1 + alpha / A, -2 * cos, 1 - alpha / A];
      break;
    case 'lowshelf':
    case 'highshelf': {
      const s = spec.kind === 'lowshelf' ? -1 : 1;
      const r = 2 * Math.sqrt(A) * alpha;
      b = [A * (A + 1 + s * (A - 1) * cos + r), -2 * s * A * (A - 1 + s * (A + 1) * cos), A * (A + 1 + s * (A - 1) * cos - r)];
      a = [A + 1 - s * (A - 1) * cos + r, 2 * s * (A - 1 - s * (A + 1) * cos), A + 1 - s * (A - 1) * cos - r];
      break;
    }
  }
  return [b[0] / a[0], b[1] / a[0], b[2] / a[0], a[1] / a[0], a[2] / a[0]];
}

/** Filters `x` in place through each filter of `chain` in turn. Example: `biquads(v, 44100, [{ kind: 'highpass', hz: 100, q: 0.707 }])` */
export function biquads(x: Float32Array, sampleRate: number, chain: readonly BiquadSpec[]): Float32Array {
  for (const spec of chain) {
    const [b0, b1, b2, a1, a2] = biquadCoefficients(spec, sampleRate);
    let x1 = 0;
    let x2 = 0;
    let y1 = 0;
    let y2 = 0;
    for (let i = 0; i < x.length; i++) {
      const x0 = x[i];
      const y0 = b0 * x0 + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = x0;
      y2 = y1;
      y1 = y0;
      x[i] = y0;
    }
  }
  return x;
}
