import type { Defaults } from '../runtime';

export interface LiveLinkOptions {
  /** Timecode frame rate: the app counts frames at 60 by default (rows of a 30 fps take step 2). */
  timecodeRate?: number;
  /** Timecode of the first row, in seconds since midnight. */
  startSeconds?: number;
  /** Reading: resample the take onto a uniform grid at this fps by its timecodes (0 = keep rows as they are). */
  fps?: number;
}

export const LIVE_LINK_DEFAULTS: Defaults<LiveLinkOptions> = Object.freeze({ timecodeRate: 60, startSeconds: 0, fps: 0 });

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
