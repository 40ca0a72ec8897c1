import type { InferenceSession } from 'onnxruntime-node';
import { createInferenceSession, gemmModel, type Initializer, ort, readInitializers } from '../runtime';

const POSE = 6;

/**
 * Eq. 7's LSTM cell with the exported direction graph's own weights, stepped in JavaScript.
 *
 * Why: stepping the graph costs one `session.run` per video frame (7,200 for a 4-minute song, ~0.46 s
 * of CPU, nearly all of it call overhead for a 146 → 64 cell). Most of the cell's work, the input term of
 * the frame's features (W_ih[:, :F]·x), does not depend on the recurrence, so it runs batched: one Gemm
 * per chunk in ONNX Runtime. What has to go frame by frame — the previous pose and velocity, the hidden
 * state, the gates, the direction layer — runs here (256 × 76 multiply-adds a frame).
 * Same operations as the graph (exported from PyTorch's LSTMCell: gates i, f, g, o); sums in float64.
 */
export class DirectionCell {
  /** Per gate, W_ih's columns for prev_pose / pose_scale and prev_velocity / vel_scale, then W_hh's row (zero-padded to `stride`). */
  private readonly wRecurrent: Float64Array;
  private readonly wOut: Float64Array;
  private readonly bOut: Float64Array;
  private readonly poseScale: Float64Array;
  private readonly velScale: Float64Array;
  private readonly gates: Float64Array;
  /** [prev_pose / pose_scale, prev_velocity / vel_scale, h]: the recurrent input, one row of length 12 + H. */
  private readonly input: Float64Array;

  private constructor(
    private readonly projection: InferenceSession,
    w: Map<string, Initializer>,
    private readonly featureDim: number,
    readonly hidden: number,
  ) {
    const F = featureDim;
    const G = 4 * hidden;
    const ih = w.get('g.lstm.weight_ih')!.data;
    const hh = w.get('g.lstm.weight_hh')!.data;
    const n = stride(hidden);
    this.wRecurrent = new Float64Array(G * n);
    for (let g = 0; g < G; g++) {
      for (let j = 0; j < 2 * POSE; j++) this.wRecurrent[g * n + j] = ih[g * (F + 2 * POSE) + F + j];
      for (let j = 0; j < hidden; j++) this.wRecurrent[g * n + 2 * POSE + j] = hh[g * hidden + j];
    }
    this.input = new Float64Array(n);
    this.wOut = Float64Array.from(w.get('g.direction.weight')!.data);
    this.bOut = Float64Array.from(w.get('g.direction.bias')!.data);
    this.poseScale = Float64Array.from(w.get('g.pose_scale')!.data);
    this.velScale = Float64Array.from(w.get('g.vel_scale')!.data);
    this.gates = new Float64Array(G);
  }

  /**
   * The cell of a direction graph exported by training/export.py; undefined when the graph does not carry
   * those weights under those names and shapes (the integrator then steps the graph itself).
   */
  static async fromGraph(graph: Uint8Array, featureDim: number, hidden: number): Promise<DirectionCell | undefined> {
    const w = readInitializers(graph);
    const G = 4 * hidden;
    const shapes: Record<string, number[]> = {
      'g.lstm.weight_ih': [G, featureDim + 2 * POSE],
      'g.lstm.weight_hh': [G, hidden],
      'g.lstm.bias_ih': [G],
      'g.lstm.bias_hh': [G],
      'g.direction.weight': [POSE, hidden],
      'g.direction.bias': [POSE],
      'g.pose_scale': [POSE],
      'g.vel_scale': [POSE],
    };
    for (const [name, dims] of Object.entries(shapes)) if (w.get(name)?.dims.join() !== dims.join()) return undefined;
    const ih = w.get('g.lstm.weight_ih')!.data;
    const wx = new Float32Array(G * featureDim);
    for (let g = 0; g < G; g++) wx.set(ih.subarray(g * (featureDim + 2 * POSE), g * (featureDim + 2 * POSE) + featureDim), g * featureDim);
    const bIh = w.get('g.lstm.bias_ih')!.data;
    const bHh = w.get('g.lstm.bias_hh')!.data;
    const bias = Float32Array.from(bIh, (b, g) => b + bHh[g]);
    // One thread: a chunk's Gemm is a few milliseconds, and the frame graph already holds the pool.
    const { session } = await createInferenceSession(gemmModel({ dims: [G, featureDim], data: wx }, { dims: [G], data: bias }), {
      device: 'cpu',
      threads: 1,
    });
    return new DirectionCell(session, w, featureDim, hidden);
  }

  /** W_ih[:, :F]·x_t + b_ih + b_hh for `count` frames of features (count × F) → count × 4H. */
  async project(features: Float32Array, count: number): Promise<Float32Array> {
    const F = this.featureDim;
    const x = new (ort().Tensor)('float32', features.subarray(0, count * F), [count, F]);
    const res = await this.projection.run({ X: x });
    return res.Y.data as Float32Array;
  }

  /**
   * One frame: gates from the projected input row `t` of `gx`, the previous pose and velocity (physical
   * units) and h; h and c updated in place; the direction d_t into `d`.
   */
  step(gx: Float32Array, t: number, pose: Float32Array, velocity: Float32Array, h: Float64Array, c: Float64Array, d: Float64Array): void {
    const H = this.hidden;
    const G = 4 * H;
    const P = 2 * POSE;
    const x = this.input;
    for (let k = 0; k < POSE; k++) {
      x[k] = pose[k] / this.poseScale[k];
      x[POSE + k] = velocity[k] / this.velScale[k];
    }
    x.set(h, P);
    const gates = this.gates;
    const w = this.wRecurrent;
    const n = stride(H);
    const row = t * G;
    // one dot product of length 12 + H per gate (4 partial sums)
    for (let g = 0, o = 0; g < G; g++, o += n) {
      let s0 = gx[row + g];
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < n; j += 4) {
        s0 += w[o + j] * x[j];
        s1 += w[o + j + 1] * x[j + 1];
        s2 += w[o + j + 2] * x[j + 2];
        s3 += w[o + j + 3] * x[j + 3];
      }
      gates[g] = s0 + s1 + s2 + s3;
    }
    for (let j = 0; j < H; j++) {
      const i = sigmoid(gates[j]);
      const f = sigmoid(gates[H + j]);
      const cell = Math.tanh(gates[2 * H + j]);
      const o = sigmoid(gates[3 * H + j]);
      c[j] = f * c[j] + i * cell;
      h[j] = o * Math.tanh(c[j]);
    }
    for (let k = 0; k < POSE; k++) {
      let s = this.bOut[k];
      for (let j = 0; j < H; j++) s += this.wOut[k * H + j] * h[j];
      d[k] = Math.tanh(s);
    }
  }

  release(): Promise<void> {
    return this.projection.release();
  }
}

/** Row length of the recurrent weights: 12 + H rounded up to the unrolled loop's 4. */
function stride(hidden: number): number {
  return Math.ceil((2 * POSE + hidden) / 4) * 4;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
