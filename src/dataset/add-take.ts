import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { liveLinkCsvToTrack } from '../livelink';
import { FEATURE_PARAMS, videoFrameCount } from '../features';
import { probeAudio } from '../audio';
import { writeFileAtomic, checkOutputs, DatasetError } from '../runtime';
import { DEFAULT_SEPARATOR, createSeparator } from '../separation';
import { songFeatures } from '../song-features';
import { ARKIT_COUNT, closures, createTrack, EYE_DIM, type FaceTrack, POSE_DIM, TrackError } from '../track';
import { labelRows, type ShardEntry, type ShardIndex } from './shard-format';
import { windowIndex } from './window-index';

export interface TakeOptions {
  /** The song as it played while the take was recorded (the take's first row = the song's start). */
  audio: string;
  /** The Live Link Face CSV of the singer's face. */
  livelink: string;
  /** Style (performer) name; a new name becomes a new style of the model. */
  style: string;
  split?: string;
  separator?: string;
}

/** The take cut or held (last row repeated) to the song's frame count (they differ by at most one frame). */
function fitLength(take: FaceTrack, frames: number): FaceTrack {
  const out = createTrack(frames, take.fps, take.meta);
  for (let t = 0; t < frames; t++) {
    const s = Math.min(t, take.frameCount - 1);
    out.expression.set(take.expression.subarray(s * ARKIT_COUNT, (s + 1) * ARKIT_COUNT), t * ARKIT_COUNT);
    out.pose.set(take.pose.subarray(s * POSE_DIM, (s + 1) * POSE_DIM), t * POSE_DIM);
    out.eyes.set(take.eyes.subarray(s * EYE_DIM, (s + 1) * EYE_DIM), t * EYE_DIM);
  }
  return out;
}

/** A take recorded to another song, or cut short, would teach the model the wrong face for the sound. */
function checkLengths(o: TakeOptions, takeFrames: number, songSeconds: number): void {
  const songFrames = videoFrameCount(songSeconds);
  if (Math.abs(takeFrames - songFrames) > 1) {
    const fps = FEATURE_PARAMS.fps;
    throw new DatasetError(
      `${o.livelink}: the take lasts ${takeFrames} frames (${(takeFrames / fps).toFixed(2)} s) but ${o.audio} lasts ${songFrames} frames ` +
        `(${songSeconds.toFixed(2)} s) at ${fps} fps; a take must be as long as its song, within a frame`,
      { file: o.livelink },
    );
  }
}

/** SHA-256 of a file, streamed (a song can be large). */
function fileHash(file: string): string {
  const h = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    for (let n: number; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) h.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return h.digest('hex');
}

/**
 * The take's id: a hash of what it is made of (the CSV, the song, the separator), not of its file name,
 * so `day1/take.csv` and `day2/take.csv` are two takes and adding the same take again changes nothing.
 */
export function takeId(o: Pick<TakeOptions, 'audio' | 'livelink' | 'separator'>): string {
  const h = crypto.createHash('sha256');
  h.update(fileHash(o.livelink))
    .update('\0')
    .update(fileHash(o.audio))
    .update('\0')
    .update(o.separator ?? DEFAULT_SEPARATOR);
  return `take-${h.digest('hex').slice(0, 16)}`;
}

/** The paper's long-closing label (4.2): closures of 0.5 s or more, taken from the eye closure itself. */
function longClosing(track: FaceTrack): Float32Array {
  const eye = new Float32Array(track.frameCount);
  for (let t = 0; t < track.frameCount; t++) eye[t] = Math.max(track.eyes[t * EYE_DIM], track.eyes[t * EYE_DIM + 1]);
  const out = new Float32Array(track.frameCount);
  for (const c of closures(eye)) if (c.end - c.start >= 0.5 * track.fps) for (let t = c.start; t < c.end; t++) out[t] = eye[t];
  return out;
}

