export { FEATURE_PARAMS, type FeatureParams } from './feature-params';
export { computeMfcc, MfccExtractor, type Mfcc, type StreamFeatures, type StreamName } from './mfcc';
export { computeFeatures, videoFrameCount, windowFeatures, centreMfccFrame, type Features } from './video-windows';
export { hzToMel, melToHz, melFilterbank } from './mel-filterbank';
export { LEVEL_NORM, levelShift, normalizeLevel, type LevelNorm } from './levels';
export { CHROMA_PARAMS, ChromaExtractor, computeChroma, type Chroma } from './chroma';
