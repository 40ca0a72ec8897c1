import type { StreamFeatures } from '../features';
import { deriveSeed, Rng, type ProgressCallback, Stopwatch, InvalidOptionError } from '../runtime';
import { ARKIT_COUNT, createTrack, EYE_DIM, type FaceTrack, POSE_DIM, syncEyesToExpression, composeEyeState, sampleBlinks } from '../track';
import type { LoadedGenerator } from './load-generator';
import { DEFAULT_EYES, DEFAULT_POSE_LIMITS, type EyeParams } from './model-card';
import { addFaceDetails } from './face-details';
import { composeLids, planGaze, sampleGaze, writeGaze } from './gaze';
import { sampleHumanBlinks } from './human-blinks';
import { musicCues } from './music-cues';
import { performerStyle } from './performer-styles';
import { PoseIntegrator, removeSlowDrift } from './pose-integrator';
import { type EmotionOptions, performEmotion } from '../emotion';
import { runFrameGraph, type RunFramesOptions } from './run-frames';
import { gateLips, leadVoiceFeatures, leadVoiceModel, leadVoiceProbability } from './lead-voice';

export interface GenerateOptions extends RunFramesOptions {
  /** A style (performer) name from the model card, or its index. Default: the card's first style. */
  style?: string | number;
  seed?: number;
  onProgress?: ProgressCallback;
  signal?: AbortSignal;
  /** Filled with seconds spent in the frame graph ('generator') and in pose/eye composition ('pose/eyes'). */
  timings?: Record<string, number>;
  /**
   * Blink sampler: 'human' (default; rate, intervals and durations from published human data, fewer in
   * sustained phrases, more at phrase ends — human-blinks.ts) or 'paper' (section 3.3.3: start-to-start
   * ~U(1.2, 2.0) s, duration ~U(0.10, 0.45) s, from the model card's `eyes`).
   */
  blinks?: BlinkSampler;
  /**
   * The emotion layer (src/emotion/): emotion, intensity, direction, channel gains, mouth-only. Absent:
   * the generator's own face, unchanged (what `musicface eval` scores).
   */
  emotion?: EmotionOptions;
  /** false: leave the lips ungated even when the card asks for the lead-voice gate (lead-voice.ts); for fitting it. */
  leadVoiceGate?: boolean;
}

export type BlinkSampler = 'human' | 'paper';
export const BLINK_SAMPLERS: readonly BlinkSampler[] = ['human', 'paper'];

export interface Generated {
  track: FaceTrack;
  /** The learned long eye-closing state before composition (eq. 8). */
  eyeLong: Float32Array;
  /** Attention maps per task, frameCount × A each, when `keepAttention` was set. */
  attention?: Record<'expression' | 'pose' | 'eye', Float32Array>;
}

/** Style name or index → its index in the card, with a clear error listing the styles. */
export function styleIndex(gen: LoadedGenerator, style: string | number | undefined): number {
  const styles = gen.card.styles;
  if (style === undefined) return 0;
  const i = typeof style === 'number' ? style : /^\d+$/.test(style) ? Number(style) : styles.indexOf(style);
  if (!(i >= 0 && i < styles.length)) {
    throw new InvalidOptionError('style', style, {
      message: `unknown style ${JSON.stringify(style)}; the ${gen.card.id} model knows: ${styles.join(', ')}`,
    });
  }
  return i;
}

/**
 * Features of a song → FaceTrack: the frame graph (expression, long eye closing, pose speed), the
 * autoregressive pose direction (kept centred), seeded gaze the eyes hold through the head's motion, seeded blinks
 * composed with the long closings and the lids that follow gaze, a temporal gaussian.
 * Example: `const { track } = await generateTrack(gen, { vocals, accompaniment }, 300, { seed: 1 })`
 */
