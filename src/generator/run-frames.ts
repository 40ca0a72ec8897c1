import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { type Defaults, ort, withDefaults } from '../runtime';
import { ARKIT_COUNT } from '../track';
import { type StreamFeatures, type StreamName, normalizeLevel, windowFeatures } from '../features';
import type { LoadedGenerator } from './load-generator';

/** What the frame graph says about frames start … start+count−1. */
export interface FrameChunk {
  start: number;
  count: number;
  expression: Float32Array; // count × 52
  eyeLong: Float32Array; // count
  poseSpeed?: Float32Array; // count × 6 (full model)
  poseFeatures?: Float32Array; // count × F (full model)
  pose?: Float32Array; // count × 6 (ablations with direct pose)
  attention?: Record<'expression' | 'pose' | 'eye', Float32Array>; // count × A
}

export interface RunFramesOptions {
  /** Output frames per graph call; a multiple of 4 (the U-Net's stride). */
  chunkFrames?: number;
  /** Frames of context on each side; longer than the graph's receptive field, a multiple of 4. */
  contextFrames?: number;
  keepAttention?: boolean;
}

const DEFAULTS: Defaults<RunFramesOptions> = Object.freeze({ chunkFrames: 1024, contextFrames: 64, keepAttention: false });

const roundUp = (n: number, m: number) => Math.ceil(n / m) * m;

function slice(t: Tensor, from: number, count: number, width: number): Float32Array {
  const data = t.data as Float32Array;
  return data.slice(from * width, (from + count) * width);
}

/**
 * Runs the frame graph over a whole song in overlapping chunks, so memory stays flat and (because the
 * context covers the receptive field) the result equals one pass over the whole song.
 * Example: `for await (const c of runFrameGraph(gen, { vocals, accompaniment }, T, style)) …`
 */
export async function* runFrameGraph(
  gen: LoadedGenerator,
  streams: StreamFeatures,
  frameCount: number,
  style: Float32Array,
  options: RunFramesOptions = {},
): AsyncGenerator<FrameChunk> {
  const o = withDefaults(DEFAULTS, options);
  const c = gen.card.contract;
  const multiple = c.frameMultiple ?? 1;
  if (o.chunkFrames % multiple || o.contextFrames % multiple) {
    throw new Error(`chunk (${o.chunkFrames}) and context (${o.contextFrames}) frames must be multiples of ${multiple}`);
  }
  const names = c.inputs.filter((n) => n !== 'style') as StreamName[];
  for (const n of names) if (!streams[n]) throw new Error(`the ${gen.card.id} model needs the ${n} stream`);
  // The card's level normalisation: the same function the shards it trained on were written with.
  const levels = gen.card.levels;
  if (levels) streams = Object.fromEntries(names.map((n) => [n, normalizeLevel(streams[n]!, levels)]));
  const styleTensor = new (ort().Tensor)('float32', style, [1, style.length]);
  for (let a = 0; a < frameCount; a += o.chunkFrames) {
    const b = Math.min(frameCount, a + o.chunkFrames);
    const lo = Math.max(0, a - o.contextFrames);
    // The graph takes a multiple of `frameMultiple` frames: pad past the song's end with its last
    // windows (what windowFeatures gives there) and drop those outputs.
    const hi = lo + roundUp(Math.min(frameCount, b + o.contextFrames) - lo, multiple);
    const feeds: Record<string, Tensor> = { style: styleTensor };
    for (const n of names) {
      const f = windowFeatures(streams[n]!, lo, hi - lo);
      feeds[n] = new (ort().Tensor)('float32', f.data, [1, hi - lo, f.window, f.dim]);
    }
    const out = await gen.frame.run(feeds);
    const off = a - lo;
    const count = b - a;
    const chunk: FrameChunk = {
      start: a,
      count,
      expression: slice(out.expression, off, count, ARKIT_COUNT),
      eyeLong: slice(out.eye_long, off, count, 1),
    };
    if (out.pose_speed) chunk.poseSpeed = slice(out.pose_speed, off, count, 6);
    if (out.pose_features) {
      const width = out.pose_features.dims[2] as number;
      chunk.poseFeatures = slice(out.pose_features, off, count, width);
    }
    if (out.pose) chunk.pose = slice(out.pose, off, count, 6);
    if (o.keepAttention && out.att_expression) {
      const w = out.att_expression.dims[2] as number;
      chunk.attention = {
        expression: slice(out.att_expression, off, count, w),
        pose: slice(out.att_pose, off, count, w),
        eye: slice(out.att_eye, off, count, w),
      };
    }
    yield chunk;
  }
}

export type { InferenceSession };
