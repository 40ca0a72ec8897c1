import type { Rng } from '../runtime';
import { EYE_DIM, type FaceTrack, POSE_DIM, ARKIT_COUNT, arkitIndex, setGazeWeights } from '../track';
import type { MusicCues } from './music-cues';
import type { PerformerStyle } from './performer-styles';

/**
 * A singer's gaze, procedural and seeded (the teacher has no gaze to learn from).
 *
 * Where the eyes go: a performer mostly holds the camera (the audience) and glances away now and then.
 * Looks at the camera last a lognormal time (median `style.cameraSeconds`), glances away a shorter one
 * (`style.awaySeconds`); with the styles' medians the camera gets 55–75 % of the time, the range
 * between Argyle & Cook's (1976, "Gaze and Mutual Gaze") speakers (~40 %) and listeners (~75 %).
 * While on the camera the eyes make small re-fixations between the viewer's eyes and mouth every
 * ~0.7 s (face scanning, eyes ±1.7°, mouth 4° down at a metre; Vatikiotis-Bateson et al. 1998, Percept. Psychophys. 60:926) and drift slowly
 * in between (fixational drift, modelled as a 0.25° Ornstein–Uhlenbeck wander). Glances away go
 * sideways by `style.awayYaw` and vertically by the style's bias plus the music: up in the loud
 * passages (climaxes), down in the quiet ones, by up to `style.musicPitch`. The singer looks away more
 * in the instrumental parts than while singing to the audience.
 *
 * How they get there: saccades along the main sequence — duration D ≈ 21 ms + 2.2 ms/° × amplitude
 * (Carpenter 1988, "Movements of the Eyes", a line through the data of Bahill, Clark & Stark 1975,
 * Math. Biosci. 24:191) with a minimum-jerk profile, whose peak velocity 1.875·A/D (≈ 440°/s at 10°,
 * ≈ 580°/s at 20°) rises and saturates with amplitude as the normative main sequence does (Bahill et
 * al. 1975; Baloh et al. 1975, Neurology 25:1065: peak velocities of several hundred °/s levelling off
 * for large saccades). At 30 fps a saccade spans one or two frames: the eyes jump, they do not slide.
 *
 * The eyes keep their target while the head moves (the vestibulo-ocular reflex, gain ≈ 1):
 * eye-in-head = gaze − head rotation. So every head motion the generator makes shows in the eyes as a
 * counter-rotation, as on a person who keeps looking at you. The head does not follow the glances:
 * they stay within the eyes' own range, where people turn the head little (Guitton & Volle 1987,
 * J. Neurophysiol. 58:427), and a head share of 15 % cost 0.025 of the synthetic test's pose CCA
 * (the teacher's head knows nothing of gaze).
 *
 * The lids follow vertical gaze (Becker & Fuchs 1988, J. Neurophysiol. 60:1227: the upper lid tracks
 * the eye's vertical position): looking down closes them part way, looking up widens them.
 */

export interface Fixation {
  /** Seconds at which the saccade to this fixation starts. */
  start: number;
  /** Gaze direction relative to the camera, degrees (+yaw toward the face's own left, +pitch down). */
  yaw: number;
  pitch: number;
  /** True for a glance away from the camera. */
  away: boolean;
}

export interface GazePlan {
  fixations: Fixation[];
  /** Onsets (s) of saccades large enough to bring a blink with them (see gazeEvokedBlinks). */
  largeSaccades: number[];
}

const DEG = Math.PI / 180;

/** Saccade duration for an amplitude in degrees (Carpenter 1988's main-sequence line), seconds. */
export function saccadeSeconds(amplitudeDeg: number): number {
  return 0.021 + 0.0022 * amplitudeDeg;
}

/** Minimum-jerk position from 0 to 1 over s ∈ [0, 1]. */
function minJerk(s: number): number {
  if (s <= 0) return 0;
  if (s >= 1) return 1;
  return s * s * s * (10 - 15 * s + 6 * s * s);
}

/** Lognormal draw with the given median and log-σ. */
export function lognormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * rng.normal());
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/**
 * A point on the viewer's face at about a metre: either eye (6 cm apart, ±1.7°) or the mouth (7 cm
 * below the eyes, 4° down) — the triangle faces are scanned in (Vatikiotis-Bateson et al. 1998).
 */
