import * as fs from 'node:fs';
import * as path from 'node:path';
import { blinkStats, closures } from '../../src/track/eye-closures';
import { cca } from '../../src/eval/cca';
import { beatAlignScore, motionBeats, roughness } from '../../src/eval/motion';
import { silentMouthClosedFraction } from '../../src/eval/silent-mouth';
import { arkitIndex } from '../../src/track/arkit';
import { createTrack } from '../../src/track/face-track';

describe('CCA', () => {
  const cases: { x: number[][]; y: number[][]; cc: number }[] = JSON.parse(
    fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'eval', 'cca-reference.json'), 'utf8'),
  );
  it('matches numpy’s canonical correlations (training/fixtures/make_cca_fixture.py)', () => {
    for (const c of cases) expect(cca(c.x, c.y)).toBeCloseTo(c.cc, 6);
  });
  it('is 1 for a series and a linear function of it, whatever the sign', () => {
    const x = Array.from({ length: 50 }, (_, t) => [Math.sin(t / 3), Math.cos(t / 7)]);
    const y = x.map(([a, b]) => [-2 * a + 0.5 * b + 3]);
    expect(cca(x, y)).toBeCloseTo(1, 8);
  });
});

describe('head motion metrics', () => {
  it('Rough: a parabola in yaw has a constant second derivative', () => {
    const t = createTrack(100);
    const k = (0.01 * Math.PI) / 180; // 0.01°/frame² in radians
    for (let i = 0; i < 100; i++) t.pose[i * 6 + 1] = 0.5 * k * i * i;
    // float32 pose storage: agree to 1e-4 relative
    expect(Math.abs(roughness(t) / (0.01 * 0.01) - 1)).toBeLessThan(1e-4);
  });

  it('Beat Align: a head landing on every beat scores 1, landing 3 frames off scores exp(-1/2)', () => {
    const t = createTrack(300);
    // |sin| speed profile: the head stops every 15 frames (at 0, 15, 30, …).
    let yaw = 0;
    for (let i = 0; i < 300; i++) {
      yaw += 0.01 * Math.abs(Math.sin((Math.PI * i) / 15));
      t.pose[i * 6 + 1] = yaw;
    }
    const landings = motionBeats(t);
    const beats = [30, 60, 90, 120, 150];
    expect(beatAlignScore(beats, landings)).toBeCloseTo(1, 6);
    expect(
      beatAlignScore(
        beats.map((b) => b + 3),
        landings,
      ),
    ).toBeCloseTo(Math.exp(-0.5), 6);
  });
});

describe('blink metrics', () => {
  it('counts short closures as blinks and long ones apart', () => {
    const eye = new Float32Array(300);
    eye.fill(1, 10, 16); // 0.2 s blink
    eye.fill(1, 100, 103); // 0.1 s blink
    eye.fill(1, 200, 230); // 1 s long closing
    expect(closures(eye)).toEqual([
      { start: 10, end: 16 },
      { start: 100, end: 103 },
      { start: 200, end: 230 },
    ]);
    const s = blinkStats(eye, 30);
    expect(s.blinksPerSecond).toBeCloseTo(2 / 10, 9);
    expect(s.meanBlinkSeconds).toBeCloseTo(0.15, 9);
    expect(s.longPerMinute).toBeCloseTo(6, 9);
  });
});

describe('vocal-silent mouth', () => {
  it('counts frames where the vocal stem is silent and the jaw is closed', () => {
    const sr = 16000;
    const fps = 30;
    const frames = 60;
    const vocal = new Float32Array((sr * frames) / fps);
    for (let i = 0; i < vocal.length / 2; i++) vocal[i] = 0.3 * Math.sin((2 * Math.PI * 220 * i) / sr); // sings for 1 s
    const track = createTrack(frames);
    const jaw = arkitIndex('jawOpen');
    for (let f = 0; f < frames; f++) track.expression[f * 52 + jaw] = f < 30 ? 0.6 : f < 40 ? 0.3 : 0.02;
    const r = silentMouthClosedFraction(track, { sampleRate: sr, channels: [vocal] });
    expect(r.silentFrames).toBe(30);
    expect(r.fraction).toBeCloseTo(20 / 30, 9);
  });
});
