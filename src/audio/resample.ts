/**
 * Band-limited sample-rate conversion: a Kaiser-windowed-sinc low-pass applied as a polyphase filter for
 * the exact rational ratio `to/from` (44100 → 16000 is 160/441). Linear interpolation would fold
 * everything above the new Nyquist back into the band the MFCCs look at; this does not.
 */
import { RESAMPLE_WASM_BASE64 } from './kernels/resample-wasm';
import { type Defaults, InvalidOptionError, withDefaults } from '../runtime';

export interface ResampleOptions {
  /** Passband edge as a fraction of the lower Nyquist frequency; the stopband starts at that Nyquist. */
  rolloff?: number;
  /** Stopband attenuation in dB (sets the Kaiser β and the filter length). */
  attenuationDb?: number;
}

/** 0.9 keeps 0–7.2 kHz flat at 16 kHz output; 80 dB puts aliases below 16-bit-ish noise. */
export const RESAMPLE_DEFAULTS: Defaults<ResampleOptions> = Object.freeze({ rolloff: 0.9, attenuationDb: 80 });

/** A designed polyphase filter (exposed so tests and the fixture script can agree on the design). */
export interface ResampleFilter {
  from: number;
  to: number;
  /** `to/from` reduced: upsample by `up`, downsample by `down`. */
  up: number;
  down: number;
  /** Half-length of the prototype in input samples: each output reads `2·halfWidth + 1` inputs. */
  halfWidth: number;
  /** Prototype low-pass at rate `up·from`, `2·halfWidth·up + 1` taps, DC gain `up`, centred. */
  prototype: Float64Array;
  /** Per phase p, taps in increasing input order: `phases[p·taps + k]` multiplies `x[i0 − (taps−1) + k]`. */
  phases: Float64Array;
  taps: number;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Modified Bessel function of the first kind, order 0 (power series; converges fast for β ≤ 20). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 200; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** Kaiser's (1974) β for a stopband attenuation of `a` dB. */
export function kaiserBeta(a: number): number {
  if (a > 50) return 0.1102 * (a - 8.7);
  if (a >= 21) return 0.5842 * Math.pow(a - 21, 0.4) + 0.07886 * (a - 21);
  return 0;
}

function checkRate(rate: number, name: string): void {
  if (!Number.isInteger(rate) || rate <= 0)
    throw new InvalidOptionError('rate', rate, { message: `resample: ${name} rate must be a positive integer in Hz, got ${rate}` });
}

/**
 * Designs the filter for `from → to` Hz.
 * Example: `designResampleFilter(44100, 16000).taps // 279 input samples per output sample`
 */
export function designResampleFilter(from: number, to: number, options: ResampleOptions = {}): ResampleFilter {
  checkRate(from, 'source');
  checkRate(to, 'target');
  const { rolloff, attenuationDb } = withDefaults(RESAMPLE_DEFAULTS, options);
  if (!(rolloff > 0 && rolloff < 1))
    throw new InvalidOptionError('rolloff', rolloff, { message: `resample: rolloff must be in (0, 1), got ${rolloff}` });
  const g = gcd(from, to);
  const up = to / g;
  const down = from / g;
  const nyquist = Math.min(from, to) / 2;
  const pass = rolloff * nyquist;
  const stop = nyquist;
  // Kaiser length formula, expressed in input samples: N − 1 = (A − 7.95) / (14.36 · Δf/fs).
  const halfWidth = Math.max(1, Math.ceil(((attenuationDb - 7.95) * from) / (2 * 14.36 * (stop - pass))));
  const n = 2 * halfWidth * up + 1;
  const centre = halfWidth * up;
  const fsUp = from * up;
  const cutoff = (pass + stop) / 2 / fsUp; // cycles per upsampled sample
  const beta = kaiserBeta(attenuationDb);
  const i0beta = besselI0(beta);
  const prototype = new Float64Array(n);
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const t = j - centre;
    const sinc = t === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
    const r = t / centre;
    const w = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0beta;
    prototype[j] = sinc * w;
    sum += prototype[j];
  }
  // Unit DC gain, times `up` for the energy lost to zero-stuffing.
  for (let j = 0; j < n; j++) prototype[j] *= up / sum;

