import { FEATURE_PARAMS } from './feature-params';

/** HTK-style mel scale, as python_speech_features. */
export function hzToMel(hz: number): number {
  return 2595 * Math.log10(1 + hz / 700);
}

export function melToHz(mel: number): number {
  return 700 * (Math.pow(10, mel / 2595) - 1);
}

/** One triangular filter over FFT bins [start, start + weights.length). */
export interface MelFilter {
  start: number;
  weights: Float64Array;
}

/**
 * Triangular filters on FFT bins, built exactly as python_speech_features' `get_filterbanks`: edges at
 * floor((nfft + 1) · hz / rate) of points evenly spaced in mel from lowFreq to highFreq.
 * Example: `melFilterbank()[0] // { start: 0, weights: [0, 1, 0.5…] }`
 */
export function melFilterbank(
  nfilt: number = FEATURE_PARAMS.numFilters,
  nfft: number = FEATURE_PARAMS.nfft,
  sampleRate: number = FEATURE_PARAMS.sampleRate,
  lowFreq: number = FEATURE_PARAMS.lowFreq,
  highFreq: number = FEATURE_PARAMS.highFreq,
): MelFilter[] {
  const lowMel = hzToMel(lowFreq);
  const highMel = hzToMel(highFreq);
  const bins: number[] = [];
  const step = (highMel - lowMel) / (nfilt + 1);
  for (let i = 0; i < nfilt + 2; i++) {
    // numpy.linspace: i · step + low, with the last point exactly high.
    const mel = i === nfilt + 1 ? highMel : i * step + lowMel;
    bins.push(Math.floor(((nfft + 1) * melToHz(mel)) / sampleRate));
  }
  const filters: MelFilter[] = [];
  for (let j = 0; j < nfilt; j++) {
    const [a, b, c] = [bins[j], bins[j + 1], bins[j + 2]];
    const weights = new Float64Array(Math.max(0, c - a));
    for (let i = a; i < b; i++) weights[i - a] = (i - a) / (b - a);
    for (let i = b; i < c; i++) weights[i - a] = (c - i) / (c - b);
    filters.push({ start: a, weights });
  }
  return filters;
}
