import type { InferenceSession } from 'onnxruntime-node';
import { createInferenceSession, gemmModel, type Initializer, ort, readInitializers } from '../runtime';
import { MATVEC_WASM_BASE64 } from './kernels/matvec-wasm';

const POSE = 6;

/**
 * Eq. 7's LSTM cell with the exported direction graph's own weights, stepped in JavaScript.
 *
 * Why: stepping the graph costs one `session.run` per video frame (7,200 for a 4-minute song, ~0.46 s
 * of CPU, nearly all of it call overhead for a 146 → 64 cell). Most of the cell's work, the input term of
 * the frame's features (W_ih[:, :F]·x), does not depend on the recurrence, so it runs batched: one Gemm
 * per chunk in ONNX Runtime. What has to go frame by frame — the previous pose and velocity, the hidden
 * state, the gates, the direction layer — runs here: the 256 × 76 recurrent product in a WebAssembly SIMD
 * kernel (kernels/matvec.wat; in JavaScript it was 190 ms of a 4-minute song), the rest in JavaScript.
 * Same operations as the graph (exported from PyTorch's LSTMCell: gates i, f, g, o), in float32 like it.
 */
export class DirectionCell {
  private readonly kernel: { memory: WebAssembly.Memory; matvec: (w: number, x: number, y: number, rows: number, n: number) => void };
  /** In kernel memory: [prev_pose / pose_scale, prev_velocity / vel_scale, h, zeros] (the recurrent input) … */
  private readonly x: Float32Array;
  /** … and the recurrent term of each gate. */
  private readonly y: Float32Array;
  private readonly at: { w: number; x: number; y: number; n: number };
  private readonly wOut: Float64Array;
  private readonly bOut: Float64Array;
  private readonly poseScale: Float64Array;
  private readonly velScale: Float64Array;

  private constructor(
    private readonly projection: InferenceSession,
    w: Map<string, Initializer>,
    private readonly featureDim: number,
    readonly hidden: number,
  ) {
    const F = featureDim;
    const G = 4 * hidden;
    const P = 2 * POSE;
    const ih = w.get('g.lstm.weight_ih')!.data;
    const hh = w.get('g.lstm.weight_hh')!.data;
    // per gate, W_ih's columns for prev_pose / pose_scale and prev_velocity / vel_scale, then W_hh's row,
    // zero-padded to the kernel's multiple of 8
    const n = Math.ceil((P + hidden) / 8) * 8;
    this.at = { w: 0, x: G * n * 4, y: G * n * 4 + n * 4, n };
    this.kernel = new WebAssembly.Instance(matvecModule(), {}).exports as unknown as DirectionCell['kernel'];
    const bytes = this.at.y + G * 4;
    const have = this.kernel.memory.buffer.byteLength;
    if (bytes > have) this.kernel.memory.grow(Math.ceil((bytes - have) / 65536));
    const buffer = this.kernel.memory.buffer;
    const wr = new Float32Array(buffer, this.at.w, G * n);
    for (let g = 0; g < G; g++) {
      for (let j = 0; j < P; j++) wr[g * n + j] = ih[g * (F + P) + F + j];
      wr.set(hh.subarray(g * hidden, (g + 1) * hidden), g * n + P);
    }
    this.x = new Float32Array(buffer, this.at.x, n);
    this.y = new Float32Array(buffer, this.at.y, G);
    this.wOut = Float64Array.from(w.get('g.direction.weight')!.data);
    this.bOut = Float64Array.from(w.get('g.direction.bias')!.data);
    this.poseScale = Float64Array.from(w.get('g.pose_scale')!.data);
    this.velScale = Float64Array.from(w.get('g.vel_scale')!.data);
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
    const x = this.x;
    for (let k = 0; k < POSE; k++) {
      x[k] = pose[k] / this.poseScale[k];
      x[POSE + k] = velocity[k] / this.velScale[k];
    }
    x.set(h, 2 * POSE);
    this.kernel.matvec(this.at.w, this.at.x, this.at.y, G, this.at.n);
    const y = this.y;
    const row = t * G;
    const gate = (g: number) => gx[row + g] + y[g];
    for (let j = 0; j < H; j++) {
      const i = sigmoid(gate(j));
      const f = sigmoid(gate(H + j));
      const cell = Math.tanh(gate(2 * H + j));
      const o = sigmoid(gate(3 * H + j));
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

let compiled: WebAssembly.Module | undefined;
function matvecModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(Buffer.from(MATVEC_WASM_BASE64, 'base64'));
  return compiled;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
