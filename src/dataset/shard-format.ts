import type { LevelNorm } from '../features';
import { type FaceTrack, ARKIT_COUNT, EYE_DIM, POSE_DIM } from '../track';

/**
 * Training shards (read by training/data.py): per song `<id>.{vocals,accompaniment,mixture}.f32`
 * (100 fps MFCC+delta rows, n × 26), `<id>.widx.i32` (T × 39 window row indices, from the same
 * windowing code as inference) and `<id>.labels.f32` (T × LABEL_DIM); `index.json` lists the songs
 * and, as `labelColumns`, the [start, end) columns of each label below (the Python reads them there).
 */
export const LABEL_COLUMNS = { expression: [0, 52], pose: [52, 58], eyeLong: [58, 59], eyes: [59, 61], vocal: [61, 62] } as const;
export const LABEL_DIM = Math.max(...Object.values(LABEL_COLUMNS).map(([, end]) => end));

export type LabelColumns = { [K in keyof typeof LABEL_COLUMNS]: readonly [number, number] };

export interface ShardEntry {
  id: string;
  frames: number;
  mfccFrames: number;
  style: string;
  styleIndex: number;
  /** 'train' | 'val' | 'test' by song. */
  split: string;
  /** Split for the held-out-style test: 'train' | 'test'. */
  styleSplit: string;
  source: string;
}

export interface ShardIndex {
  format: 'musicface.shards';
  version: 1;
  styles: string[];
  features: Record<string, number | boolean>;
  /** Level normalisation applied to every stream's rows (absent in shards written before it). */
  levels?: LevelNorm;
  /** Where each label sits in a labels.f32 row (absent in shards written before it). */
  labelColumns?: LabelColumns;
  separator: string;
  songs: ShardEntry[];
}

/** Rows of targets: expression, pose, long eye closing, eye closure, vocal activity. */
export function labelRows(track: FaceTrack, eyeLong: ArrayLike<number>, vocal: ArrayLike<number>): Float32Array {
  const T = track.frameCount;
  const out = new Float32Array(T * LABEL_DIM);
  for (let t = 0; t < T; t++) {
    const row = out.subarray(t * LABEL_DIM, (t + 1) * LABEL_DIM);
    row.set(track.expression.subarray(t * ARKIT_COUNT, (t + 1) * ARKIT_COUNT), LABEL_COLUMNS.expression[0]);
    row.set(track.pose.subarray(t * POSE_DIM, (t + 1) * POSE_DIM), LABEL_COLUMNS.pose[0]);
    row[LABEL_COLUMNS.eyeLong[0]] = eyeLong[t] ?? 0;
    row.set(track.eyes.subarray(t * EYE_DIM, (t + 1) * EYE_DIM), LABEL_COLUMNS.eyes[0]);
    row[LABEL_COLUMNS.vocal[0]] = vocal[t] ?? 0;
  }
  return out;
}
