import { composeEyeState, gaussianSmooth, sampleBlinks } from '../../src/track/eye-state';
import { DEFAULT_EYES } from '../../src/generator/model-card';
import { blinkStats } from '../../src/track/eye-closures';
import { Rng } from '../../src/runtime/random';

describe('eye composition (paper 3.3.3, eq. 9)', () => {
  it('samples blinks with the paper’s rate and duration', () => {
    // Paper: start-to-start interval ~U(1.2, 2.0) s → 1/1.6 = 0.625 blinks/s; duration ~U(0.10, 0.45) s → mean 0.275 s.
    const fps = 30;
    const { state } = sampleBlinks(new Rng(11), fps * 3600, fps, DEFAULT_EYES.blinkInterval, DEFAULT_EYES.blinkDuration);
    const s = blinkStats(state, fps);
    expect(s.blinksPerSecond).toBeGreaterThan(0.6);
    expect(s.blinksPerSecond).toBeLessThan(0.65);
    // Frame quantisation rounds each edge to the nearest frame: the mean stays within half a frame.
    expect(Math.abs(s.meanBlinkSeconds - 0.275)).toBeLessThan(0.5 / fps);
    expect(s.longPerMinute).toBe(0);
  });

  it('lets the long closing override blinks where it is on', () => {
    const long = Float32Array.from([0, 0.1, 0.9, 0.95, 0.2, 0]);
    const blinks = Float32Array.from([1, 1, 0, 0, 0, 1]);
    expect(Array.from(composeEyeState(long, blinks, { threshold: 0.3, sigma: 0 }))).toEqual(
      [1, 1, 0.9, 0.95, 0, 1].map((v) => Math.fround(v)),
    );
  });

  it('smooths without moving the mass of a closure', () => {
    const x = new Float32Array(100);
    x.fill(1, 40, 52);
    const y = gaussianSmooth(x, 1.5);
    const sum = (a: Float32Array) => a.reduce((s, v) => s + v, 0);
    expect(sum(y)).toBeCloseTo(12, 4);
    expect(y[39]).toBeGreaterThan(0);
    expect(y[45]).toBeCloseTo(1, 3);
    // Width at half height is preserved for a closure longer than the kernel.
    expect(blinkStats(y, 30).meanBlinkSeconds).toBeCloseTo(12 / 30, 5);
  });

  it('gives the defined sums with a long kernel too (8-s σ at 30 fps, computed by FFT), ends renormalised', () => {
    // the definition, term by term: Σ g(k)·x[i+k] / Σ g(k) over the taps that land on the signal
    const direct = (x: Float32Array, sigma: number) => {
      const r = Math.ceil(3 * sigma);
      const gauss = Float64Array.from({ length: 2 * r + 1 }, (_, k) => Math.exp(-0.5 * ((k - r) / sigma) ** 2));
      return Float64Array.from(x, (_, i) => {
        let s = 0;
        let w = 0;
        for (let j = Math.max(0, i - r); j <= Math.min(x.length - 1, i + r); j++) {
          const g = gauss[j - i + r];
          s += g * x[j];
          w += g;
        }
        return s / w;
      });
    };
    const rng = new Rng(5);
    for (const [n, sigma] of [
      [3000, 240],
      [500, 240], // shorter than the kernel: every frame renormalised
      [2400, 200],
    ]) {
      const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i / 37) + rng.uniform(-0.5, 0.5));
      const want = direct(x, sigma);
      const got = gaussianSmooth(x, sigma);
      let worst = 0;
      for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
      expect(worst).toBeLessThan(1e-6); // float32 output
    }
  });

  it('keeps a non-finite sample local under a long kernel', () => {
    const x = new Float32Array(3000).fill(0.5);
    x[10] = Number.NaN;
    const y = gaussianSmooth(x, 240);
    expect(Number.isNaN(y[10])).toBe(true);
    expect(y[2000]).toBeCloseTo(0.5, 6);
  });
});
