import { resampleTrack } from '../src/track/resample-track';
import { ARKIT_COUNT, ARKIT_NAMES, arkitIndex } from '../src/track/arkit';
import { EYE_DIM, FaceTrack, POSE_DIM, createTrack } from '../src/track/face-track';
import { assertValidTrack } from '../src/track/validate';
import { eyeAngles } from '../src/retarget/eye-gaze';

/**
 * The column order of a Live Link Face take (Epic's iPhone app), as in the real take
 * ../shared/data/livelinkface/alex_rom_3.csv: Timecode, BlendShapeCount (61 = 52 shapes + 9 angles),
 * the 52 ARKit shapes in PascalCase in the app's own order (JawRight before JawLeft, MouthRight before
 * MouthLeft, unlike Apple's), then head yaw/pitch/roll and each eye's yaw/pitch/roll. Columns are
 * matched by name, never by position.
 */
export const LIVE_LINK_SHAPES = [
  'EyeBlinkLeft', 'EyeLookDownLeft', 'EyeLookInLeft', 'EyeLookOutLeft', 'EyeLookUpLeft', 'EyeSquintLeft', 'EyeWideLeft',
  'EyeBlinkRight', 'EyeLookDownRight', 'EyeLookInRight', 'EyeLookOutRight', 'EyeLookUpRight', 'EyeSquintRight', 'EyeWideRight',
  'JawForward', 'JawRight', 'JawLeft', 'JawOpen', 'MouthClose', 'MouthFunnel', 'MouthPucker', 'MouthRight', 'MouthLeft',
  'MouthSmileLeft', 'MouthSmileRight', 'MouthFrownLeft', 'MouthFrownRight', 'MouthDimpleLeft', 'MouthDimpleRight',
  'MouthStretchLeft', 'MouthStretchRight', 'MouthRollLower', 'MouthRollUpper', 'MouthShrugLower', 'MouthShrugUpper',
  'MouthPressLeft', 'MouthPressRight', 'MouthLowerDownLeft', 'MouthLowerDownRight', 'MouthUpperUpLeft', 'MouthUpperUpRight',
  'BrowDownLeft', 'BrowDownRight', 'BrowInnerUp', 'BrowOuterUpLeft', 'BrowOuterUpRight', 'CheekPuff', 'CheekSquintLeft',
  'CheekSquintRight', 'NoseSneerLeft', 'NoseSneerRight', 'TongueOut',
] as const;
export const LIVE_LINK_ANGLES = ['HeadYaw', 'HeadPitch', 'HeadRoll', 'LeftEyeYaw', 'LeftEyePitch', 'LeftEyeRoll', 'RightEyeYaw', 'RightEyePitch', 'RightEyeRoll'] as const;
export const LIVE_LINK_HEADER: readonly string[] = ['Timecode', 'BlendShapeCount', ...LIVE_LINK_SHAPES, ...LIVE_LINK_ANGLES];

/** PascalCase Live Link name → ARKit column. */
const arkitOf = (pascal: string) => arkitIndex(pascal[0].toLowerCase() + pascal.slice(1));

export interface LiveLinkOptions {
  /** Timecode frame rate: the app counts frames at 60 by default (rows of a 30 fps take step 2). */
  timecodeRate?: number;
  /** Timecode of the first row, in seconds since midnight. */
  startSeconds?: number;
  /** Reading: resample the take onto a uniform grid at this fps by its timecodes (0 = keep rows as they are). */
  fps?: number;
}

export const LIVE_LINK_DEFAULTS: Required<LiveLinkOptions> = { timecodeRate: 60, startSeconds: 0, fps: 0 };

/**
 * "HH:MM:SS:FF.mmm": frames FF counted at `rate`, with the fraction of a frame after the dot
 * (the real take steps 13:13:04:31.652 → 13:13:04:33.651 at 30 rows/s).
 */
