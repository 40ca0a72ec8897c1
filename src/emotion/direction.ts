import * as fs from 'node:fs';
import { EMOTION_NAMES, isEmotionName } from './emotions';
import type { EmotionChoice } from './perform-emotion';
import { TrackError } from '../track';

/** One directed stretch of the song: an emotion (or "auto") at an intensity from `start` to `end` seconds. */
export interface DirectionRange {
  start: number;
  end: number;
  emotion: EmotionChoice;
  /** 0 … 1; default: the run's intensity. */
  intensity?: number;
}

/** A timeline of emotions; ranges fade in and out over `crossfade` seconds centred on their edges (default 1). */
export interface Direction {
  crossfade?: number;
  sections: DirectionRange[];
}

export const DEFAULT_CROSSFADE_SECONDS = 1;

/**
 * Checks a direction (parsed JSON: `{ "crossfade": 1, "sections": [{ "start": 0, "end": 30, "emotion":
 * "joy", "intensity": 0.8 }, …] }` or the sections array alone) and returns it; a bad one throws one
 * sentence that names `file` and the problem.
 */
export function checkDirection(doc: unknown, file = 'direction'): Direction {
  const fail = (msg: string): never => {
    throw new TrackError(`${file}: ${msg}`, { file });
  };
  const d = Array.isArray(doc) ? { sections: doc } : doc;
  if (!d || typeof d !== 'object') fail('expected an object with "sections" (a list of { start, end, emotion, intensity })');
  const obj = d as Record<string, unknown>;
  for (const k of Object.keys(obj))
    if (k !== 'sections' && k !== 'crossfade') fail(`unknown field "${k}" (a direction has "sections" and "crossfade")`);
  const crossfade = obj.crossfade ?? DEFAULT_CROSSFADE_SECONDS;
  if (typeof crossfade !== 'number' || !(crossfade >= 0 && crossfade <= 30))
    fail(`"crossfade" must be seconds from 0 to 30, got ${JSON.stringify(obj.crossfade)}`);
  if (!Array.isArray(obj.sections)) fail('"sections" must be a list of { start, end, emotion, intensity }');
  const sections = (obj.sections as unknown[]).map((s, i) => {
    const where = `section ${i + 1}`;
    if (!s || typeof s !== 'object' || Array.isArray(s)) return fail(`${where} must be an object { start, end, emotion, intensity }`);
    const r = s as Record<string, unknown>;
    for (const k of Object.keys(r)) if (!['start', 'end', 'emotion', 'intensity'].includes(k)) fail(`${where} has an unknown field "${k}"`);
    for (const k of ['start', 'end'] as const) {
      if (typeof r[k] !== 'number' || !Number.isFinite(r[k] as number) || (r[k] as number) < 0)
        fail(`${where}: "${k}" must be seconds (a number ≥ 0), got ${JSON.stringify(r[k])}`);
    }
    if ((r.end as number) <= (r.start as number)) fail(`${where}: "end" (${r.end}) must be after "start" (${r.start})`);
    if (!(r.emotion === 'auto' || isEmotionName(r.emotion)))
      fail(`${where}: "emotion" must be one of auto, ${EMOTION_NAMES.join(', ')}, got ${JSON.stringify(r.emotion)}`);
    if (r.intensity !== undefined && !(typeof r.intensity === 'number' && r.intensity >= 0 && r.intensity <= 1)) {
      fail(`${where}: "intensity" must be a number from 0 to 1, got ${JSON.stringify(r.intensity)}`);
    }
    return {
      start: r.start as number,
      end: r.end as number,
      emotion: r.emotion as EmotionChoice,
      ...(r.intensity !== undefined ? { intensity: r.intensity as number } : {}),
    };
  });
  return { crossfade: crossfade as number, sections };
}

/** Reads and checks a direction file (see `checkDirection`). */
export function readDirection(file: string): Direction {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new TrackError(`${file}: cannot read the direction file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, {
      file,
    });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new TrackError(`${file}: not valid JSON (${(e as Error).message})`, { file });
  }
  return checkDirection(doc, file);
}

/**
 * How much of a range shows at each frame: 1 inside, 0 outside, a linear ramp `crossfade` seconds wide
 * centred on each edge (a range shorter than the fade peaks below 1).
 */
export function rangeAlpha(range: DirectionRange, frameCount: number, fps: number, crossfade: number): Float32Array {
  const out = new Float32Array(frameCount);
  const half = crossfade / 2;
  for (let t = 0; t < frameCount; t++) {
    const s = t / fps;
    const up = half > 0 ? (s - (range.start - half)) / crossfade : s >= range.start ? 1 : 0;
    const down = half > 0 ? (range.end + half - s) / crossfade : s < range.end ? 1 : 0;
    out[t] = Math.max(0, Math.min(1, up, down));
  }
  return out;
}
