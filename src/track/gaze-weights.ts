import { ARKIT_COUNT, arkitIndex } from './arkit';
import type { FaceTrack } from './face-track';

/**
 * Radians of eye rotation per unit of an ARKit eyeLook weight, measured on a real Live Link Face take
 * (../shared/data/livelinkface/alex_rom_3.csv, 4,030 frames, least-squares fit of the recorded eye
 * yaw/pitch on the eyeLook weights of the same frame, both eyes, r = 0.999 for yaw, 0.996 for pitch):
 * yaw ≈ 0.58·out − 0.63·in, pitch ≈ 0.62·down − 0.45·up.
 *
 * The FaceTrack carries gaze only as these eight weights (no separate angle field): the generator writes
 * them from eye angles with `setGazeWeights`, and every exporter that drives eye bones, `.vrma` lookAt
 * or Live Link's eye columns reads the angles back with `eyeAngles` — one mapping both ways.
 */
export const EYE_GAIN = { out: 0.58, in: 0.63, down: 0.62, up: 0.45 } as const;

/** Eye rotation in the track's pose convention: +yaw toward the face's own left, +pitch down. */
export interface EyeAngles {
  yaw: number;
  pitch: number;
}

const I = (n: string) => arkitIndex(n);
const LEFT = { out: I('eyeLookOutLeft'), in: I('eyeLookInLeft'), up: I('eyeLookUpLeft'), down: I('eyeLookDownLeft') };
const RIGHT = { out: I('eyeLookOutRight'), in: I('eyeLookInRight'), up: I('eyeLookUpRight'), down: I('eyeLookDownRight') };

/**
 * Eye angles of one frame from its eyeLook weights. "Out" is away from the nose: toward the face's
 * own left for the left eye, own right for the right eye.
 * Example: `eyeAngles(track, 10, 'left').yaw`
 */
export function eyeAngles(track: FaceTrack, frame: number, side: 'left' | 'right'): EyeAngles {
  const row = frame * ARKIT_COUNT;
  const e = track.expression;
  const k = side === 'left' ? LEFT : RIGHT;
  const outward = EYE_GAIN.out * e[row + k.out] - EYE_GAIN.in * e[row + k.in];
  return {
    yaw: side === 'left' ? outward : -outward,
    pitch: EYE_GAIN.down * e[row + k.down] - EYE_GAIN.up * e[row + k.up],
  };
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/**
 * Writes one frame's gaze (both eyes looking the same way, radians, +yaw toward the face's own left,
 * +pitch down) as the eight eyeLook weights; `eyeAngles` reads back the same angles while no weight
 * saturates (|yaw| ≤ 0.58 rad, pitch within −0.45 … 0.62 rad).
 * Example: `setGazeWeights(track, t, 0.1, -0.05)`
 */
export function setGazeWeights(track: FaceTrack, frame: number, yaw: number, pitch: number): void {
  const row = frame * ARKIT_COUNT;
  const e = track.expression;
  // Toward the face's own left: the left eye turns out, the right eye in.
  e[row + LEFT.out] = clamp01(yaw / EYE_GAIN.out);
  e[row + LEFT.in] = clamp01(-yaw / EYE_GAIN.in);
  e[row + RIGHT.in] = clamp01(yaw / EYE_GAIN.in);
  e[row + RIGHT.out] = clamp01(-yaw / EYE_GAIN.out);
  const down = clamp01(pitch / EYE_GAIN.down);
  const up = clamp01(-pitch / EYE_GAIN.up);
  e[row + LEFT.down] = down;
  e[row + RIGHT.down] = down;
  e[row + LEFT.up] = up;
  e[row + RIGHT.up] = up;
}
