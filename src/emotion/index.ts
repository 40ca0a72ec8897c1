/** The emotion layer after the generator: emotions, auto valence/arousal, direction files, channel gains. */
export { applyEmotionCurve, circumplexCurve } from './apply-emotion';
export { CHANNELS, type ChannelGains } from './channel-gains';
export { type Direction, type DirectionRange, checkDirection, readDirection } from './direction';
export { EMOTIONS, EMOTION_NAMES, type EmotionFace, type EmotionName, LIP_ARTICULATORS } from './emotions';
export { EMOTION_FEATURES, type LinearEmotionModel, emotionFeatures, estimateValenceArousal } from './music-emotion';
export { EMOTION_CHOICES, type EmotionChoice, type EmotionOptions, emotionCurve, performEmotion } from './perform-emotion';
