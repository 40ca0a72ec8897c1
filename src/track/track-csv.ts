import { ARKIT_COUNT, ARKIT_NAMES, EYE_NAMES, POSE_NAMES } from './arkit';
import { EYE_DIM, type FaceTrack, POSE_DIM, createTrack } from './face-track';
import { assertValidTrack } from './validate';
import { TrackError } from './track-error';

/** `time`, the 52 ARKit names, pitch…tz, eyeClosedLeft/Right: one row per frame. */
export const TRACK_CSV_HEADER: readonly string[] = ['time', ...ARKIT_NAMES, ...POSE_NAMES, ...EYE_NAMES];

const fmt = (v: number) => String(Math.round(v * 1e6) / 1e6 || 0);

/**
 * FaceTrack → CSV text, one row per frame, times in seconds.
 * Example: `fs.writeFileSync('song.csv', trackToCsv(track))`
 */
export function trackToCsv(track: FaceTrack): string {
  assertValidTrack(track);
  const lines = [TRACK_CSV_HEADER.join(',')];
  for (let t = 0; t < track.frameCount; t++) {
    const cells: string[] = [fmt(t / track.fps)];
    for (let c = 0; c < ARKIT_COUNT; c++) cells.push(fmt(track.expression[t * ARKIT_COUNT + c]));
    for (let c = 0; c < POSE_DIM; c++) cells.push(fmt(track.pose[t * POSE_DIM + c]));
    for (let c = 0; c < EYE_DIM; c++) cells.push(fmt(track.eyes[t * EYE_DIM + c]));
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

/** CSV written by `trackToCsv` → FaceTrack. Columns are matched by name; fps comes from the time column. */
export function trackFromCsv(text: string, file = 'track.csv', meta: Record<string, unknown> = {}): FaceTrack {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) throw new TrackError(`${file}: a track CSV needs a header and at least one row`, { file });
  const header = lines[0].split(',').map((h) => h.trim());
  const col = new Map(header.map((h, i) => [h, i]));
  const missing = TRACK_CSV_HEADER.filter((h) => !col.has(h));
  if (missing.length)
    throw new TrackError(`${file}: missing column(s) ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`, { file });
  const frames = lines.length - 1;
  const cell = (row: string[], name: string, r: number) => {
    const v = Number(row[col.get(name)!]);
    if (!Number.isFinite(v)) throw new TrackError(`${file}: row ${r + 1}, column ${name} is not a number`, { file });
    return v;
  };
  const parsed = lines.slice(1).map((l) => l.split(','));
  const dt = frames > 1 ? cell(parsed[1], 'time', 1) - cell(parsed[0], 'time', 0) : 1 / 30;
  const fps = Math.round(1 / dt);
  const track = createTrack(frames, fps, meta);
  parsed.forEach((row, t) => {
    ARKIT_NAMES.forEach((n, c) => (track.expression[t * ARKIT_COUNT + c] = cell(row, n, t)));
    POSE_NAMES.forEach((n, c) => (track.pose[t * POSE_DIM + c] = cell(row, n, t)));
    EYE_NAMES.forEach((n, c) => (track.eyes[t * EYE_DIM + c] = cell(row, n, t)));
  });
  assertValidTrack(track, file);
  return track;
}