/**
 * Adds a real take — a song and the Live Link Face CSV recorded while it was sung — to a shard folder,
 * so a studio can train on its own singer. Timecodes are resampled to 30 fps; the song is separated
 * and featurised exactly as at inference.
 * Example: `await addTake('shards', { audio: 'song.wav', livelink: 'take.csv', style: 'our-singer' })`
 */
export async function addTake(shards: string, o: TakeOptions): Promise<ShardEntry> {
  const indexPath = path.join(shards, 'index.json');
  if (!fs.existsSync(indexPath))
    throw new DatasetError(`${shards}: no index.json (build shards first, or create the folder with \`dataset build\`)`, { file: shards });
  const index = JSON.parse(fs.readFileSync(indexPath, 'utf8')) as ShardIndex;
  if (!fs.existsSync(o.livelink)) throw new TrackError(`${o.livelink}: no such file`, { file: o.livelink });
  const take = liveLinkCsvToTrack(fs.readFileSync(o.livelink, 'utf8'), o.livelink, { fps: FEATURE_PARAMS.fps });
  // The header's duration is enough to refuse a take of another length before the slow part.
  checkLengths(o, take.frameCount, (await probeAudio(o.audio)).durationSeconds);
  const id = takeId(o);
  const base = path.join(shards, id);
  const files = ['vocals.f32', 'accompaniment.f32', 'mixture.f32', 'widx.i32', 'labels.f32'].map((ext) => `${base}.${ext}`);
  checkOutputs([indexPath, ...files], [o.audio, o.livelink]);
  const split = o.split ?? 'train';
  const existing = index.songs.find((e) => e.id === id);
  if (existing && files.every((f) => fs.existsSync(f))) {
    // The same take again: nothing to compute; only its style or split may change.
    if (existing.style === o.style && existing.split === split) return existing;
    return saveEntry(index, indexPath, { ...existing, style: o.style, split, styleSplit: split });
  }
  const separator = await createSeparator(o.separator ?? DEFAULT_SEPARATOR);
  const s = await songFeatures(o.audio, true, { separator });
  checkLengths(o, take.frameCount, s.duration);
  const frames = videoFrameCount(s.duration);
  const track = fitLength(take, frames);
  const bin = (data: Float32Array | Int32Array) => new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  writeFileAtomic(files[0], bin(s.vocals.data));
  writeFileAtomic(files[1], bin(s.accompaniment.data));
  writeFileAtomic(files[2], bin(s.mixture!.data));
  writeFileAtomic(files[3], bin(windowIndex(s.vocals.frames, frames)));
  // Vocal activity is unknown for a real take (it only labels synthetic songs); zeros.
  writeFileAtomic(files[4], bin(labelRows(track, longClosing(track), new Float32Array(frames))));
  return saveEntry(index, indexPath, {
    id,
    frames,
    mfccFrames: s.vocals.frames,
    style: o.style,
    styleIndex: -1,
    split,
    styleSplit: split,
    source: `take:${path.basename(o.audio)}+${path.basename(o.livelink)}`,
  });
}

function saveEntry(index: ShardIndex, indexPath: string, entry: ShardEntry): ShardEntry {
  const replaced = index.songs.find((e) => e.id === entry.id);
  index.songs = index.songs.filter((e) => e.id !== entry.id);
  // A take re-added under another style leaves its old style without songs: drop it when it is the
  // last one (a take's style is appended; corpus styles before it keep their indices).
  const last = index.styles[index.styles.length - 1];
  if (replaced && replaced.style !== entry.style && last === replaced.style && !index.songs.some((e) => e.style === last))
    index.styles.pop();
  if (!index.styles.includes(entry.style)) index.styles.push(entry.style);
  entry.styleIndex = index.styles.indexOf(entry.style);
  index.songs.push(entry);
  writeFileAtomic(indexPath, JSON.stringify(index, null, 1) + '\n');
  return entry;
}
