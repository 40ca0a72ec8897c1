export * from './arkit';
export * from './face-track';
export * from './validate';
export * from './track-json';
export * from './track-csv';
export * from './resample-track';
export * from './eye-closures';
export * from './eye-state';
export { TrackError } from './track-error';
export { ARKIT_COUNT, ARKIT_NAMES, type ArkitName, arkitIndex } from './arkit';
export { blinkStats, closures } from './eye-closures';
export {
  BLINK_DURATION,
  BLINK_INTERVAL,
  EYE_SMOOTH_SIGMA_FRAMES,
  LONG_CLOSING_MIN_SECONDS,
  composeEyeState,
  gaussianSmooth,
  sampleBlinks,
} from './eye-state';
export { EYE_DIM, type FaceTrack, POSE_DIM, createTrack, syncEyesToExpression, weightCurve } from './face-track';
export { EYE_GAIN, type EyeAngles, eyeAngles, setGazeWeights } from './gaze-weights';
export { percentile } from './percentile';
export { resampleTrack } from './resample-track';
export { trackToCsv } from './track-csv';
export { trackFromJson, trackToJson } from './track-json';
export { assertValidTrack } from './validate';
