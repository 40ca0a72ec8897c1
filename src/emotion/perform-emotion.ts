import type { StreamFeatures } from '../features';
import type { FaceTrack } from '../track';
import { applyEmotionCurve, circumplexCurve, constantCurve, curveValenceArousal, type EmotionCurve } from './apply-emotion';
import { applyChannelGains, type ChannelGains } from './channel-gains';
import { DEFAULT_CROSSFADE_SECONDS, type Direction, rangeAlpha } from './direction';
import { EMOTION_NAMES, type EmotionName } from './emotions';
import { estimateValenceArousal } from './music-emotion';

export type EmotionChoice = EmotionName | 'auto';
export const EMOTION_CHOICES: readonly EmotionChoice[] = ['auto', ...EMOTION_NAMES];

/** How the performance feels and how strong each part of it is (all optional). */
export interface EmotionOptions {
  /** 'auto' (default: read from the music), or one emotion for the whole song. */
  emotion?: EmotionChoice;
  /** 0 (the neutral face) … 1 (full; default). */
  intensity?: number;
  /** Time ranges with their own emotion and intensity, crossfaded; the rest of the song takes `emotion`. */
  direction?: Direction;
  /** Channel strengths 0 … 2 (1 = as generated). */
  gains?: ChannelGains;
  /** Everything but the mouth at rest. */
  mouthOnly?: boolean;
}

/** Samples per second of the emotion curve kept in the track's meta (what the preview draws). */
export const EMOTION_META_RATE = 10;

/**
 * The emotion layer on a finished (neutral) track, in place: the curve the options ask for (auto from
 * `streams`, one emotion, or a direction's ranges over either), played on the face and head, then the
 * channel gains and mouth-only. The curve goes into `track.meta.emotion` (valence, arousal and intensity
 * at 10 Hz) so every exporter that keeps meta and the preview have it.
 * Example: `performEmotion(track, streams, { emotion: 'joy', intensity: 0.7 })`
 */
export function performEmotion(track: FaceTrack, streams: StreamFeatures | undefined, options: EmotionOptions = {}): EmotionCurve {
  const curve = emotionCurve(track.frameCount, track.fps, streams, options);
  applyEmotionCurve(track, curve);
  applyChannelGains(track, options.gains, options.mouthOnly ?? false);
  const va = curveValenceArousal(curve);
  const step = track.fps / EMOTION_META_RATE;
  const pick = (x: Float32Array) =>
    Array.from({ length: Math.ceil(track.frameCount / step) }, (_, i) => Math.round(x[Math.floor(i * step)] * 1000) / 1000);
  track.meta.emotion = {
    emotion: options.emotion ?? 'auto',
    intensity: options.intensity ?? 1,
    ...(options.direction ? { direction: options.direction.sections.length } : {}),
    rate: EMOTION_META_RATE,
    valence: pick(va.valence),
    arousal: pick(va.arousal),
    strength: pick(va.intensity),
  };
  if (options.gains && Object.keys(options.gains).length) track.meta.gains = { ...options.gains };
  if (options.mouthOnly) track.meta.mouthOnly = true;
  return curve;
}

/** The per-frame emotion mix the options ask for. */
export function emotionCurve(frameCount: number, fps: number, streams: StreamFeatures | undefined, options: EmotionOptions): EmotionCurve {
  const intensity = options.intensity ?? 1;
  let auto: EmotionCurve | undefined;
  const make = (emotion: EmotionChoice, i: number): EmotionCurve => {
    if (emotion !== 'auto') return constantCurve(frameCount, fps, emotion, i);
    if (!streams) return constantCurve(frameCount, fps, 'neutral', 0);
    if (!auto) {
      const va = estimateValenceArousal(streams, frameCount, fps);
      auto = circumplexCurve(va.valence, va.arousal, fps, 1);
    }
    const c = { ...auto, weights: Float32Array.from(auto.weights, (w) => w * i) };
    return c;
  };
  const curve = make(options.emotion ?? 'auto', intensity);
  const d = options.direction;
  if (!d) return curve;
  const fade = d.crossfade ?? DEFAULT_CROSSFADE_SECONDS;
  const N = EMOTION_NAMES.length;
  for (const range of d.sections) {
    const alpha = rangeAlpha(range, frameCount, fps, fade);
    const own = make(range.emotion, range.intensity ?? intensity);
    for (let t = 0; t < frameCount; t++) {
      const a = alpha[t];
      if (!(a > 0)) continue;
      for (let k = 0; k < N; k++) curve.weights[t * N + k] = (1 - a) * curve.weights[t * N + k] + a * own.weights[t * N + k];
    }
  }
  return curve;
}
