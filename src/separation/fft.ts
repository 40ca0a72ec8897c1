import FFT = require('fft.js');

/**
 * Real-input FFT of any length: fft.js (radix-4) for powers of two, Bluestein's chirp-z on top of it
 * for the rest (MDX-Net models use n_fft 5120, 6144, 7680). Spectra are bins 0…n/2 as separate real
 * and imaginary arrays; `inverse` is the exact inverse of `forward` (scaled by 1/n).
 */
export interface RealFft {
  readonly size: number;
  forward(input: ArrayLike<number>, re: Float64Array, im: Float64Array): void;
  inverse(re: ArrayLike<number>, im: ArrayLike<number>, out: Float64Array): void;
}

const cache = new Map<number, RealFft>();

/** A cached transform of length `n` (n ≥ 2). Example: `realFft(7680).forward(frame, re, im)` */
export function realFft(n: number): RealFft {
  if (!Number.isInteger(n) || n < 2) throw new Error(`FFT size must be an integer ≥ 2, got ${n}`);
  let f = cache.get(n);
  if (!f) {
    f = isPowerOfTwo(n) ? new Radix2Fft(n) : new BluesteinFft(n);
    cache.set(n, f);
  }
  return f;
}

export function isPowerOfTwo(n: number): boolean {
  return n >= 2 && (n & (n - 1)) === 0;
}

class Radix2Fft implements RealFft {
  private readonly fft: FFT;
  private readonly buf: number[];
  private readonly out: number[];
  constructor(readonly size: number) {
    this.fft = new FFT(size);
    this.buf = this.fft.createComplexArray() as number[];
    this.out = this.fft.createComplexArray() as number[];
  }
  forward(input: ArrayLike<number>, re: Float64Array, im: Float64Array): void {
    const n = this.size;
    const data = this.buf;
    for (let i = 0; i < n; i++) data[i] = input[i];
    this.fft.realTransform(this.out, data.slice(0, n));
    const o = this.out;
    for (let k = 0; k <= n / 2; k++) {
      re[k] = o[2 * k];
      im[k] = o[2 * k + 1];
    }
  }
  inverse(re: ArrayLike<number>, im: ArrayLike<number>, out: Float64Array): void {
    const n = this.size;
    const spec = this.buf;
    const half = n / 2;
    for (let k = 0; k <= half; k++) {
      spec[2 * k] = re[k];
      spec[2 * k + 1] = im[k];
    }
    for (let k = 1; k < half; k++) {
      spec[2 * (n - k)] = re[k];
      spec[2 * (n - k) + 1] = -im[k];
    }
    spec[1] = 0; // a real signal's DC and Nyquist bins are real
    spec[2 * half + 1] = 0;
    this.fft.inverseTransform(this.out, spec);
    const o = this.out;
    for (let i = 0; i < n; i++) out[i] = o[2 * i];
  }
}

/**
 * Bluestein: with c[j] = e^{s·iπj²/n} (s = −1 forward, +1 inverse), X[k] = c[k] · Σ_j (x[j]·c[j]) · conj(c[k−j]),
 * one circular convolution of size m ≥ 2n−1 done with power-of-two FFTs.
 */
class BluesteinFft implements RealFft {
  private readonly m: number;
  private readonly fft: FFT;
  /** e^{iπj²/n} */
  private readonly wRe: Float64Array;
  private readonly wIm: Float64Array;
  /** FFT of the kernel conj(c[j]) wrapped circularly, for forward (index 0) and inverse (1). */
  private readonly kernels: number[][];
  private readonly a: number[];
  private readonly spec: number[];
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  constructor(readonly size: number) {
    const n = size;
    let m = 1;
    while (m < 2 * n - 1) m <<= 1;
    this.m = m;
    this.fft = new FFT(m);
    this.wRe = new Float64Array(n);
    this.wIm = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const ang = (Math.PI * ((j * j) % (2 * n))) / n; // j² mod 2n keeps the angle exact for large j
      this.wRe[j] = Math.cos(ang);
      this.wIm[j] = Math.sin(ang);
    }
    this.kernels = [-1, 1].map((s) => {
      // conj(c[j]) = e^{−s·iπj²/n}
      const b = this.fft.createComplexArray() as number[];
      for (let j = 0; j < n; j++) {
        const br = this.wRe[j];
        const bi = -s * this.wIm[j];
        b[2 * j] = br;
        b[2 * j + 1] = bi;
        if (j > 0) {
          b[2 * (m - j)] = br;
          b[2 * (m - j) + 1] = bi;
        }
      }
      const hat = this.fft.createComplexArray() as number[];
      this.fft.transform(hat, b);
      return hat;
    });
    this.a = this.fft.createComplexArray() as number[];
    this.spec = this.fft.createComplexArray() as number[];
    this.re = new Float64Array(n);
    this.im = new Float64Array(n);
  }

  /** Complex DFT of (xr + i·xi) into this.re/this.im; s = −1 forward, +1 inverse (unscaled). */
  private dft(xr: ArrayLike<number>, xi: ArrayLike<number> | null, s: 1 | -1): void {
    const { size: n, m, wRe, wIm, a, spec } = this;
    const kernel = this.kernels[s === -1 ? 0 : 1];
    a.fill(0);
    for (let j = 0; j < n; j++) {
      const cr = wRe[j];
      const ci = s * wIm[j];
      const r = xr[j];
      const i = xi ? xi[j] : 0;
      a[2 * j] = r * cr - i * ci;
      a[2 * j + 1] = r * ci + i * cr;
    }
    this.fft.transform(spec, a);
    for (let k = 0; k < m; k++) {
      const ar = spec[2 * k];
      const ai = spec[2 * k + 1];
      const br = kernel[2 * k];
      const bi = kernel[2 * k + 1];
      a[2 * k] = ar * br - ai * bi;
      a[2 * k + 1] = ar * bi + ai * br;
    }
    this.fft.inverseTransform(spec, a);
    for (let k = 0; k < n; k++) {
      const cr = wRe[k];
      const ci = s * wIm[k];
      const yr = spec[2 * k];
      const yi = spec[2 * k + 1];
      this.re[k] = yr * cr - yi * ci;
      this.im[k] = yr * ci + yi * cr;
    }
  }

  forward(input: ArrayLike<number>, re: Float64Array, im: Float64Array): void {
    this.dft(input, null, -1);
    for (let k = 0; k <= this.size >> 1; k++) {
      re[k] = this.re[k];
      im[k] = this.im[k];
    }
  }

  inverse(re: ArrayLike<number>, im: ArrayLike<number>, out: Float64Array): void {
    const n = this.size;
    const half = n >> 1;
    const fr = new Float64Array(n);
    const fi = new Float64Array(n);
    for (let k = 0; k <= half; k++) {
      fr[k] = re[k];
      fi[k] = im[k];
    }
    fi[0] = 0; // a real signal's DC (and, for even n, Nyquist) bins are real
    if (n % 2 === 0) fi[half] = 0;
    for (let k = 1; k < n - half; k++) {
      fr[n - k] = fr[k];
      fi[n - k] = -fi[k];
    }
    this.dft(fr, fi, 1);
    for (let i = 0; i < n; i++) out[i] = this.re[i] / n;
  }
}