  const taps = 2 * halfWidth + 1;
  const phases = new Float64Array(up * taps);
  // Output n reads x[i0 − k] with prototype[p + k·up], p = (n·down + centre) mod up; stored reversed so the
  // inner loop walks the input forwards.
  for (let p = 0; p < up; p++) {
    for (let k = 0; k < taps; k++) {
      const j = p + k * up;
      phases[p * taps + (taps - 1 - k)] = j < n ? prototype[j] : 0;
    }
  }
  return { from, to, up, down, halfWidth, prototype, phases, taps };
}

const filterCache = new Map<string, ResampleFilter>();
function cachedFilter(from: number, to: number, options: ResampleOptions): ResampleFilter {
  const o = withDefaults(RESAMPLE_DEFAULTS, options);
  const key = `${from}/${to}/${o.rolloff}/${o.attenuationDb}`;
  let f = filterCache.get(key);
  if (!f) {
    f = designResampleFilter(from, to, o);
    if (filterCache.size > 32) filterCache.clear();
    filterCache.set(key, f);
  }
  return f;
}

/** Inputs appended per kernel pass, and outputs per kernel call (short calls let V8 tier the loop up). */
const INPUT_BLOCK = 1 << 16;
const OUTPUT_BLOCK = 1 << 14;
const LANES = 8; // the kernel reads taps in groups of 8 (two f32x4)

let kernelModule: WebAssembly.Module | undefined;
function kernel(): WebAssembly.Module {
  kernelModule ??= new WebAssembly.Module(Buffer.from(RESAMPLE_WASM_BASE64, 'base64'));
  return kernelModule;
}

interface KernelExports {
  memory: WebAssembly.Memory;
  produce(buf: number, phases: number, out: number, count: number, taps: number, up: number, down: number, p: number, start: number): void;
}

/**
 * Streaming resampler: feed chunks of any size, get the output that is ready; `flush()` ends the signal
 * (zeros after its end, like the whole-signal version). Concatenated outputs equal `resample(whole)`
 * bit for bit, whatever the chunking. The inner loop is a WebAssembly SIMD kernel (kernels/resample.wat).
 * Example:
 * ```ts
 * const r = new Resampler(44100, 16000);
 * const parts = chunks.map((c) => r.push(c)).concat([r.flush()]);
 * ```
 */
export class Resampler {
  readonly filter: ResampleFilter;
  private readonly identity: boolean;
  private readonly k?: KernelExports;
  /** Taps per phase rounded up to the kernel's group of 8 (the extra coefficients are zero). */
  private readonly stride: number;
  /** Byte offsets in kernel memory: coefficients, output block, input history. */
  private readonly phasesAt = 0;
  private readonly outAt: number;
  private readonly bufAt: number;
  private readonly bufCapacity: number;
  /** Absolute index of the history's first sample (x[i < 0] = 0), and how many samples it holds. */
  private bufStart: number;
  private bufLen: number;
  private inputCount = 0;
  private outputCount = 0;
  private flushed = false;

  constructor(
    readonly from: number,
    readonly to: number,
    options: ResampleOptions = {},
  ) {
    this.filter = cachedFilter(from, to, options);
    this.identity = from === to;
    const { up, taps, phases } = this.filter;
    this.stride = Math.ceil(taps / LANES) * LANES;
    this.outAt = up * this.stride * 4;
    this.bufAt = this.outAt + OUTPUT_BLOCK * 4;
    this.bufCapacity = taps + INPUT_BLOCK + LANES;
    this.bufStart = -(taps - 1); // leading zeros: output 0 sees silence before the signal
    this.bufLen = taps - 1;
    if (this.identity) return;
    const bytes = this.bufAt + this.bufCapacity * 4;
    // Each resampler owns a kernel instance (its memory holds coefficients and history).
    this.k = new WebAssembly.Instance(kernel(), {}).exports as unknown as KernelExports;
    const have = this.k.memory.buffer.byteLength;
    if (bytes > have) this.k.memory.grow(Math.ceil((bytes - have) / 65536));
    const coef = new Float32Array(this.k.memory.buffer, 0, up * this.stride);
    for (let p = 0; p < up; p++) coef.set(phases.subarray(p * taps, (p + 1) * taps), p * this.stride);
  }

