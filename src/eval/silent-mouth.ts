import type { Audio } from '../audio';
import { activeFrames } from './vocal-activity';
import { type FaceTrack, weightCurve } from '../track';
import type { Defaults } from '../runtime';
import { withDefaults } from '../runtime';

export interface SilentMouthOptions {
  /** A frame is vocal-silent when the true vocal stem's RMS is this many dB below its loud level. */
  silenceDb?: number;
  /** The mouth counts as closed below this jawOpen. */
  closedBelow?: number;
}

const DEFAULTS: Defaults<SilentMouthOptions> = Object.freeze({ silenceDb: 40, closedBelow: 0.1 });

/**
 * Per video frame: is the true vocal stem silent? Its frame RMS is more than `silenceDb` below the stem's
 * 95th-percentile frame level (its loud level), so the threshold follows the stem's own level.
 */
export function vocalSilentFrames(vocals: Audio, frameCount: number, fps: number, silenceDb = DEFAULTS.silenceDb): boolean[] {
  return activeFrames(vocals, frameCount, fps, { relativeDb: silenceDb, floorDb: -Infinity }).map((a) => !a);
}

/**
 * The paper's Fig. 5 failure, measured: the fraction of vocal-silent frames in which the mouth is
 * closed (jawOpen below 0.1). 1 = the band never opens the mouth.
 */
export function silentMouthClosedFraction(
  track: FaceTrack,
  vocals: Audio,
  options: SilentMouthOptions = {},
): { fraction: number; silentFrames: number } {
  const o = withDefaults(DEFAULTS, options);
  const silent = vocalSilentFrames(vocals, track.frameCount, track.fps, o.silenceDb);
  const jaw = weightCurve(track, 'jawOpen');
  let n = 0;
  let closed = 0;
  for (let t = 0; t < track.frameCount; t++) {
    if (!silent[t]) continue;
    n++;
    if (jaw[t] < o.closedBelow) closed++;
  }
  return { fraction: n ? closed / n : NaN, silentFrames: n };
}
