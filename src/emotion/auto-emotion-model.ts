import type { LinearEmotionModel } from './music-emotion';

/**
 * Fitted by bench/fit-auto-emotion.ts on /work/data/corpus (ridge on the train split's cues, every 0.5 s,
 * against the composer's truth, src/corpus/composer/emotion-labels.ts); `fitted` holds the Pearson
 * correlations on the train and test splits (frames every 0.5 s, and song means).
 */
export const AUTO_EMOTION_MODEL: LinearEmotionModel = {
  features: ['loudRel', 'loudTop', 'onsets', 'tempo', 'pulse', 'bandBright', 'voiceBright', 'voiceOverBand', 'flux', 'singing', 'mode'],
  mean: [0.5897, -3.01111, 2.38277, -0.18658, 0.56657, -0.22336, 5.07672, 1.99901, 1.29807, 0.40794, 0.09464],
  std: [0.28753, 1.77113, 1.19242, 0.52302, 0.19333, 8.08554, 5.62713, 1.40211, 0.18688, 0.21789, 0.18301],
  valence: {
    weights: [-0.0119, 0.04909, -0.02597, 0.12363, 0.026, 0.03533, -0.01932, -0.00826, 0.07008, -0.05345, 0.59414],
    bias: 0.11031,
  },
  arousal: {
    weights: [0.06451, 0.06077, 0.00249, 0.15697, 0.02927, -0.03537, -0.02104, -0.05728, 0.07789, 0.0609, -0.01478],
    bias: 0.10617,
  },
  fitted: {
    samples: 22050,
    songs: 245,
    lambda: 1,
    corpus: 'corpus',
    train: {
      songs: 245,
      frames: 22050,
      valence: 0.843,
      arousal: 0.684,
      songValence: 0.859,
      songArousal: 0.7,
    },
    test: {
      songs: 41,
      separator: 'corpus stems',
      frames: 3690,
      valence: 0.869,
      arousal: 0.695,
      songValence: 0.882,
      songArousal: 0.639,
    },
  },
};
