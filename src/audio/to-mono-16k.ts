import { type Audio, toMono } from './audio';
import { resample, type ResampleOptions } from './resample';

/** The feature extractor's input rate (paper, section 3.2.1). */
export const FEATURE_SAMPLE_RATE = 16000;

/**
 * Downmixes (average of channels) and resamples to 16 kHz: the input `computeMfcc` expects.
 * Example: `const mfcc = computeMfcc(toMono16k(stems.vocals))`
 */
export function toMono16k(audio: Audio, options: ResampleOptions = {}): Float32Array {
  if (!audio.channels.length) return new Float32Array(0);
  return resample(toMono(audio), audio.sampleRate, FEATURE_SAMPLE_RATE, options);
}
