import {
  LIVE_LINK_ANGLES,
  LIVE_LINK_DEFAULTS,
  LIVE_LINK_HEADER,
  LIVE_LINK_SHAPES,
  type LiveLinkOptions,
  arkitOf,
  formatTimecode,
} from '../src/livelink';
import { eyeAngles } from '../src/retarget';
import { ARKIT_COUNT, type FaceTrack, POSE_DIM, assertValidTrack } from '../src/track';
import { withDefaults } from '../src/runtime';

/** What the writer reads of the Live Link options (`fps` is the reader's). */
export type LiveLinkWriteOptions = Pick<LiveLinkOptions, 'timecodeRate' | 'startSeconds'>;

const fmt = (v: number) => (Math.abs(v) < 5e-11 ? 0 : v).toFixed(10);

/**
 * FaceTrack → Live Link Face CSV bytes (the header of a real take, 10 decimals like the app).
 * Angles are radians, in the app's own convention (measured on the real take's eyes: +yaw turns toward
 * the face's own right, +pitch looks down), so HeadYaw = −yaw, HeadPitch = pitch, HeadRoll = −roll of
 * the track; eye angles come from the eyeLook weights (src/retarget/eye-gaze.ts). The app records no
 * head translation, so the track's tx, ty, tz are not written.
 * Example: `fs.writeFileSync('take.livelink.csv', await exportLiveLink(track))`
 */
export async function exportLiveLink(track: FaceTrack, options: LiveLinkWriteOptions = {}): Promise<Uint8Array> {
  assertValidTrack(track);
  const { timecodeRate, startSeconds } = withDefaults(LIVE_LINK_DEFAULTS, options);
  const cols = LIVE_LINK_SHAPES.map(arkitOf);
  const lines = [LIVE_LINK_HEADER.join(',')];
  for (let t = 0; t < track.frameCount; t++) {
    const row = t * ARKIT_COUNT;
    const p = t * POSE_DIM;
    const l = eyeAngles(track, t, 'left');
    const r = eyeAngles(track, t, 'right');
    const cells = [formatTimecode(startSeconds + t / track.fps, timecodeRate), String(LIVE_LINK_SHAPES.length + LIVE_LINK_ANGLES.length)];
    for (const k of cols) cells.push(fmt(track.expression[row + k]));
    cells.push(fmt(-track.pose[p + 1]), fmt(track.pose[p]), fmt(-track.pose[p + 2]));
    cells.push(fmt(-l.yaw), fmt(l.pitch), fmt(0), fmt(-r.yaw), fmt(r.pitch), fmt(0));
    lines.push(cells.join(','));
  }
  return new TextEncoder().encode(lines.join('\n') + '\n');
}
