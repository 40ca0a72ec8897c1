/** The learned generator: model cards, the frame graph and pose LSTM runner, eyes, gaze, blinks, details. */
export { BLINK_SAMPLERS, type BlinkSampler, type GenerateOptions, generateTrack, styleIndex } from './generate-track';
export { type LoadGeneratorOptions, type LoadedGenerator, loadGenerator } from './load-generator';
export { type ModelCard, cardSeparator, listModels, modelsDir, resolveModel } from './model-card';
export { PERFORMER_STYLES, type PerformerStyle, performerStyle } from './performer-styles';
