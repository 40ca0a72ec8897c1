import type { LinearEmotionModel } from './music-emotion';

/**
 * Fitted by bench/fit-auto-emotion.ts on /work/data/corpus (ridge on the train split's cues, every 0.5 s,
 * against the composer's truth, src/corpus/composer/emotion-labels.ts); `fitted` holds the Pearson
 * correlations on the train and test splits (frames every 0.5 s, and song means).
 */
export const AUTO_EMOTION_MODEL: LinearEmotionModel = {
  features: ['loudRel', 'loudTop', 'onsets', 'tempo', 'pulse', 'bandBright', 'voiceBright', 'voiceOverBand', 'flux', 'singing'],
  mean: [0.5897, -3.01111, 2.38277, -0.18658, 0.56657, -0.22336, 5.07672, 1.99901, 1.29807, 0.40794],
  std: [0.28753, 1.77113, 1.19242, 0.52302, 0.19333, 8.08554, 5.62713, 1.40211, 0.18688, 0.21789],
  valence: {
    weights: [-0.05899, 0.04453, 0.00154, 0.13973, 0.00319, 0.03132, 0.02214, -0.02922, 0.08797, -0.00116],
    bias: 0.11031,
  },
  arousal: {
    weights: [0.06568, 0.06088, 0.0018, 0.15657, 0.02983, -0.03527, -0.02207, -0.05676, 0.07744, 0.0596],
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
      valence: 0.201,
      arousal: 0.683,
      songValence: 0.228,
      songArousal: 0.697,
    },
    test: {
      songs: 41,
      separator: 'corpus stems',
      frames: 3690,
      valence: 0.388,
      arousal: 0.689,
      songValence: 0.426,
      songArousal: 0.628,
    },
  },
};
