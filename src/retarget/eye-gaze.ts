import { ARKIT_COUNT, arkitIndex } from '../track/arkit';
import { FaceTrack } from '../track/face-track';

/**
 * Radians of eye rotation per unit of an ARKit eyeLook weight, measured on a real Live Link Face take
 * (../shared/data/livelinkface/alex_rom_3.csv, 4,030 frames, least-squares fit of the recorded eye
 * yaw/pitch on the eyeLook weights of the same frame, both eyes, r = 0.999 for yaw, 0.996 for pitch):
 * yaw ≈ 0.58·out − 0.63·in, pitch ≈ 0.62·down − 0.45·up.
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
