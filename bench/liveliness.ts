/**
 * `node dist/bench/liveliness.js TRACK.json …` — issue 17's numbers for tracks written by
 * `musicface animate … -o song.json`: eyeLook movement, blink rate and interval CV, head-yaw balance,
 * channels that never move. One row per track, and whether each meets the issue's goal.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { livelinessStats } from '../src/eval/liveliness';
import { trackFromJson } from '../src/track/track-json';

/** Issue 17's "must show" ranges. */
const GOALS = {
  minEyeLookStd: 0.05,
  blinksPerMinute: [10, 30],
  blinkIntervalCv: 0.5,
  meanAbsYawDeg: 4,
  yawPositiveShare: [0.3, 0.7],
} as const;

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: node dist/bench/liveliness.js TRACK.json …');
  process.exit(2);
}
const f = (x: number, d = 2) => x.toFixed(d);
console.log(
  [
    'track',
    'min',
    'eyeLook std',
    'blinks/min',
    'IBI CV',
    'IBI mean/max s',
    'blink s',
    'long/min',
    '|yaw|°',
    'yaw>0',
    'pitch°',
    'roll°',
    'goals',
    'still',
  ].join('\t'),
);
for (const file of files) {
  const s = livelinessStats(trackFromJson(fs.readFileSync(file, 'utf8'), file));
  const ok =
    s.minEyeLookStd >= GOALS.minEyeLookStd &&
    s.blinksPerMinute >= GOALS.blinksPerMinute[0] &&
    s.blinksPerMinute <= GOALS.blinksPerMinute[1] &&
    s.blinkIntervalCv >= GOALS.blinkIntervalCv &&
    s.meanAbsYawDeg <= GOALS.meanAbsYawDeg &&
    s.yawPositiveShare >= GOALS.yawPositiveShare[0] &&
    s.yawPositiveShare <= GOALS.yawPositiveShare[1];
  console.log(
    [
      path.basename(file, '.json'),
      f(s.seconds / 60, 1),
      f(s.minEyeLookStd, 3),
      f(s.blinksPerMinute, 1),
      f(s.blinkIntervalCv),
      `${f(s.meanBlinkIntervalSeconds)}/${f(s.maxBlinkIntervalSeconds, 1)}`,
      f(s.meanBlinkSeconds),
      f(s.longClosingsPerMinute, 1),
      f(s.meanAbsYawDeg, 1),
      `${f(100 * s.yawPositiveShare, 0)}%`,
      f(s.meanPitchDeg, 1),
      f(s.meanRollDeg, 1),
      ok ? 'met' : 'NOT met',
      `${s.still.length}: ${s.still.join(',')}`,
    ].join('\t'),
  );
}
