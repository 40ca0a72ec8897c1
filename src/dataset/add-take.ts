import * as fs from 'fs';
import * as path from 'path';
import { liveLinkCsvToTrack } from '../../exporters/livelink-csv';
import { FEATURE_PARAMS, videoFrameCount } from '../features/index';
import { writeFileAtomic } from '../runtime/atomic-write';
import { createSeparator } from '../separation/create-separator';
import { songFeatures } from '../song-features';
import { ARKIT_COUNT } from '../track/arkit';
import { closures } from '../track/eye-closures';
import { createTrack, EYE_DIM, FaceTrack, POSE_DIM } from '../track/face-track';
import { labelRows, ShardEntry, ShardIndex } from './shard-format';
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

/** The take cut or held (last row repeated) to the song's frame count. */
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
  if (!fs.existsSync(indexPath)) throw new Error(`${shards}: no index.json (build shards first, or create the folder with \`dataset build\`)`);
  const index = JSON.parse(fs.readFileSync(indexPath, 'utf8')) as ShardIndex;
  if (!fs.existsSync(o.livelink)) throw new Error(`${o.livelink}: no such file`);
  const take = liveLinkCsvToTrack(fs.readFileSync(o.livelink, 'utf8'), o.livelink, { fps: FEATURE_PARAMS.fps });
  const separator = await createSeparator(o.separator ?? 'builtin');
  const s = await songFeatures(o.audio, true, { separator });
  const frames = videoFrameCount(s.duration);
  const track = fitLength(take, frames);
  const id = `take-${path.basename(o.livelink).replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const base = path.join(shards, id);
  const bin = (data: Float32Array | Int32Array) => new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  writeFileAtomic(`${base}.vocals.f32`, bin(s.vocals.data));
  writeFileAtomic(`${base}.accompaniment.f32`, bin(s.accompaniment.data));
  writeFileAtomic(`${base}.mixture.f32`, bin(s.mixture!.data));
  writeFileAtomic(`${base}.widx.i32`, bin(windowIndex(s.vocals.frames, frames)));
  // Vocal activity is unknown for a real take (it only labels synthetic songs); zeros.
  writeFileAtomic(`${base}.labels.f32`, bin(labelRows(track, longClosing(track), new Float32Array(frames))));
  if (!index.styles.includes(o.style)) index.styles.push(o.style);
  const entry: ShardEntry = {
    id,
    frames,
    mfccFrames: s.vocals.frames,
    style: o.style,
    styleIndex: index.styles.indexOf(o.style),
    split: o.split ?? 'train',
    styleSplit: o.split ?? 'train',
    source: `take:${path.basename(o.audio)}+${path.basename(o.livelink)}`,
  };
  index.songs = [...index.songs.filter((e) => e.id !== id), entry];
  writeFileAtomic(indexPath, JSON.stringify(index, null, 1) + '\n');
  return entry;
}
