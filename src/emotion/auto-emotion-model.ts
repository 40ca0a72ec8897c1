import type { LinearEmotionModel } from './music-emotion';

/** Placeholder until fitted (training/emotion/fit-auto-emotion.ts writes this file). */
export const AUTO_EMOTION_MODEL: LinearEmotionModel = {
  features: ['loudRel', 'loudTop', 'onsets', 'tempo', 'pulse', 'bandBright', 'voiceBright', 'voiceOverBand', 'flux', 'singing'],
  mean: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  std: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  valence: { weights: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], bias: 0 },
  arousal: { weights: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], bias: 0 },
  fitted: {},
};
