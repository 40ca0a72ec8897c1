/**
 * Integrated loudness in LUFS after ITU-R BS.1770-4: K-weighting (a high shelf and a high pass, here
 * derived for any sample rate as libebur128 does), 400 ms blocks with 75 % overlap, an absolute gate at
 * -70 LUFS and a relative gate 10 LU below the ungated level. Front channels have weight 1.
 * Example: `integratedLoudness([left, right], 44100)` → -18.3
 */
export function integratedLoudness(channels: Float32Array[], sampleRate: number): number {
  const n = channels[0]?.length ?? 0;
  const block = Math.round(0.4 * sampleRate);
  const step = Math.round(0.1 * sampleRate);
  if (n < block) return -Infinity;
  const blocks = Math.floor((n - block) / step) + 1;
  // Sum over channels of per-block mean squares of the K-weighted signal.
  const power = new Float64Array(blocks);
  for (const ch of channels) {
    const k = kWeight(ch, sampleRate);
    // Prefix sums of squares make every block O(1).
    const pre = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) pre[i + 1] = pre[i] + k[i] * k[i];
    for (let j = 0; j < blocks; j++) power[j] += (pre[j * step + block] - pre[j * step]) / block;
  }
  const lufs = (p: number) => -0.691 + 10 * Math.log10(p);
  const gated = (threshold: number) => {
    let sum = 0;
    let count = 0;
    for (const p of power) {
      if (p > 0 && lufs(p) > threshold) {
        sum += p;
        count++;
      }
    }
    return count ? sum / count : 0;
  };
  const absolute = gated(-70);
  if (absolute === 0) return -Infinity;
  const relative = gated(lufs(absolute) - 10);
  return lufs(relative);
}

/** The two K-weighting biquads in series. */
export function kWeight(x: Float32Array, sampleRate: number): Float64Array {
  // Stage 1: high shelf (+4 dB above about 1.7 kHz).
  let f0 = 1681.974450955533;
  const G = 3.999843853973347;
  let Q = 0.7071752369554196;
  let K = Math.tan((Math.PI * f0) / sampleRate);
  const Vh = Math.pow(10, G / 20);
  const Vb = Math.pow(Vh, 0.4996667741545416);
  let a0 = 1 + K / Q + K * K;
  const s = [
    (Vh + (Vb * K) / Q + K * K) / a0,
    (2 * (K * K - Vh)) / a0,
    (Vh - (Vb * K) / Q + K * K) / a0,
    (2 * (K * K - 1)) / a0,
    (1 - K / Q + K * K) / a0,
  ];
  // Stage 2: high pass at about 38 Hz.
  f0 = 38.13547087602444;
  Q = 0.5003270373238773;
  K = Math.tan((Math.PI * f0) / sampleRate);
  a0 = 1 + K / Q + K * K;
  const h = [1, -2, 1, (2 * (K * K - 1)) / a0, (1 - K / Q + K * K) / a0];
  return biquad(biquad(x, s), h);
}

function biquad(x: ArrayLike<number>, [b0, b1, b2, a1, a2]: number[]): Float64Array {
  const y = new Float64Array(x.length);
  let x1 = 0;
  let x2 = 0;
  let y1 = 0;
  let y2 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = b0 * x[i] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1;
    x1 = x[i];
    y2 = y1;
    y1 = v;
    y[i] = v;
  }
  return y;
}
