import { ARKIT_COUNT } from '../../src/track/arkit';
import { EYE_DIM, type FaceTrack, POSE_DIM, createTrack } from '../../src/track/face-track';

/**
 * A deterministic test track from known functions (no model): every ARKit weight a slow sinusoid of
 * its own frequency and phase within [0, 1]; head pitch/yaw/roll up to ±0.3/±0.5/±0.2 rad (large
 * enough that any sign or axis mistake is obvious); translation up to ±1 cm; eyes follow the blinks.
 */
export function testTrack(frames = 90, fps = 30): FaceTrack {
  const track = createTrack(frames, fps, { source: 'test-track' });
  for (let t = 0; t < frames; t++) {
    const s = t / fps;
    for (let k = 0; k < ARKIT_COUNT; k++) {
      const v = 0.5 + 0.5 * Math.sin(2 * Math.PI * (0.3 + 0.037 * k) * s + 0.7 * k);
      track.expression[t * ARKIT_COUNT + k] = Math.fround(Math.min(1, Math.max(0, v)));
    }
    const o = t * POSE_DIM;
    track.pose[o] = 0.3 * Math.sin(2 * Math.PI * 0.41 * s + 0.3);
    track.pose[o + 1] = 0.5 * Math.sin(2 * Math.PI * 0.27 * s + 1.1);
    track.pose[o + 2] = 0.2 * Math.sin(2 * Math.PI * 0.53 * s + 2.0);
    track.pose[o + 3] = 0.01 * Math.sin(2 * Math.PI * 0.2 * s);
    track.pose[o + 4] = 0.008 * Math.sin(2 * Math.PI * 0.33 * s + 0.5);
    track.pose[o + 5] = 0.006 * Math.sin(2 * Math.PI * 0.25 * s + 1.5);
    track.eyes[t * EYE_DIM] = track.expression[t * ARKIT_COUNT];
    track.eyes[t * EYE_DIM + 1] = track.expression[t * ARKIT_COUNT + 7];
  }
  return track;
}

/** Linear interpolation of a track column at time `s` (what a LINEAR glTF sampler returns). */
export function sampleLinear(values: ArrayLike<number>, width: number, column: number, fps: number, frames: number, s: number): number {
  const x = Math.min(frames - 1, Math.max(0, s * fps));
  const i = Math.min(frames - 2, Math.floor(x));
  const f = x - i;
  return values[i * width + column] * (1 - f) + values[(i + 1) * width + column] * f;
}

/** Ten deterministic sample times inside the clip, some between keys. */
export function sampleTimes(frames: number, fps: number): number[] {
  const out: number[] = [];
  let x = 12345;
  for (let i = 0; i < 10; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(((x / 2147483648) * (frames - 1)) / fps);
  }
  return out;
}

/**
 * The head rotation the track asks for at time s, computed independently of the exporters with
 * three.js: Euler order 'YXZ' is R = Ry(yaw)·Rx(pitch)·Rz(roll) (DESIGN.md), keys slerped like a
 * LINEAR glTF rotation sampler.
 */
export function expectedHeadQuat(track: FaceTrack, s: number): [number, number, number, number] {
  const THREE = require('three');
  const x = Math.min(track.frameCount - 1, Math.max(0, s * track.fps));
  const i = Math.min(track.frameCount - 2, Math.floor(x));
  const q = (t: number) =>
    new THREE.Quaternion().setFromEuler(
      new THREE.Euler(track.pose[t * POSE_DIM], track.pose[t * POSE_DIM + 1], track.pose[t * POSE_DIM + 2], 'YXZ'),
    );
  const r = q(i).slerp(q(i + 1), x - i);
  return [r.x, r.y, r.z, r.w];
}

/** Angle (rad) between two unit quaternions, robust for nearby rotations. */
export function angleBetween(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3];
  const s = dot < 0 ? -1 : 1;
  const diff = Math.hypot(a[0] - s * b[0], a[1] - s * b[1], a[2] - s * b[2], a[3] - s * b[3]);
  const sum = Math.hypot(a[0] + s * b[0], a[1] + s * b[1], a[2] + s * b[2], a[3] + s * b[3]);
  return 4 * Math.atan2(diff, sum);
}
