import { POSE_DIM } from '../../track';
import type { Defaults, Rng } from '../../runtime';
import type { Style } from './styles';
import { type Timeline, smoothExp } from './timeline';
import { withDefaults } from '../../runtime';

export interface HeadOptions {
  /** Distance from the neck pivot to the head's origin, metres (rotations move the head by it). */
  neckLever?: number;
  /** Time constant of a direction reversal, seconds. */
  turnSeconds?: number;
}

export const HEAD_DEFAULTS: Defaults<HeadOptions> = Object.freeze({ neckLever: 0.09, turnSeconds: 0.15 });

/**
 * Head pose per frame (pitch, yaw, roll in radians; tx, ty, tz in metres, relative to rest), built
 * the way the paper's pose network is (section 3.3.2, Fig. 4): a SPEED the music sets and a DIRECTION
 * the singer picks.
 *  - speed = style.headSpeed × (section energy) × (beat pulses, by style.beatLock) × (singing louder),
 *    shared among the three rotations by style.axisShare — predictable from the audio;
 *  - direction per axis = ±1, reversing at random moments (style.reversalRate) and whenever the head
 *    nears the end of its range, each reversal eased over `turnSeconds` — not predictable from audio;
 *  - pose += speed × direction each frame;
 * plus what a style locks to the music: nods on the beat (head down on the beat), a sway over the bar,
 * a lift of the head on high notes and a constant head-down for shy singers. Translation follows
 * from rotating about the neck, plus a slow body sway, a dip on strong beats and a lean into loud parts.
 * Example: `const pose = headMotion(timeline, STYLES['energetic'], rng)`
 */
export function headMotion(tl: Timeline, style: Style, rng: Rng, tempo: number, options: HeadOptions = {}): Float32Array {
  const o = withDefaults(HEAD_DEFAULTS, options);
  const T = tl.frameCount;
  const dt = 1 / tl.fps;
  const pose = new Float32Array(T * POSE_DIM);
  const ease = 1 - Math.exp(-dt / o.turnSeconds);

  // Free motion: speed from the music, direction from chance.
  const rot = [0, 0, 0];
  const sign: number[] = [0, 1, 2].map(() => (rng.chance(0.5) ? 1 : -1));
  const dir = sign.slice();
  const free = new Float32Array(T * 3);
  for (let i = 0; i < T; i++) {
    const speed =
      style.headSpeed * (0.35 + 0.9 * tl.energy[i]) * (1 - style.beatLock + style.beatLock * tl.beatPulse[i]) * (1 + 0.3 * tl.velocity[i]);
    for (let a = 0; a < 3; a++) {
      const range = style.range[a];
      const outward = sign[a] * rot[a] > 0;
      const edge = Math.abs(rot[a]) / range;
      let hazard = style.reversalRate * dt;
      if (outward) hazard += 6 * edge * edge * dt; // the further out, the sooner it turns back towards the camera
      if ((outward && edge >= 1) || rng.chance(hazard)) sign[a] = -sign[a];
      dir[a] += (sign[a] - dir[a]) * ease;
      rot[a] += speed * style.axisShare[a] * dir[a] * dt;
      free[i * 3 + a] = rot[a];
    }
  }

  // Music-locked gestures.
  const beat = 60 / tempo;
  const nodBeats = style.nod > 0 && style.beatLock < 0.85 && tempo > 120 ? 2 : 1; // gentle nodders halve fast tempos
  const lift = smoothExp(
    Float32Array.from({ length: T }, (_, i) => Math.max(0, (tl.height[i] - 0.5) / 0.5) * tl.singing[i]),
    tl.fps,
    0.3,
  );
  const sway = [0, 0, 0]; // body sway (x), beat dip (y), lean (z)
  const leanTarget = smoothExp(
    Float32Array.from(tl.energy, (e) => 0.012 * (e - 0.5)),
    tl.fps,
    0.8,
  );
  const swayTau = 2;
  for (let i = 0; i < T; i++) {
    const t = tl.times[i];
    const e = tl.energy[i];
    const nodPhase = (t / (beat * nodBeats)) % 1;
    const nodAmp = style.nod * (0.3 + 0.7 * e) * (e < 0.45 ? 0.4 : 1);
    const nod = nodAmp * Math.pow((1 + Math.cos(2 * Math.PI * nodPhase)) / 2, 1.5);
    const bar = 2 * Math.PI * tl.barPhase[i];
    const swayAmp = style.sway * (0.5 + 0.5 * e);
    const pitch = free[i * 3] + nod + style.headDown - style.highLift * lift[i];
    const yaw = free[i * 3 + 1] + 0.5 * swayAmp * Math.sin(bar + Math.PI / 3);
    const roll = free[i * 3 + 2] + swayAmp * Math.sin(bar);
    // Body: a slow random sway, a small dip with the beat pulses, a lean into the loud parts.
    sway[0] += (-sway[0] / swayTau) * dt + 0.008 * (0.5 + e) * Math.sqrt((2 * dt) / swayTau) * rng.normal();
    sway[1] = -0.003 * style.beatLock * e * tl.beatPulse[i];
    sway[2] = leanTarget[i];
    const [nx, ny, nz] = neckOffset(pitch, yaw, roll, o.neckLever);
    const r = i * POSE_DIM;
    pose[r] = pitch;
    pose[r + 1] = yaw;
    pose[r + 2] = roll;
    pose[r + 3] = nx + sway[0];
    pose[r + 4] = ny + sway[1];
    pose[r + 5] = nz + sway[2];
  }
  return pose;
}

/**
 * Where the head's origin goes when the head turns about a pivot `lever` metres below it:
 * R·(0, lever, 0) − (0, lever, 0) with R = Ry(yaw)·Rx(pitch)·Rz(roll) (glTF axes, DESIGN.md).
 */
export function neckOffset(pitch: number, yaw: number, roll: number, lever: number): [number, number, number] {
  // Rz(roll)·(0, L, 0)
  let x = -lever * Math.sin(roll);
  let y = lever * Math.cos(roll);
  let z = 0;
  // Rx(pitch)
  const y2 = y * Math.cos(pitch) - z * Math.sin(pitch);
  const z2 = y * Math.sin(pitch) + z * Math.cos(pitch);
  y = y2;
  z = z2;
  // Ry(yaw)
  const x3 = x * Math.cos(yaw) + z * Math.sin(yaw);
  const z3 = -x * Math.sin(yaw) + z * Math.cos(yaw);
  x = x3;
  z = z3;
  return [x, y - lever, z];
}