function faceTarget(rng: Rng): [number, number] {
  const r = rng.next();
  const [y, p] = r < 0.35 ? [1.7, 0] : r < 0.7 ? [-1.7, 0] : [0, 4];
  return [y + 0.4 * rng.normal(), p + 0.4 * rng.normal()];
}

/**
 * Where the eyes look over a song: alternating holds of the camera (with re-fixations) and glances away.
 * Example: `const plan = planGaze(rng, cues, performerStyle('theatrical'))`
 */
export function planGaze(rng: Rng, cues: MusicCues, style: PerformerStyle): GazePlan {
  const duration = cues.frameCount / cues.fps;
  const fixations: Fixation[] = [{ start: 0, yaw: 0, pitch: 0, away: false }];
  const largeSaccades: number[] = [];
  const at = (t: number) => Math.min(cues.frameCount - 1, Math.max(0, Math.round(t * cues.fps)));
  let t = 0;
  let balance = 0; // Σ yaw × seconds of the glances so far
  let glances = 0;
  let firstDown = false;
  const push = (start: number, yaw: number, pitch: number, away: boolean) => {
    const prev = fixations[fixations.length - 1];
    const amplitude = Math.hypot(yaw - prev.yaw, pitch - prev.pitch);
    // Gaze shifts past ~15° come with a blink more often than not (Evinger et al. 1994, Exp. Brain Res. 100:337).
    if (amplitude >= 15 && rng.chance(Math.min(0.7, (amplitude - 10) / 20))) largeSaccades.push(start);
    fixations.push({ start, yaw, pitch, away });
  };
  while (t < duration) {
    // Hold the camera: longer while singing to it, shorter in the instrumental parts.
    const singing = cues.singing[at(t)] ? 1.3 : 0.7;
    // The song starts somewhere inside the first hold, as it would if we tuned in to someone already looking.
    const hold = clamp(lognormal(rng, style.cameraSeconds * singing, 0.6), 0.4, 12) * (t === 0 ? rng.next() : 1);
    const end = t + hold;
    let r = t + clamp(lognormal(rng, 0.7, 0.5), 0.2, 3);
    while (r < end - 0.15) {
      push(r, ...faceTarget(rng), false);
      r += clamp(lognormal(rng, 0.7, 0.5), 0.2, 3);
    }
    t = end;
    if (t >= duration) break;
    // Glance away: sideways, up on loud passages, down on quiet ones.
    const loud = cues.loud[at(t)];
    // Up or down: looking away is more often down than up (gaze aversion drops the eyes), up more
    // often in the loud passages, down in the quiet ones and while the band plays alone; the style's
    // bias tips it. Each glance goes clearly one way, and downward ones further (the eye's range is
    // larger downward), so both show on any song.
    const pDown = clamp(0.6 - 0.35 * (2 * loud - 1) + (cues.singing[at(t)] ? 0 : 0.1) + style.awayPitch / 20, 0.1, 0.9);
    // The second glance of a song goes the other way vertically, so even a short clip looks both ways.
    const down: boolean = glances === 1 ? !firstDown : rng.chance(pDown);
    if (glances === 0) firstDown = down;
    glances++;
    const pitch = (down ? 1.3 : -1) * rng.uniform(3, 6 + style.musicPitch);
    // Mostly toward the side looked at less so far, so glances balance left and right even in a short song.
    const lessSeen = balance > 0 ? -1 : balance < 0 ? 1 : rng.chance(0.5) ? 1 : -1;
    const side = rng.chance(0.8) ? lessSeen : -lessSeen;
    const yaw = side * rng.uniform(style.awayYaw[0], style.awayYaw[1]);
    push(t, yaw, pitch, true);
    const away = clamp(lognormal(rng, style.awaySeconds, 0.5), 0.25, 6);
    balance += yaw * away;
    if (away > 1.2 && rng.chance(0.5)) push(t + away * rng.uniform(0.4, 0.7), yaw + 3 * rng.normal(), pitch + 2 * rng.normal(), true);
    t += away;
    if (t < duration) push(t, ...faceTarget(rng), false);
  }
  return { fixations, largeSaccades };
}

