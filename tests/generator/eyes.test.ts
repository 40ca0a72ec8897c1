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
});
