import type { Audio } from '../audio';
import type { ProgressCallback } from '../runtime';

/** The song split in two: what the singer does and what the band does. Same rate and channels as the input. */
export interface Stems {
  vocals: Audio;
  accompaniment: Audio;
  /** Which separator made them (e.g. "builtin-stereo-mask", "spleeter-2stems.onnx", "user-stems"). */
  separator: string;
}

export interface SeparateOptions {
  onProgress?: ProgressCallback;
  signal?: AbortSignal;
}

/**
 * Pushes chunks of a long song through a separator with flat memory: each `push` returns the stems
 * of the part that is final so far (possibly empty), `flush` returns the rest. Concatenating every
 * returned part gives exactly as many samples as were pushed.
 */
export interface SeparationStream {
  push(chunk: Audio): Promise<Stems>;
  flush(): Promise<Stems>;
}

/** Configure once, call on audio (after Demucs/Spleeter). */
export interface Separator {
  readonly name: string;
  separate(audio: Audio, options?: SeparateOptions): Promise<Stems>;
  /** Streaming form for long songs. */
  stream(sampleRate: number, channelCount: number): SeparationStream;
}
