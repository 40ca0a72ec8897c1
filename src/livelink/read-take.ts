import {
  ARKIT_COUNT,
  arkitIndex,
  EYE_DIM,
  type FaceTrack,
  POSE_DIM,
  createTrack,
  resampleTrack,
  assertValidTrack,
  TrackError,
} from '../track';
import { LIVE_LINK_SHAPES, arkitOf } from './tables';
import { LIVE_LINK_DEFAULTS, type LiveLinkOptions, parseTimecode } from './timecode';
import { withDefaults } from '../runtime';

const DAY_SECONDS = 24 * 3600;

/**
 * Live Link Face CSV → FaceTrack (real takes or ours). Columns are matched by name; fps comes from the
 * timecode step; head yaw/pitch/roll become the pose (no translation in the format); eye closure
 * follows EyeBlinkLeft/Right. `file` names the source in errors.
 * Example: `const track = liveLinkCsvToTrack(fs.readFileSync('take.csv', 'utf8'), 'take.csv')`
 */
export function liveLinkCsvToTrack(text: string, file = 'take.csv', options: LiveLinkOptions = {}): FaceTrack {
  const { timecodeRate, fps: resampleFps } = withDefaults(LIVE_LINK_DEFAULTS, options);
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) throw new TrackError(`${file}: a Live Link Face CSV needs a header and at least one row`, { file });
  const header = lines[0].split(',').map((h) => h.trim());
  const col = new Map(header.map((h, i) => [h, i]));
  const missing = ['Timecode', ...LIVE_LINK_SHAPES].filter((h) => !col.has(h));
  if (missing.length)
    throw new TrackError(
      `${file}: not a Live Link Face take; missing column(s) ${missing.slice(0, 4).join(', ')}${missing.length > 4 ? ', …' : ''}`,
      { file },
    );
  const rows = lines.slice(1).map((l) => l.split(','));
  const tcOf = (i: number) => (rows[i][col.get('Timecode')!] ?? '').trim();
  // Timecodes count from midnight: a take recorded across it wraps to 00:00 and goes on from there.
  let wraps = 0;
  const times = rows.map((_, i) => {
    const s = parseTimecode(tcOf(i), timecodeRate);
    if (!Number.isFinite(s)) throw new TrackError(`${file}: row ${i + 2} has an unreadable timecode "${tcOf(i)}"`, { file });
    return s;
  });
  for (let i = 1; i < times.length; i++) {
    let t = times[i] + wraps * DAY_SECONDS;
    if (t < times[i - 1] - DAY_SECONDS / 2) {
      wraps++;
      t += DAY_SECONDS;
    }
    if (t < times[i - 1]) {
      throw new TrackError(
        `${file}: row ${i + 2} (timecode ${tcOf(i)}) is earlier than row ${i + 1} (${tcOf(i - 1)}); the rows must be in recording order`,
        { file },
      );
    }
    times[i] = t;
  }
  // Frame rate from the median timecode step (takes can jitter by a sub-frame).
  const steps = times
    .slice(1)
    .map((t, i) => t - times[i])
    .filter((d) => d > 0)
    .sort((a, b) => a - b);
  const fps = steps.length ? Math.round(1 / steps[Math.floor(steps.length / 2)]) : 30;
  const track = createTrack(rows.length, fps, { source: file });
  const num = (r: string[], name: string, i: number) => {
    const c = col.get(name);
    if (c === undefined) return 0;
    const v = Number(r[c]);
    if (!Number.isFinite(v)) throw new TrackError(`${file}: row ${i + 2}, column ${name} is not a number`, { file });
    return v;
  };
  rows.forEach((r, t) => {
    for (const name of LIVE_LINK_SHAPES) track.expression[t * ARKIT_COUNT + arkitOf(name)] = Math.min(1, Math.max(0, num(r, name, t)));
    track.pose[t * POSE_DIM] = num(r, 'HeadPitch', t);
    track.pose[t * POSE_DIM + 1] = -num(r, 'HeadYaw', t);
    track.pose[t * POSE_DIM + 2] = -num(r, 'HeadRoll', t);
    track.eyes[t * EYE_DIM] = track.expression[t * ARKIT_COUNT + arkitIndex('eyeBlinkLeft')];
    track.eyes[t * EYE_DIM + 1] = track.expression[t * ARKIT_COUNT + arkitIndex('eyeBlinkRight')];
  });
  assertValidTrack(track, file);
  return resampleFps > 0 ? resampleTrack(track, times, resampleFps) : track;
}