  /** Total output length for `inputLength` input samples: ceil(inputLength · to / from). */
  outputLength(inputLength: number): number {
    return Math.ceil((inputLength * this.filter.up) / this.filter.down);
  }

  /** Adds input samples; returns the output samples that no longer depend on future input. */
  push(chunk: Float32Array): Float32Array {
    if (this.flushed) throw new Error('Resampler: push() after flush()');
    if (this.identity) return chunk.slice();
    const out = new Float32Array(this.readyAfter(this.inputCount + chunk.length) - this.outputCount);
    let written = 0;
    for (let i = 0; i < chunk.length; i += INPUT_BLOCK) {
      const part = chunk.subarray(i, i + INPUT_BLOCK);
      this.append(part);
      this.inputCount += part.length;
      written += this.produce(this.readyAfter(this.inputCount), out, written);
    }
    return out;
  }

  /** Ends the input: returns the remaining output (total length ceil(n·to/from)). */
  flush(): Float32Array {
    if (this.flushed) return new Float32Array(0);
    this.flushed = true;
    if (this.identity) return new Float32Array(0);
    const total = this.outputLength(this.inputCount);
    const out = new Float32Array(total - this.outputCount);
    // The tail outputs read up to halfWidth + 1 samples past the end: zeros.
    this.append(new Float32Array(this.filter.taps));
    this.produce(total, out, 0);
    return out;
  }

  /** Number of outputs computable once `inputs` samples exist: output n reads inputs ≤ ⌊(n·down + centre)/up⌋. */
  private readyAfter(inputs: number): number {
    const { up, down, halfWidth } = this.filter;
    const ready = Math.floor((inputs * up - 1 - halfWidth * up) / down) + 1;
    return Math.max(this.outputCount, Math.min(ready, this.outputLength(inputs)));
  }

  /** Moves the history window forward to what the next output needs and appends `chunk` (≤ INPUT_BLOCK). */
  private append(chunk: Float32Array): void {
    const mem = new Float32Array(this.k!.memory.buffer, this.bufAt, this.bufCapacity);
    const { up, down, halfWidth, taps } = this.filter;
    const oldest = Math.floor((this.outputCount * down + halfWidth * up) / up) - (taps - 1);
    const drop = Math.min(this.bufLen, oldest - this.bufStart);
    if (drop > 0) {
      mem.copyWithin(0, drop, this.bufLen);
      this.bufLen -= drop;
      this.bufStart += drop;
    }
    if (this.bufLen + chunk.length + LANES > this.bufCapacity) throw new Error('Resampler: internal history overflow');
    mem.set(chunk, this.bufLen);
    this.bufLen += chunk.length;
    // The kernel reads up to 7 samples past the newest one (times zero coefficients): keep them finite.
    mem.fill(0, this.bufLen, this.bufLen + LANES);
  }

  /** Computes outputs up to `endExclusive` into `out` from `offset`; returns how many. */
  private produce(endExclusive: number, out: Float32Array, offset: number): number {
    const k = this.k!;
    const { up, down, halfWidth, taps } = this.filter;
    const total = Math.max(0, endExclusive - this.outputCount);
    for (let done = 0; done < total; ) {
      const count = Math.min(OUTPUT_BLOCK, total - done);
      const q = this.outputCount * down + halfWidth * up;
      const i0 = Math.floor(q / up);
      const p = q - i0 * up;
      const start = i0 - (taps - 1) - this.bufStart;
      k.produce(this.bufAt, this.phasesAt, this.outAt, count, this.stride, up, down, p, start);
      out.set(new Float32Array(k.memory.buffer, this.outAt, count), offset + done);
      done += count;
      this.outputCount += count;
    }
    return total;
  }
}

/**
 * Resamples a whole signal from `from` Hz to `to` Hz; output length ceil(x.length · to / from), sample n
 * at time n / to (no delay), zeros assumed outside the signal (as `scipy.signal.resample_poly`).
 * Example: `const y = resample(x44k, 44100, 16000)`
 */
export function resample(x: Float32Array, from: number, to: number, options: ResampleOptions = {}): Float32Array {
  if (from === to) return x.slice();
  const r = new Resampler(from, to, options);
  const a = r.push(x);
  const b = r.flush();
  if (b.length === 0) return a;
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