/**
 * Gaze direction (degrees, camera-relative) at time `t` seconds: the current fixation, reached from the
 * previous one by a minimum-jerk saccade of main-sequence duration.
 * Example: `const [yaw, pitch] = gazeAt(plan.fixations, 1.5)`
 */
export function gazeAt(fixations: readonly Fixation[], t: number): [number, number] {
  let lo = 0;
  let hi = fixations.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (fixations[mid].start <= t) lo = mid;
    else hi = mid - 1;
  }
  const f = fixations[lo];
  if (lo === 0) return [f.yaw, f.pitch];
  const p = fixations[lo - 1];
  const d = saccadeSeconds(Math.hypot(f.yaw - p.yaw, f.pitch - p.pitch));
  const s = minJerk((t - f.start) / d);
  return [p.yaw + (f.yaw - p.yaw) * s, p.pitch + (f.pitch - p.pitch) * s];
}

/** Per-frame gaze (radians, camera-relative) with fixational drift added. */
export function sampleGaze(plan: GazePlan, rng: Rng, frameCount: number, fps: number): { yaw: Float32Array; pitch: Float32Array } {
  const yaw = new Float32Array(frameCount);
  const pitch = new Float32Array(frameCount);
  // Ornstein–Uhlenbeck drift, σ 0.25°, τ 0.5 s.
  const a = Math.exp(-1 / (0.5 * fps));
  const k = 0.25 * Math.sqrt(1 - a * a);
  let dy = 0;
  let dp = 0;
  for (let t = 0; t < frameCount; t++) {
    dy = a * dy + k * rng.normal();
    dp = a * dp + k * rng.normal();
    const [y, p] = gazeAt(plan.fixations, t / fps);
    yaw[t] = (y + dy) * DEG;
    pitch[t] = (p + dp) * DEG;
  }
  return { yaw, pitch };
}

/** Eye-in-head limits, radians: beyond these a person turns the head instead (yaw ±28°, up 22°, down 30°). */
const EYE_LIMITS = { yaw: 28 * DEG, up: 22 * DEG, down: 30 * DEG };

/**
 * Writes the eyes onto the track: eye-in-head = gaze − head rotation (the vestibulo-ocular reflex keeps
 * the target while the head moves), as the eight eyeLook weights; the lids follow vertical gaze (a
 * partial closure looking down, eyeWide looking up). Returns the lid closure per frame (0 … 0.3), for
 * composing with the blinks.
 */
export function writeGaze(track: FaceTrack, gaze: { yaw: Float32Array; pitch: Float32Array }): Float32Array {
  const T = track.frameCount;
  const lid = new Float32Array(T);
  const wideL = arkitIndex('eyeWideLeft');
  const wideR = arkitIndex('eyeWideRight');
  for (let t = 0; t < T; t++) {
    const yaw = clamp(gaze.yaw[t] - track.pose[t * POSE_DIM + 1], -EYE_LIMITS.yaw, EYE_LIMITS.yaw);
    const pitch = clamp(gaze.pitch[t] - track.pose[t * POSE_DIM], -EYE_LIMITS.up, EYE_LIMITS.down);
    setGazeWeights(track, t, yaw, pitch);
    const deg = pitch / DEG;
    // Down: the upper lid lowers with the eye (about 1.2 % closure per degree, at most 0.3 — never a blink).
    lid[t] = clamp(0.012 * deg, 0, 0.3);
    // Up: the lids lift with it.
    const wide = clamp(-0.008 * deg, 0, 0.15);
    const r = t * ARKIT_COUNT;
    track.expression[r + wideL] = Math.min(1, track.expression[r + wideL] + wide);
    track.expression[r + wideR] = Math.min(1, track.expression[r + wideR] + wide);
  }
  return lid;
}

/** Closure composed with the lids' share: the lids that follow gaze close part way, a blink closes the rest. */
export function composeLids(eyes: Float32Array, lid: Float32Array): void {
  for (let t = 0; t < lid.length; t++) {
    for (let s = 0; s < EYE_DIM; s++) {
      const c = eyes[t * EYE_DIM + s];
      eyes[t * EYE_DIM + s] = 1 - (1 - c) * (1 - lid[t]);
    }
  }
}
