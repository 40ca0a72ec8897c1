import * as fs from 'node:fs';
import * as path from 'node:path';
import { LIVE_LINK_HEADER, liveLinkCsvToTrack } from '../../src/livelink';
import { exportLiveLink } from '../../exporters';
import { asText } from './text';
import { ARKIT_COUNT, ARKIT_NAMES } from '../../src/track/arkit';
import { POSE_DIM, createTrack } from '../../src/track/face-track';
import { testTrack } from './test-track';

const TAKE = path.join(__dirname, '../../../shared/data/livelinkface/alex_rom_3.csv');
const haveTake = fs.existsSync(TAKE);
if (!haveTake) console.warn(`skipping checks against the real Live Link Face take: ${TAKE} is absent`);

describe('Live Link Face CSV', () => {
  const track = testTrack(75, 30);
  let text = '';
  let lines: string[] = [];
  beforeAll(async () => {
    text = await asText(exportLiveLink(track));
    lines = text.trim().split('\n');
  });

  (haveTake ? test : test.skip)("the header is exactly the real take's header", () => {
    const real = fs.readFileSync(TAKE, 'utf8').split(/\r?\n/)[0];
    expect(lines[0]).toBe(real);
    expect(LIVE_LINK_HEADER.join(',')).toBe(real);
  });

  test("rows look like the app's: timecode HH:MM:SS:FF.mmm stepping 2 frames of 60 per row, BlendShapeCount 61, 10 decimals", () => {
    expect(lines).toHaveLength(track.frameCount + 1);
    const cells = lines.map((l) => l.split(','));
    expect(cells[1][0]).toBe('00:00:00:00.000');
    expect(cells[2][0]).toBe('00:00:00:02.000');
    expect(cells[31][0]).toBe('00:00:01:00.000'); // frame 30 at 30 fps = 1 s
    for (const c of cells.slice(1)) {
      expect(c).toHaveLength(63);
      expect(c[0]).toMatch(/^\d\d:\d\d:\d\d:\d\d\.\d{3}$/);
      expect(c[1]).toBe('61');
      for (const v of c.slice(2)) expect(v).toMatch(/^-?\d+\.\d{10}$/);
    }
  });

  test('round-trips through our reader: weights, head rotation, eye closure, fps', () => {
    const back = liveLinkCsvToTrack(text, 'ours.livelink.csv');
    expect(back.fps).toBe(30);
    expect(back.frameCount).toBe(track.frameCount);
    for (let i = 0; i < track.expression.length; i++) expect(Math.abs(back.expression[i] - track.expression[i])).toBeLessThan(1e-9);
    for (let t = 0; t < track.frameCount; t++) {
      for (let c = 0; c < 3; c++) expect(Math.abs(back.pose[t * POSE_DIM + c] - track.pose[t * POSE_DIM + c])).toBeLessThan(1e-9);
      expect(back.eyes[t * 2]).toBeCloseTo(track.expression[t * ARKIT_COUNT + ARKIT_NAMES.indexOf('eyeBlinkLeft')], 9);
    }
  });

  (haveTake ? test : test.skip)('our reader reads the real take (4,030 rows at 30 fps, weights in range)', () => {
    const real = liveLinkCsvToTrack(fs.readFileSync(TAKE, 'utf8'), 'alex_rom_3.csv');
    expect(real.frameCount).toBe(4030);
    expect(real.fps).toBe(30);
    expect(real.expression.reduce((m, v) => Math.max(m, v), 0)).toBeGreaterThan(0.5);
  });

  (haveTake ? test : test.skip)(
    "eye angles use the take's units and signs: a least-squares fit on the real take predicts ours",
    async () => {
      // Measure, on the real take, how LeftEyeYaw/Pitch depend on the left eye's eyeLook weights.
      const rows = fs.readFileSync(TAKE, 'utf8').trim().split(/\r?\n/);
      const h = rows[0].split(',');
      const col = (n: string) => h.indexOf(n);
      const data = rows.slice(1).map((r) => r.split(',').map(Number));
      /** y ≈ p·A + q·B + c (least squares with an intercept: the resting eye is not exactly centred). */
      const fitGains = (y: string, a: string, b: string) => {
        const m = [
          [0, 0, 0],
          [0, 0, 0],
          [0, 0, 0],
        ];
        const r = [0, 0, 0];
        for (const d of data) {
          const x = [d[col(a)], d[col(b)], 1];
          for (let i = 0; i < 3; i++) {
            r[i] += x[i] * d[col(y)];
            for (let j = 0; j < 3; j++) m[i][j] += x[i] * x[j];
          }
        }
        // Cramer's rule for the 3×3 normal equations.
        const det3 = (q: number[][]) =>
          q[0][0] * (q[1][1] * q[2][2] - q[1][2] * q[2][1]) -
          q[0][1] * (q[1][0] * q[2][2] - q[1][2] * q[2][0]) +
          q[0][2] * (q[1][0] * q[2][1] - q[1][1] * q[2][0]);
        const d0 = det3(m);
        return [0, 1].map((k) => det3(m.map((row, i) => row.map((v, j) => (j === k ? r[i] : v)))) / d0);
      };
      const [yOut, yIn] = fitGains('LeftEyeYaw', 'EyeLookOutLeft', 'EyeLookInLeft');
      const [pUp, pDown] = fitGains('LeftEyePitch', 'EyeLookUpLeft', 'EyeLookDownLeft');
      // Our file for single-shape frames must agree with that fit within 15 %.
      const probe = createTrack(4, 30);
      const set = (t: number, name: string) =>
        (probe.expression[t * ARKIT_COUNT + ARKIT_NAMES.indexOf(name as (typeof ARKIT_NAMES)[number])] = 1);
      set(0, 'eyeLookOutLeft');
      set(1, 'eyeLookInLeft');
      set(2, 'eyeLookUpLeft');
      set(3, 'eyeLookDownLeft');
      const ours = (await asText(exportLiveLink(probe)))
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(','));
      const near = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(0.15 * Math.abs(b));
      near(Number(ours[0][col('LeftEyeYaw')]), yOut);
      near(Number(ours[1][col('LeftEyeYaw')]), yIn);
      near(Number(ours[2][col('LeftEyePitch')]), pUp);
      near(Number(ours[3][col('LeftEyePitch')]), pDown);
    },
  );

  test('a file that is not a take gets one clear error naming it', () => {
    expect(() => liveLinkCsvToTrack('time,jawOpen\n0,1\n', 'song.csv')).toThrow(/^song\.csv: not a Live Link Face take; missing column/);
  });
});
