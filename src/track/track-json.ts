import { ARKIT_COUNT, ARKIT_NAMES, EYE_NAMES, POSE_NAMES } from './arkit';
import { EYE_DIM, type FaceTrack, POSE_DIM, createTrack } from './face-track';
import { assertValidTrack } from './validate';
import { TrackError } from './track-error';

export const TRACK_FORMAT = 'musicface.facetrack';
export const TRACK_VERSION = 1;

/** Values are written with 6 decimals: far below what any rig can show, and stable bytes per seed. */
const round6 = (v: number) => Math.round(v * 1e6) / 1e6 || 0;

function rows(flat: Float32Array, width: number, frames: number): number[][] {
  const out: number[][] = new Array(frames);
  for (let t = 0; t < frames; t++) {
    const row = new Array<number>(width);
    for (let c = 0; c < width; c++) row[c] = round6(flat[t * width + c]);
    out[t] = row;
  }
  return out;
}

/**
 * FaceTrack → JSON text (one row per frame, named columns in a header).
 * Example: `fs.writeFileSync('song.json', trackToJson(track))`
 */
export function trackToJson(track: FaceTrack): string {
  assertValidTrack(track);
  const doc = {
    format: TRACK_FORMAT,
    version: TRACK_VERSION,
    fps: track.fps,
    frameCount: track.frameCount,
    columns: { expression: ARKIT_NAMES, pose: POSE_NAMES, eyes: EYE_NAMES },
    meta: track.meta,
    expression: rows(track.expression, ARKIT_COUNT, track.frameCount),
    pose: rows(track.pose, POSE_DIM, track.frameCount),
    eyes: rows(track.eyes, EYE_DIM, track.frameCount),
  };
  // One frame per line keeps big files diffable and streamable by line-oriented tools.
  const body = (name: string, r: number[][]) => `"${name}":[\n${r.map((x) => JSON.stringify(x)).join(',\n')}\n]`;
  const head = JSON.stringify({ ...doc, expression: undefined, pose: undefined, eyes: undefined });
  return `${head.slice(0, -1)},\n${body('expression', doc.expression)},\n${body('pose', doc.pose)},\n${body('eyes', doc.eyes)}\n}\n`;
}

function fill(target: Float32Array, data: unknown, width: number, frames: number, what: string, file: string) {
  if (!Array.isArray(data) || data.length !== frames) {
    throw new TrackError(`${file}: "${what}" must be an array of ${frames} rows`, { file });
  }
  for (let t = 0; t < frames; t++) {
    const row = data[t];
    if (!Array.isArray(row) || row.length !== width)
      throw new TrackError(`${file}: "${what}" row ${t} must have ${width} numbers`, { file });
    for (let c = 0; c < width; c++) {
      const v = row[c];
      if (typeof v !== 'number') throw new TrackError(`${file}: "${what}" row ${t} column ${c} is not a number`, { file });
      target[t * width + c] = v;
    }
  }
}

/** JSON text written by `trackToJson` → FaceTrack (validated). `file` names the source in errors. */
export function trackFromJson(text: string, file = 'track.json'): FaceTrack {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new TrackError(`${file}: not valid JSON (${(e as Error).message})`, { file });
  }
  if (doc.format !== TRACK_FORMAT)
    throw new TrackError(`${file}: not a MusicFace face track (format is ${JSON.stringify(doc.format)})`, { file });
  const frames = doc.frameCount as number;
  const fps = doc.fps as number;
  if (!Number.isInteger(frames) || frames < 1) throw new TrackError(`${file}: frameCount must be a positive integer`, { file });
  const cols = doc.columns as { expression?: string[] } | undefined;
  if (!cols || JSON.stringify(cols.expression) !== JSON.stringify(ARKIT_NAMES)) {
    throw new TrackError(`${file}: expression columns are not the 52 ARKit names in Apple's order`, { file });
  }
  const track = createTrack(frames, fps, (doc.meta as Record<string, unknown>) ?? {});
  fill(track.expression, doc.expression, ARKIT_COUNT, frames, 'expression', file);
  fill(track.pose, doc.pose, POSE_DIM, frames, 'pose', file);
  fill(track.eyes, doc.eyes, EYE_DIM, frames, 'eyes', file);
  assertValidTrack(track, file);
  return track;
}
