/**
 * The separators' pair transform (mask-segment.ts; its per-frame loops are WebAssembly kernels,
 * kernels/spectra.wat) against definitions: a frame is the DFT of the windowed l + i·r; the inverse with a
 * mask of ones gives l and r back where every frame overlaps; a mask of zeros gives silence.
 */
import { forwardPair, forwardPairSplit, inversePair } from '../../src/separation/mask-segment';
import { hannWindow } from '../../src/separation/stft';

const N = 256;
const HOP = 64;
const FRAMES = 12;
const LEN = (FRAMES - 1) * HOP + N;

function signal(seed: number): Float32Array {
  return Float32Array.from({ length: LEN }, (_, i) => Math.sin(i * 0.05 * seed) + 0.3 * Math.cos(i * 0.31 + seed));
}

describe('pair transform (forwardPair / inversePair)', () => {
  it('makes each frame the DFT of the windowed l + i·r (mono: r = 0)', () => {
    const l = signal(1);
    const r = signal(2);
    const w = hannWindow(N);
    for (const right of [r, null]) {
      const z = forwardPair(l, right, FRAMES, N, HOP).slice();
      let worst = 0;
      for (const f of [0, 5, FRAMES - 1]) {
        for (const k of [0, 1, 17, N / 2, N - 3]) {
          let re = 0;
          let im = 0;
          for (let i = 0; i < N; i++) {
            const a = (-2 * Math.PI * k * i) / N;
            const xr = l[f * HOP + i] * w[i];
            const xi = right ? right[f * HOP + i] * w[i] : 0;
            re += xr * Math.cos(a) - xi * Math.sin(a);
            im += xr * Math.sin(a) + xi * Math.cos(a);
          }
          const o = f * 2 * N + 2 * k;
          worst = Math.max(worst, Math.abs(z[o] - re), Math.abs(z[o + 1] - im));
        }
      }
      expect(worst).toBeLessThan(1e-4); // float32 FFT of values ~1, sums of 256
    }
  });

  it('gives l and r back through a mask of ones, and silence through a mask of zeros', () => {
    const l = signal(3);
    const r = signal(4);
    const bins = N / 2 + 1;
    const outL = new Float32Array(LEN);
    const outR = new Float32Array(LEN);
    inversePair(forwardPair(l, r, FRAMES, N, HOP), new Float32Array(FRAMES * bins).fill(1), FRAMES, N, HOP, outL, outR);
    let worst = 0;
    // every frame overlaps the samples from N − HOP to LEN − (N − HOP)
    for (let i = N - HOP; i < LEN - (N - HOP); i++) worst = Math.max(worst, Math.abs(outL[i] - l[i]), Math.abs(outR[i] - r[i]));
    expect(worst).toBeLessThan(1e-5);
    inversePair(forwardPair(l, r, FRAMES, N, HOP), new Float32Array(FRAMES * bins), FRAMES, N, HOP, outL, outR);
    expect(Math.max(...outL.map(Math.abs), ...outR.map(Math.abs))).toBe(0);
  });

  it('keeps l and r apart: a mask on the pair spectrum acts on each channel alone', () => {
    // r silent: whatever the (symmetric) mask does, nothing appears in the right output
    const l = signal(5);
    const mask = Float32Array.from({ length: FRAMES * (N / 2 + 1) }, (_, i) => (i % 7) / 7);
    const outL = new Float32Array(LEN);
    const outR = new Float32Array(LEN);
    inversePair(forwardPair(l, new Float32Array(LEN), FRAMES, N, HOP), mask, FRAMES, N, HOP, outL, outR);
    expect(Math.max(...outR.map(Math.abs))).toBeLessThan(1e-6);
    expect(Math.max(...outL.map(Math.abs))).toBeGreaterThan(0.1);
  });

  it('splits the channels off the pair spectrum: L = (Z[k] + conj Z[N−k])/2, R = (Z[k] − conj Z[N−k])/2i, bin 0 alone', () => {
    const l = signal(6);
    const r = signal(7);
    const bins = N / 2;
    const { z, planes } = forwardPairSplit(l, r, FRAMES, N, HOP, bins);
    const lz = forwardPair(l, null, FRAMES, N, HOP).slice(); // FFT of l alone: L itself
    const rz = forwardPair(r, null, FRAMES, N, HOP).slice();
    const plane = FRAMES * bins;
    let worst = 0;
    for (let f = 0; f < FRAMES; f++) {
      for (let k = 0; k < bins; k++) {
        const at = f * bins + k;
        const o = f * 2 * N + 2 * k;
        worst = Math.max(
          worst,
          Math.abs(planes[at] - lz[o]),
          Math.abs(planes[plane + at] - lz[o + 1]),
          Math.abs(planes[2 * plane + at] - rz[o]),
          Math.abs(planes[3 * plane + at] - rz[o + 1]),
        );
      }
    }
    expect(z.length).toBe(FRAMES * 2 * N);
    expect(worst).toBeLessThan(1e-4);
  });
});
