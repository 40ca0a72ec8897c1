/**
 * A feed-forward compressor as on a vocal channel strip: an RMS level detector (10 ms), a static curve
 * that above `thresholdDb` lets the output rise only 1/`ratio` dB per input dB (a soft knee of `kneeDb`
 * around the threshold), and the gain reduction smoothed in the log domain with separate attack and
 * release times (Giannoulis, Massberg & Reiss, "Digital Dynamic Range Compressor Design", JAES 2012).
 */
export interface CompressorParams {
  /** Threshold, dBFS of the detector's RMS level. */
  thresholdDb: number;
  ratio: number;
  attack: number;
  release: number;
  kneeDb: number;
}

/** Static curve: gain change in dB for a detector level in dB. */
export function compressorGainDb(levelDb: number, p: Pick<CompressorParams, 'thresholdDb' | 'ratio' | 'kneeDb'>): number {
  const over = levelDb - p.thresholdDb;
  const slope = 1 / p.ratio - 1;
  if (2 * over < -p.kneeDb) return 0;
  if (2 * Math.abs(over) <= p.kneeDb) return (slope * (over + p.kneeDb / 2) ** 2) / (2 * p.kneeDb);
  return slope * over;
}

/** Compresses `x` in place. Example: `compress(vocal, 44100, { thresholdDb: -24, ratio: 4, attack: 0.01, release: 0.12, kneeDb: 6 })` */
export function compress(x: Float32Array, sampleRate: number, p: CompressorParams): Float32Array {
  // The gain is computed every BLOCK samples (0.36 ms at 44.1 kHz, far below any attack time) and
  // interpolated linearly in between; the detector runs every sample.
  const BLOCK = 16;
  const rmsCoef = Math.exp(-1 / (0.01 * sampleRate));
  const att = Math.exp(-BLOCK / (p.attack * sampleRate));
  const rel = Math.exp(-BLOCK / (p.release * sampleRate));
  let power = 0;
  let gainDb = 0;
  let gain = 1;
  for (let a = 0; a < x.length; a += BLOCK) {
    const b = Math.min(x.length, a + BLOCK);
    for (let i = a; i < b; i++) power = rmsCoef * power + (1 - rmsCoef) * x[i] * x[i];
    const target = compressorGainDb(10 * Math.log10(power + 1e-12), p);
    // More reduction (a falling gain) follows at the attack rate, recovery at the release rate.
    const c = target < gainDb ? att : rel;
    gainDb = c * gainDb + (1 - c) * target;
    const next = Math.pow(10, gainDb / 20);
    for (let i = a; i < b; i++) x[i] *= gain + ((next - gain) * (i - a + 1)) / (b - a);
    gain = next;
  }
  return x;
}
