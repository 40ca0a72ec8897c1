import { type Audio, withDecodePolicy } from './audio';
import { checkAnimateArguments } from './animate-checks';
import { FEATURE_PARAMS, videoFrameCount } from './features';
import { generateTrack, styleIndex, loadGenerator, type LoadedGenerator, type BlinkSampler } from './generator';
import { AudioFileError, InvalidAudioError, InvalidOptionError, ModelError } from './errors';
import { type Device, type ProgressCallback, Stopwatch } from './runtime';
import type { Separator } from './separation';
import { songFeatures } from './song-features';
import type { FaceTrack } from './track';
import { type ChannelGains, type Direction, readDirection, type EmotionChoice } from './emotion';

export const DEFAULT_MODEL = 'musicface-full';

export interface AnimateOptions {
  /** Generator: a name in models/, a card (.json) or graph (.onnx) path, or one already loaded. */
  model?: string | LoadedGenerator;
  /** Performer style from the model card (e.g. "calm-ballad") or its index. */
  style?: string | number;
  /** Seeds the blinks and the gaze; same input + options + seed → identical track. Default 0. */
  seed?: number;
  /** Blink sampler: 'human' (default; published human rates, irregular intervals, phrase-aware) or 'paper' (section 3.3.3). */
  blinks?: BlinkSampler;
  /** 'cpu' (default), 'cuda' (falls back to CPU with one line when absent), 'webgpu'. */
  device?: Device;
  threads?: number;
  /**
   * 'learned', 'builtin', 'htdemucs', 'spleeter:<dir>', 'mdx:<model.onnx>', or a Separator object. Default: the
   * one the model's card names (the streams it learned), else 'learned'.
   */
  separator?: string | Separator;
  /** Stems the user already has: [vocals file, accompaniment file]; skips separation (the input then only names the source, and `separator` is refused). */
  stems?: [string, string];
  onProgress?: ProgressCallback;
  signal?: AbortSignal;
  /** Load test fixtures with random weights (tests only). */
  allowFixture?: boolean;
  /** Refuse a song that decodes only in part (`DamagedAudioError`) instead of warning. */
  strict?: boolean;
  /** Warnings about the input (damaged audio), one sentence each; default: stderr. */
  onWarning?: (message: string) => void;
  /**
   * The mood: 'auto' (default; valence and arousal read from the music), 'neutral' (the generator's own
   * face), or joy, sadness, anger, tenderness, surprise, fear for the whole song.
   */
  emotion?: EmotionChoice;
  /** 0 (neutral face) … 1 (full, default). */
  intensity?: number;
  /** Emotions for time ranges, crossfaded: a direction.json path or the object itself (README "Emotion"). */
  direction?: string | Direction;
  /** Channel strengths 0 … 2 (1 = as generated): lips (articulation), head, brows, blinks. */
  gains?: ChannelGains;
  /** Everything but the mouth at rest (head still, eyes open and ahead, brows and cheeks neutral). */
  mouthOnly?: boolean;
  /** Filled with seconds per stage when given (decode, separate, features, generator, …). */
  timings?: Record<string, number>;
}

/**
 * A song (file path or decoded Audio) → FaceTrack at 30 fps: separation, MFCC features, the generator.
 *
 * Example:
 * ```ts
 * import { animateSong, trackToJson } from 'musicface';
 * const track = await animateSong('song.mp3', { style: 'calm-ballad', seed: 7, onProgress: (e) => console.log(e) });
 * fs.writeFileSync('song.json', trackToJson(track));
 * ```
 */
export async function animateSong(input: string | Audio, options: AnimateOptions = {}): Promise<FaceTrack> {
  checkAnimateArguments(input, options);
  const clock = new Stopwatch(options.timings);
  let gen: LoadedGenerator;
  try {
    gen =
      typeof options.model === 'object'
        ? options.model
        : await loadGenerator(options.model ?? DEFAULT_MODEL, FEATURE_PARAMS, {
            device: options.device,
            threads: options.threads,
            allowFixture: options.allowFixture,
          });
  } catch (e) {
    if (e instanceof ModelError) throw e; // names its file
    throw new ModelError((e as Error).message, { cause: e });
  }
  clock.lap('load model');
  try {
    // A style the model does not know fails now, not after the song is decoded and separated.
    try {
      styleIndex(gen, options.style);
    } catch (e) {
      throw new InvalidOptionError('style', options.style, (e as Error).message);
    }
    const needMixture = gen.card.contract.inputs.includes('mixture');
    // The decoder deep inside songFeatures follows the caller's strict/onWarning.
    // the separator the model learned its streams from, unless the caller names one
    const separator = options.separator ?? gen.card.separator;
    const song = await withDecodePolicy({ strict: options.strict, onWarning: options.onWarning }, () =>
      songFeatures(input, needMixture, { ...options, separator }, clock),
    );
    if (!(song.duration > 0)) {
      if (typeof input === 'string') throw new AudioFileError(input, 'contains no samples');
      throw new InvalidAudioError('audio: contains no samples');
    }
    const frameCount = videoFrameCount(song.duration);
    const { track } = await generateTrack(gen, song, frameCount, {
      style: options.style,
      seed: options.seed,
      blinks: options.blinks,
      emotion: {
        emotion: options.emotion,
        intensity: options.intensity,
        direction: typeof options.direction === 'string' ? readDirection(options.direction) : options.direction,
        gains: options.gains,
        mouthOnly: options.mouthOnly,
      },
      onProgress: options.onProgress,
      signal: options.signal,
      timings: options.timings,
    });
    track.meta.source = typeof input === 'string' ? input : 'audio';
    track.meta.separator = song.separator;
    track.meta.durationSeconds = Math.round(song.duration * 1e6) / 1e6;
    return track;
  } finally {
    // Sessions loaded for this call are released now, not when the garbage collector gets to them.
    if (typeof options.model !== 'object')
      await Promise.all([gen.frame.release(), gen.direction?.release(), gen.directionCell?.release()]).catch(() => {});
  }
}
