import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { ort } from '../runtime/onnx';

/**
 * Eq. 6–7 at inference: steps the direction LSTM one frame at a time and integrates
 * p_t = p_{t−1} + s_t ⊙ d_t, starting from the rest pose. State carries across chunks.
 * Soft limits keep a drifting head plausible: a column that reaches its limit stops there.
 */
export class PoseIntegrator {
  private pose = new Float32Array(6);
  private velocity = new Float32Array(6);
  private h: Tensor;
  private c: Tensor;
  private readonly feat: Float32Array;

  constructor(
    private readonly session: InferenceSession,
    private readonly featureDim: number,
    hidden: number,
    private readonly limits: readonly number[],
  ) {
    const T = ort().Tensor;
    this.h = new T('float32', new Float32Array(hidden), [1, hidden]);
    this.c = new T('float32', new Float32Array(hidden), [1, hidden]);
    this.feat = new Float32Array(featureDim);
  }

  /** Integrates `count` frames; returns count × 6 poses. */
  async step(features: Float32Array, speed: Float32Array, count: number): Promise<Float32Array> {
    const T = ort().Tensor;
    const out = new Float32Array(count * 6);
    const F = this.featureDim;
    for (let t = 0; t < count; t++) {
      this.feat.set(features.subarray(t * F, (t + 1) * F));
      const res = await this.session.run({
        features: new T('float32', this.feat, [1, F]),
        prev_pose: new T('float32', Float32Array.from(this.pose), [1, 6]),
        prev_velocity: new T('float32', Float32Array.from(this.velocity), [1, 6]),
        h: this.h,
        c: this.c,
      });
      this.h = res.h_out;
      this.c = res.c_out;
      const d = res.direction.data as Float32Array;
      for (let k = 0; k < 6; k++) {
        const lim = this.limits[k];
        const next = Math.max(-lim, Math.min(lim, this.pose[k] + speed[t * 6 + k] * d[k]));
        this.velocity[k] = next - this.pose[k];
        this.pose[k] = next;
        out[t * 6 + k] = next;
      }
    }
    return out;
  }
}
