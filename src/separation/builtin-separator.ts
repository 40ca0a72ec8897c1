import type { Audio } from '../audio';
import { chunkedStream, separateViaStream } from './chunked-stream';
import type { SeparateOptions, SeparationStream, Separator, Stems } from './separator';
import { defaultWorkerThreads, runMaskJob, startWorkers } from './worker-pool';
import { VOCAL_MASK_DEFAULTS, type VocalMaskOptions, vocalMaskContextFrames } from './vocal-mask';
import { type Defaults, SeparatorError, withDefaults } from '../runtime';

/**
 * The separator that ships in the package: no weights, no download. A stereo-aware soft mask
 * (vocal band × harmonicity × stereo centre, refined as a Wiener filter; see vocal-mask.ts) on a 93 ms
 * STFT with 75 % overlap,
 * streamed in ~10 s cores with bounded context, so memory is flat and streamed output equals whole-song
 * output byte for byte. Both channels go through one complex FFT (Z = FFT(l + i·r)); a real mask applied
 * to Z and one inverse FFT gives both masked channels back at once.
 */
export interface BuiltinSeparatorOptions extends VocalMaskOptions {
  /** Seconds kept from each processed segment (rounded to whole hops). */
  coreSeconds?: number;
  /** STFT frames per FFT length: 4 = 75 % overlap, 2 = 50 % (half the work, slightly worse masks). */
  overlap?: 2 | 4;
  /** Segments processed at once on worker threads (default: cores, at most 2); 1 = this thread only. */
  threads?: number;
}

export const BUILTIN_SEPARATOR_DEFAULTS: Defaults<Omit<BuiltinSeparatorOptions, 'threads'>> = Object.freeze({
  ...VOCAL_MASK_DEFAULTS,
  coreSeconds: 10,
  overlap: 4,
});

export const BUILTIN_SEPARATOR_NAME = 'builtin-centre-harmonic-mask';

/** FFT length for a sample rate: the power of two nearest to 93 ms (4096 at 44.1 and 48 kHz). */
export function builtinFftSize(sampleRate: number): number {
  return Math.max(256, 2 ** Math.round(Math.log2(sampleRate * 0.0929)));
}

/**
 * Example:
 * ```ts
 * const stems = await createBuiltinSeparator().separate(audio, { onProgress });
 * ```
 */
export function createBuiltinSeparator(options: BuiltinSeparatorOptions = {}): Separator {
  const o = withDefaults(BUILTIN_SEPARATOR_DEFAULTS, options);
  const threads = options.threads ?? defaultWorkerThreads();
  startWorkers(threads);
  const maskOptions: VocalMaskOptions = {
    lowHz: o.lowHz,
    highHz: o.highHz,
    harmonicFrames: o.harmonicFrames,
    percussiveBins: o.percussiveBins,
    centrePower: o.centrePower,
    maskPower: o.maskPower,
    wienerFrames: o.wienerFrames,
    wienerBins: o.wienerBins,
  };
  const separator: Separator = {
    name: BUILTIN_SEPARATOR_NAME,
    stream(sampleRate: number, channelCount: number): SeparationStream {
      if (!(Number.isInteger(sampleRate) && sampleRate >= 8000))
        throw new SeparatorError(`${BUILTIN_SEPARATOR_NAME}: sample rate must be an integer ≥ 8000 Hz, got ${sampleRate}`);
      const nFft = builtinFftSize(sampleRate);
      const hop = nFft / o.overlap;
      const context = vocalMaskContextFrames(o);
      const margin = (nFft / hop + context + 4) * hop;
      const core = Math.max(1, Math.round((o.coreSeconds * sampleRate) / hop)) * hop;
      const process = (segment: Float32Array[]) => runMaskJob({ segment, sampleRate, nFft, hop, options: maskOptions }, threads);
      return chunkedStream(process, { core, margin }, sampleRate, channelCount, BUILTIN_SEPARATOR_NAME);
    },
    separate(audio: Audio, sepOptions: SeparateOptions = {}): Promise<Stems> {
      return separateViaStream(separator.stream(audio.sampleRate, audio.channels.length), audio, sepOptions, BUILTIN_SEPARATOR_NAME);
    },
  };
  return separator;
}
