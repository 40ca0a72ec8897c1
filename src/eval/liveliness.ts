import { ARKIT_COUNT, ARKIT_NAMES, closures, EYE_DIM, EYE_LOOK_NAMES, type FaceTrack, POSE_DIM } from '../track';

/** What a viewer sees of a face being alive: eyes that look, blinks that are irregular, a head that stays centred. */
export interface LivelinessStats {
  seconds: number;
  /** Standard deviation of each eyeLook weight over the track. */
  eyeLookStd: Record<string, number>;
  /** The smallest of those. */
  minEyeLookStd: number;
  /** Closures (above half shut) shorter than `longSeconds`, per minute. */
  blinksPerMinute: number;
  /** Coefficient of variation (std / mean) of the start-to-start intervals between consecutive blinks. */
  blinkIntervalCv: number;
  /** Mean and longest start-to-start interval, seconds. */
  meanBlinkIntervalSeconds: number;
  maxBlinkIntervalSeconds: number;
  /** Mean blink duration (frames above half shut), seconds. */
  meanBlinkSeconds: number;
  /** Closures of `longSeconds` or more, per minute. */
  longClosingsPerMinute: number;
  /** Mean |head yaw|, degrees, and the share of frames with yaw > 0. */
  meanAbsYawDeg: number;
  yawPositiveShare: number;
  /** Mean head pitch and roll, degrees (a constant offset is a style; a drift is not). */
  meanPitchDeg: number;
  meanRollDeg: number;
  /** ARKit channels whose standard deviation is below 1e-3 (they never visibly move). */
  still: string[];
}

const DEG = 180 / Math.PI;

function std(x: ArrayLike<number>): number {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < x.length; i++) {
    s += x[i];
    s2 += x[i] * x[i];
  }
  const m = s / x.length;
  return Math.sqrt(Math.max(0, s2 / x.length - m * m));
}

/**
 * Measures a track the way issue 17 asks: eyeLook movement, blink rate and irregularity (the left eye's
 * closure; blinks are closures under `longSeconds`, the paper's 4.2 threshold), head-yaw balance.
 * Example: `const s = livelinessStats(trackFromJson(text)); s.blinksPerMinute`
 */
export function livelinessStats(track: FaceTrack, longSeconds = 0.5): LivelinessStats {
  const T = track.frameCount;
  const column = (k: number) => Float32Array.from({ length: T }, (_, t) => track.expression[t * ARKIT_COUNT + k]);
  const eyeLookStd: Record<string, number> = {};
  const still: string[] = [];
  ARKIT_NAMES.forEach((name, k) => {
    const s = std(column(k));
    if ((EYE_LOOK_NAMES as readonly string[]).includes(name)) eyeLookStd[name] = s;
    if (s < 1e-3) still.push(name);
  });
  const eye = Float32Array.from({ length: T }, (_, t) => track.eyes[t * EYE_DIM]);
  const all = closures(eye);
  const blinks = all.filter((c) => c.end - c.start < longSeconds * track.fps);
  const intervals: number[] = [];
  for (let i = 1; i < blinks.length; i++) intervals.push((blinks[i].start - blinks[i - 1].start) / track.fps);
  const meanI = intervals.length ? intervals.reduce((a, b) => a + b, 0) / intervals.length : 0;
  const seconds = T / track.fps;
  let absYaw = 0;
  let positive = 0;
  let pitch = 0;
  let roll = 0;
  for (let t = 0; t < T; t++) {
    const yaw = track.pose[t * POSE_DIM + 1];
    absYaw += Math.abs(yaw);
    if (yaw > 0) positive++;
    pitch += track.pose[t * POSE_DIM];
    roll += track.pose[t * POSE_DIM + 2];
  }
  return {
    seconds,
    eyeLookStd,
    minEyeLookStd: Math.min(...Object.values(eyeLookStd)),
    blinksPerMinute: (blinks.length / seconds) * 60,
    blinkIntervalCv: meanI > 0 ? std(intervals) / meanI : 0,
    meanBlinkIntervalSeconds: meanI,
    maxBlinkIntervalSeconds: intervals.length ? Math.max(...intervals) : 0,
    meanBlinkSeconds: blinks.length ? blinks.reduce((s, c) => s + c.end - c.start, 0) / blinks.length / track.fps : 0,
    longClosingsPerMinute: ((all.length - blinks.length) / seconds) * 60,
    meanAbsYawDeg: (absYaw / T) * DEG,
    yawPositiveShare: positive / T,
    meanPitchDeg: (pitch / T) * DEG,
    meanRollDeg: (roll / T) * DEG,
    still,
  };
}