export async function generateTrack(
  gen: LoadedGenerator,
  streams: StreamFeatures,
  frameCount: number,
  options: GenerateOptions = {},
): Promise<Generated> {
  const fps = gen.card.contract.fps;
  const seed = options.seed ?? 0;
  const sampler = options.blinks ?? 'human';
  if (!BLINK_SAMPLERS.includes(sampler))
    throw new InvalidOptionError('blinks', sampler, {
      message: `unknown blink sampler ${JSON.stringify(sampler)}; use one of ${BLINK_SAMPLERS.join(', ')}`,
    });
  const si = styleIndex(gen, options.style);
  const style = new Float32Array(gen.card.styles.length);
  style[si] = 1;
  const limits = gen.card.poseLimits ?? DEFAULT_POSE_LIMITS;
  const eyesParams: EyeParams = { ...DEFAULT_EYES, ...gen.card.eyes };
  const track = createTrack(frameCount, fps, { model: gen.card.id, seed, style: gen.card.styles[si] });
  const eyeLong = new Float32Array(frameCount);
  const integrator =
    gen.direction && gen.card.contract.direction
      ? new PoseIntegrator(
          gen.directionCell ?? gen.direction,
          gen.card.contract.direction.featureDim,
          gen.card.contract.direction.hidden,
          limits,
          gen.card.poseRange,
          fps,
        )
      : undefined;
  let attention: Generated['attention'];
  const clock = new Stopwatch(options.timings);
  const lap = (stage: string) => clock.lap(stage);
  for await (const chunk of runFrameGraph(gen, streams, frameCount, style, options)) {
    lap('generator');
    options.signal?.throwIfAborted();
    const { start, count } = chunk;
    for (let i = 0; i < count * ARKIT_COUNT; i++) {
      track.expression[start * ARKIT_COUNT + i] = Math.min(1, Math.max(0, chunk.expression[i]));
    }
    eyeLong.set(chunk.eyeLong, start);
    let pose = chunk.pose;
    if (integrator && chunk.poseFeatures && chunk.poseSpeed) {
      pose = await integrator.step(chunk.poseFeatures, chunk.poseSpeed, count);
    } else if (pose) {
      for (let i = 0; i < pose.length; i++) pose[i] = Math.max(-limits[i % 6], Math.min(limits[i % 6], pose[i]));
    }
    if (pose) track.pose.set(pose, start * POSE_DIM);
    if (chunk.attention) {
      const w = chunk.attention.expression.length / count;
      attention ??= {
        expression: new Float32Array(frameCount * w),
        pose: new Float32Array(frameCount * w),
        eye: new Float32Array(frameCount * w),
      };
      for (const k of ['expression', 'pose', 'eye'] as const) attention[k].set(chunk.attention[k], start * w);
    }
    options.onProgress?.({ stage: 'generator', done: start + count, total: frameCount });
    lap('pose/eyes');
  }
  if (integrator) removeSlowDrift(track.pose, frameCount, fps);
  if (gen.card.leadVoiceGate && options.leadVoiceGate !== false) {
    const x = leadVoiceFeatures(streams, frameCount, fps);
    if (x) {
      const model = leadVoiceModel();
      gateLips(track, leadVoiceProbability(model, x, frameCount), model.threshold);
    }
  }
  const performer = performerStyle(gen.card.styles[si]);
  const cues = musicCues(streams, frameCount, fps);
  // Gaze over the finished head motion: the eyes counter-rotate it (VOR) to keep their target.
  const plan = planGaze(new Rng(deriveSeed(seed, 'gaze')), cues, performer);
  const gaze = sampleGaze(plan, new Rng(deriveSeed(seed, 'gaze drift')), frameCount, fps);
  const lid = writeGaze(track, gaze);
  addFaceDetails(track, cues, new Rng(deriveSeed(seed, 'face details')), performer.details);
  const rng = new Rng(deriveSeed(seed, 'blinks'));
  const blinks =
    sampler === 'paper'
      ? sampleBlinks(rng, frameCount, fps, eyesParams.blinkInterval, eyesParams.blinkDuration)
      : sampleHumanBlinks(rng, cues, { blinksPerMinute: performer.blinksPerMinute, extra: plan.largeSaccades });
  const closure = composeEyeState(eyeLong, blinks.state, { threshold: eyesParams.longThreshold, sigma: eyesParams.smoothingSigma });
  for (let t = 0; t < frameCount; t++) {
    const v = closure[t];
    track.eyes[t * EYE_DIM] = v;
    track.eyes[t * EYE_DIM + 1] = v;
  }
  composeLids(track.eyes, lid);
  track.meta.blinks = sampler;
  syncEyesToExpression(track);
  if (options.emotion) {
    performEmotion(track, streams, options.emotion);
    // An emotion's head energy (anger ×1.4) or a head gain can push past the range the model was made for.
    for (let i = 0; i < frameCount * POSE_DIM; i++)
      track.pose[i] = Math.max(-limits[i % POSE_DIM], Math.min(limits[i % POSE_DIM], track.pose[i]));
  }
  lap('pose/eyes');
  return { track, eyeLong, attention };
}
