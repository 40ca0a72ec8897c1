import type { Audio } from './audio/audio';
import { FEATURE_PARAMS, videoFrameCount } from './features/index';
import { generateTrack } from './generator/generate-track';
import { loadGenerator, LoadedGenerator } from './generator/load-generator';
import type { Device } from './runtime/onnx';
import type { ProgressCallback } from './runtime/progress';
import { Stopwatch } from './runtime/stopwatch';
import type { Separator } from './separation/separator';
import { songFeatures } from './song-features';
import type { FaceTrack } from './track/face-track';
import type { BlinkSampler } from './generator/generate-track';

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
  /** 'builtin' (default), 'spleeter:<dir>', 'mdx:<model.onnx>', or a Separator object. */
  separator?: string | Separator;
  /** Stems the user already has: [vocals file, accompaniment file]; skips separation. */
  stems?: [string, string];
  onProgress?: ProgressCallback;
  signal?: AbortSignal;
  /** Load test fixtures with random weights (tests only). */
  allowFixture?: boolean;
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
  const clock = new Stopwatch(options.timings);
  const gen =
    typeof options.model === 'object'
      ? options.model
      : await loadGenerator(options.model ?? DEFAULT_MODEL, FEATURE_PARAMS, {
          device: options.device,
          threads: options.threads,
          allowFixture: options.allowFixture,
        });
  clock.lap('load model');
  const needMixture = gen.card.contract.inputs.includes('mixture');
  const song = await songFeatures(input, needMixture, options, clock);
  if (!(song.duration > 0)) throw new Error(`${typeof input === 'string' ? input : 'audio'}: contains no samples`);
  const frameCount = videoFrameCount(song.duration);
  const { track } = await generateTrack(gen, song, frameCount, {
    style: options.style,
    seed: options.seed,
    blinks: options.blinks,
    onProgress: options.onProgress,
    signal: options.signal,
    timings: options.timings,
  });
  track.meta.source = typeof input === 'string' ? input : 'audio';
  track.meta.separator = song.separator;
  track.meta.durationSeconds = Math.round(song.duration * 1e6) / 1e6;
  return track;
}
