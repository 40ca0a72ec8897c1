import type { Audio } from '../audio/audio';
import { toMono } from '../audio/audio';
import { FaceTrack, weightCurve } from '../track/face-track';

export interface SilentMouthOptions {
  /** A frame is vocal-silent when the true vocal stem's RMS is this many dB below its loud level. */
  silenceDb?: number;
  /** The mouth counts as closed below this jawOpen. */
  closedBelow?: number;
}

const DEFAULTS: Required<SilentMouthOptions> = { silenceDb: 40, closedBelow: 0.1 };

/**
 * Per video frame: is the true vocal stem silent? RMS over the frame's 1/fps span, compared with the
 * stem's 95th-percentile frame RMS (its loud level), so the threshold follows the stem's own level.
 */
export function vocalSilentFrames(vocals: Audio, frameCount: number, fps: number, silenceDb = DEFAULTS.silenceDb): boolean[] {
  const x = toMono(vocals);
  const hop = vocals.sampleRate / fps;
  const rms = new Float64Array(frameCount);
  for (let t = 0; t < frameCount; t++) {
    const a = Math.floor(t * hop);
    const b = Math.min(x.length, Math.floor((t + 1) * hop));
    let s = 0;
    for (let i = a; i < b; i++) s += x[i] * x[i];
    rms[t] = b > a ? Math.sqrt(s / (b - a)) : 0;
  }
  const sorted = Array.from(rms).sort((p, q) => p - q);
  const loud = sorted[Math.floor(0.95 * (sorted.length - 1))] || 1e-9;
  const floor = loud * Math.pow(10, -silenceDb / 20);
  return Array.from(rms, (r) => r < floor);
}

/**
 * The paper's Fig. 5 failure, measured: the fraction of vocal-silent frames in which the mouth is
 * closed (jawOpen below 0.1). 1 = the band never opens the mouth.
 */
export function silentMouthClosedFraction(track: FaceTrack, vocals: Audio, options: SilentMouthOptions = {}): { fraction: number; silentFrames: number } {
  const o = { ...DEFAULTS, ...options };
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
