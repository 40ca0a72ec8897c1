import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { ort } from '../runtime';
import { gaussianSmooth } from '../track';
import { DirectionCell } from './direction-cell';

/**
 * Eq. 6–7 at inference: steps the direction LSTM one frame at a time and integrates
 * p_t = p_{t−1} + s_t ⊙ (f ⊙ d_t), starting from the rest pose. State carries across chunks.
 *
 * f (±1 per column) is our addition: the LSTM learned from 4-second windows and, rolled out over a
 * minute of a real song, can keep turning one way until the head pins at a limit (measured on Francium:
 * pitch at 38° after 25 s, then still). When a column moves outward past `range` (the teacher's 99th
 * percentile of |pose|), its f flips, so the head turns back the way the teacher's reverses, and keeps
 * the speed the music gives it. Inside the range nothing changes (eq. 7 exactly). The hard limits stay
 * as the last guard.
 *
 * Centring (issue 17), on yaw and roll only — pitch keeps the style's learned head-down: the LSTM's
 * direction carries a small one-sided bias (measured on Hydrogen: mean yaw direction −0.057 against a
 * std of 0.42, ~3 % of each step), which integrated over minutes pins the head at one side of its range.
 * So each step loses its running mean (an average over `CENTRE_BIAS_SECONDS`, far slower than the
 * beat-rate reversals, which keep their speed), and the pose leaks back toward rest with a time
 * constant of `CENTRE_RETURN_SECONDS`. Over any length the head then comes back to centre.
 */
/** Time constant of the running mean removed from each yaw/roll step, seconds. */
export const CENTRE_BIAS_SECONDS = 5;
/** Time constant of the return of yaw/roll toward rest, seconds. */
export const CENTRE_RETURN_SECONDS = 10;
const CENTRED = [false, true, true, false, false, false];

export class PoseIntegrator {
  private pose = new Float32Array(6);
  private velocity = new Float32Array(6);
  private flip = new Float32Array([1, 1, 1, 1, 1, 1]);
  private bias = new Float32Array(6);
  private readonly biasRate: number;
  private readonly leak: number;
  // the LSTM state: as tensors when the graph is stepped, as arrays when the cell is
  private h: Tensor | Float64Array;
  private c: Tensor | Float64Array;
  private readonly feat: Float32Array;
  private readonly d = new Float64Array(6);

  /** `direction`: the cell in JavaScript (direction-cell.ts) or the direction graph stepped frame by frame. */
  constructor(
    private readonly direction: DirectionCell | InferenceSession,
    private readonly featureDim: number,
    hidden: number,
    private readonly limits: readonly number[],
    private readonly range?: readonly number[],
    fps = 30,
    private readonly centre = true,
  ) {
    this.biasRate = 1 / (CENTRE_BIAS_SECONDS * fps);
    this.leak = 1 / (CENTRE_RETURN_SECONDS * fps);
    if (direction instanceof DirectionCell) {
      this.h = new Float64Array(hidden);
      this.c = new Float64Array(hidden);
    } else {
      const T = ort().Tensor;
      this.h = new T('float32', new Float32Array(hidden), [1, hidden]);
      this.c = new T('float32', new Float32Array(hidden), [1, hidden]);
    }
    this.feat = new Float32Array(featureDim);
  }

  /** Integrates `count` frames; returns count × 6 poses. */
  async step(features: Float32Array, speed: Float32Array, count: number): Promise<Float32Array> {
    const out = new Float32Array(count * 6);
    if (this.direction instanceof DirectionCell) {
      this.stepCell(this.direction, await this.direction.project(features, count), speed, count, out);
      return out;
    }
    const T = ort().Tensor;
    const F = this.featureDim;
    for (let t = 0; t < count; t++) {
      this.feat.set(features.subarray(t * F, (t + 1) * F));
      const res = await this.direction.run({
        features: new T('float32', this.feat, [1, F]),
        prev_pose: new T('float32', Float32Array.from(this.pose), [1, 6]),
        prev_velocity: new T('float32', Float32Array.from(this.velocity), [1, 6]),
        h: this.h as Tensor,
        c: this.c as Tensor,
      });
      this.h = res.h_out;
      this.c = res.c_out;
      this.d.set(res.direction.data as Float32Array);
      this.advance(t, speed, out);
    }
    return out;
  }

  /** Synchronous, out of the async `step`: V8 runs a hot loop several times slower across an await. */
  private stepCell(cell: DirectionCell, gx: Float32Array, speed: Float32Array, count: number, out: Float32Array): void {
    for (let t = 0; t < count; t++) {
      cell.step(gx, t, this.pose, this.velocity, this.h as Float64Array, this.c as Float64Array, this.d);
      this.advance(t, speed, out);
    }
  }

  /** p_t from p_{t−1} and the direction in `d` (flips, centring, limits); into out[t]. */
  private advance(t: number, speed: Float32Array, out: Float32Array): void {
    const d = this.d;
    for (let k = 0; k < 6; k++) {
      const lim = this.limits[k];
      const p = this.pose[k];
      let step = speed[t * 6 + k] * d[k] * this.flip[k];
      if (this.range && Math.abs(p) > this.range[k] && step * p > 0) {
        this.flip[k] = -this.flip[k];
        step = -step;
      }
      let back = 0;
      if (this.centre && CENTRED[k]) {
        this.bias[k] += (step - this.bias[k]) * this.biasRate;
        step -= this.bias[k];
        back = this.leak * p;
      }
      const next = Math.max(-lim, Math.min(lim, p + step - back));
      this.velocity[k] = next - this.pose[k];
      this.pose[k] = next;
      out[t * 6 + k] = next;
    }
  }
}

/** σ of the slow trend removed from yaw and roll after integration, seconds. */
export const CENTRE_TREND_SECONDS = 8;

/**
 * Removes what is left of a one-sided drift after the integrator's own centring: the slow trend of yaw
 * and roll (a gaussian of σ `CENTRE_TREND_SECONDS`, zero-phase, over the whole song) is subtracted, so
 * every half minute or so the head turns both ways around rest. Motion faster than ~0.05 Hz — every
 * beat-rate turn and nod — keeps its speed (σ 8 s kept the synthetic test's pose CCA at the shipped
 * runtime's; 4 s lowered it). In place on frameCount × 6 poses.
 */
export function removeSlowDrift(pose: Float32Array, frameCount: number, fps: number): void {
  for (const k of [1, 2]) {
    const x = Float32Array.from({ length: frameCount }, (_, t) => pose[t * 6 + k]);
    const trend = gaussianSmooth(x, CENTRE_TREND_SECONDS * fps);
    for (let t = 0; t < frameCount; t++) pose[t * 6 + k] = x[t] - trend[t];
  }
}