export function formatTimecode(seconds: number, rate: number): string {
  const milliFrames = Math.round(seconds * rate * 1000);
  const sub = milliFrames % 1000;
  const frames = Math.floor(milliFrames / 1000);
  const ff = frames % rate;
  const whole = Math.floor(frames / rate);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(Math.floor(whole / 3600) % 24)}:${pad(Math.floor(whole / 60) % 60)}:${pad(whole % 60)}:${pad(ff)}.${pad(sub, 3)}`;
}

/** Timecode → seconds since midnight at `rate` frames per second. */
export function parseTimecode(tc: string, rate: number): number {
  const m = /^(\d+):(\d+):(\d+):(\d+)(?:\.(\d+))?$/.exec(tc.trim());
  if (!m) return NaN;
  const frac = m[5] ? Number(`0.${m[5]}`) : 0;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + (Number(m[4]) + frac) / rate;
}

const DAY_SECONDS = 24 * 3600;

const fmt = (v: number) => (Math.abs(v) < 5e-11 ? 0 : v).toFixed(10);

/**
 * FaceTrack → Live Link Face CSV text (the header of a real take, 10 decimals like the app).
 * Angles are radians, in the app's own convention (measured on the real take's eyes: +yaw turns toward
 * the face's own right, +pitch looks down), so HeadYaw = −yaw, HeadPitch = pitch, HeadRoll = −roll of
 * the track; eye angles come from the eyeLook weights (src/retarget/eye-gaze.ts). The app records no
 * head translation, so the track's tx, ty, tz are not written.
 * Example: `fs.writeFileSync('take.livelink.csv', trackToLiveLinkCsv(track))`
 */
export function trackToLiveLinkCsv(track: FaceTrack, options: LiveLinkOptions = {}): string {
  assertValidTrack(track);
  const { timecodeRate, startSeconds } = { ...LIVE_LINK_DEFAULTS, ...options };
  const cols = LIVE_LINK_SHAPES.map(arkitOf);
  const lines = [LIVE_LINK_HEADER.join(',')];
  for (let t = 0; t < track.frameCount; t++) {
    const row = t * ARKIT_COUNT;
    const p = t * POSE_DIM;
    const l = eyeAngles(track, t, 'left');
    const r = eyeAngles(track, t, 'right');
    const cells = [formatTimecode(startSeconds + t / track.fps, timecodeRate), String(LIVE_LINK_SHAPES.length + LIVE_LINK_ANGLES.length)];
    for (const k of cols) cells.push(fmt(track.expression[row + k]));
    cells.push(fmt(-track.pose[p + 1]), fmt(track.pose[p]), fmt(-track.pose[p + 2]));
    cells.push(fmt(-l.yaw), fmt(l.pitch), fmt(0), fmt(-r.yaw), fmt(r.pitch), fmt(0));
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

/**
 * Live Link Face CSV → FaceTrack (real takes or ours). Columns are matched by name; fps comes from the
 * timecode step; head yaw/pitch/roll become the pose (no translation in the format); eye closure
 * follows EyeBlinkLeft/Right. `file` names the source in errors.
 * Example: `const track = liveLinkCsvToTrack(fs.readFileSync('take.csv', 'utf8'), 'take.csv')`
 */
export function liveLinkCsvToTrack(text: string, file = 'take.csv', options: LiveLinkOptions = {}): FaceTrack {
  const { timecodeRate, fps: resampleFps } = { ...LIVE_LINK_DEFAULTS, ...options };
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) throw new Error(`${file}: a Live Link Face CSV needs a header and at least one row`);
  const header = lines[0].split(',').map((h) => h.trim());
  const col = new Map(header.map((h, i) => [h, i]));
  const missing = ['Timecode', ...LIVE_LINK_SHAPES].filter((h) => !col.has(h));
  if (missing.length) throw new Error(`${file}: not a Live Link Face take; missing column(s) ${missing.slice(0, 4).join(', ')}${missing.length > 4 ? ', …' : ''}`);
  const rows = lines.slice(1).map((l) => l.split(','));
  const tcOf = (i: number) => (rows[i][col.get('Timecode')!] ?? '').trim();
  // Timecodes count from midnight: a take recorded across it wraps to 00:00 and goes on from there.
  let wraps = 0;
  const times = rows.map((r, i) => {
    const s = parseTimecode(tcOf(i), timecodeRate);
    if (!Number.isFinite(s)) throw new Error(`${file}: row ${i + 2} has an unreadable timecode "${tcOf(i)}"`);
    return s;
  });
  for (let i = 1; i < times.length; i++) {
    let t = times[i] + wraps * DAY_SECONDS;
    if (t < times[i - 1] - DAY_SECONDS / 2) {
      wraps++;
      t += DAY_SECONDS;
    }
    if (t < times[i - 1]) {
      throw new Error(`${file}: row ${i + 2} (timecode ${tcOf(i)}) is earlier than row ${i + 1} (${tcOf(i - 1)}); the rows must be in recording order`);
    }
    times[i] = t;
  }
  // Frame rate from the median timecode step (takes can jitter by a sub-frame).
  const steps = times.slice(1).map((t, i) => t - times[i]).filter((d) => d > 0).sort((a, b) => a - b);
  const fps = steps.length ? Math.round(1 / steps[Math.floor(steps.length / 2)]) : 30;
  const track = createTrack(rows.length, fps, { source: file });
  const num = (r: string[], name: string, i: number) => {
    const c = col.get(name);
    if (c === undefined) return 0;
    const v = Number(r[c]);
    if (!Number.isFinite(v)) throw new Error(`${file}: row ${i + 2}, column ${name} is not a number`);
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

/** Live Link names in Apple's ARKit order (for documentation and tests). */
export const LIVE_LINK_NAME_OF: Readonly<Record<string, string>> = Object.fromEntries(
  ARKIT_NAMES.map((n) => [n, n[0].toUpperCase() + n.slice(1)]),
);
