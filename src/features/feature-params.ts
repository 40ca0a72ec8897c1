/**
 * The feature contract of the paper, section 3.2.1 (python_speech_features' `mfcc` defaults plus
 * `delta(N=2)`), as one frozen object. Keys and values equal `training/feature_params.json`, which the
 * generator's model card carries; the runtime compares the two before it runs a model.
 * Not in this object because they are fixed by the library it copies: rectangular window (no taper),
 * frames zero-padded at the end as its `framesig`, c0 replaced by log frame energy.
 */
export const FEATURE_PARAMS = Object.freeze({
  sampleRate: 16000,
  winLength: 0.025,
  winStep: 0.01,
  numCep: 13,
  numFilters: 26,
  nfft: 512,
  lowFreq: 0,
  highFreq: 8000,
  preemph: 0.97,
  cepLifter: 22,
  appendEnergy: true,
  deltaN: 2,
  window: 39,
  fps: 30,
} as const);

export type FeatureParams = typeof FEATURE_PARAMS;

/** Samples per analysis frame (400) and per hop (160) at 16 kHz. */
export const FRAME_LENGTH = Math.round(FEATURE_PARAMS.winLength * FEATURE_PARAMS.sampleRate);
export const FRAME_STEP = Math.round(FEATURE_PARAMS.winStep * FEATURE_PARAMS.sampleRate);
/** MFCC frames per second (100) and the dimension of one row: 13 cepstra + 13 deltas. */
export const MFCC_RATE = 100 as const;
export const MFCC_DIM = 26 as const; // 2 · numCep
/** Time of the centre of MFCC frame j: j · 0.01 + 0.0125 s. */
export const MFCC_CENTRE_OFFSET = FRAME_LENGTH / 2 / FEATURE_PARAMS.sampleRate;
