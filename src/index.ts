/**
 * MusicFace — turn a song into a singing face.
 *
 * ```ts
 * import { animateSong, exportTrack } from 'musicface';
 * const track = await animateSong('song.mp3', { style: 'calm-ballad', seed: 1 });
 * fs.writeFileSync('song.glb', await exportTrack(track, 'glb'));
 * ```
 */

// The one call: song → FaceTrack.
export { animateSong, DEFAULT_MODEL, type AnimateOptions } from './animate';

// Typed errors a caller can branch on.
export * from './errors';

// The track: the currency of the project.
export * from './track';

// Audio and features (the same code the generator was trained with).
export * from './audio';
export {
  FEATURE_PARAMS,
  computeMfcc,
  MfccExtractor,
  videoFrameCount,
  windowFeatures,
  computeFeatures,
  type Mfcc,
  type Features,
} from './features';

// Separation.
export type { Stems, Separator, SeparationStream, SeparateOptions } from './separation';
export { DEFAULT_SEPARATOR, createSeparator } from './separation';
export { stemsFromFiles } from './separation';

// Generator runtime (for loading a model once and running many songs).
export { loadGenerator, type LoadedGenerator, type LoadGeneratorOptions } from './generator';
export { generateTrack, BLINK_SAMPLERS, type BlinkSampler, type GenerateOptions } from './generator';
export { performEmotion, emotionCurve, EMOTION_CHOICES, type EmotionChoice, type EmotionOptions } from './emotion';
export { EMOTION_NAMES, EMOTIONS, LIP_ARTICULATORS, type EmotionName, type EmotionFace } from './emotion';
export { checkDirection, readDirection, type Direction, type DirectionRange } from './emotion';
export { estimateValenceArousal } from './emotion';
export type { ChannelGains } from './emotion';
export { performerStyle, PERFORMER_STYLES, type PerformerStyle } from './generator';
export { livelinessStats, type LivelinessStats } from './eval';
export { eyeAngles, setGazeWeights, EYE_GAIN } from './track';
export { listModels, resolveModel, type ModelCard } from './generator';
export type { Device } from './runtime';
export type { ProgressCallback, ProgressEvent } from './runtime';

// Rigs and exporters.
export { loadRig, rigFromGlb } from './retarget';
export { defaultRig, defaultHeadPath } from './retarget';
export type { Rig, RigReport } from './retarget';
export {
  exportTrack,
  formatFromPath,
  extensionOf,
  FORMATS,
  outputFormat,
  exportGlb,
  exportVrma,
  exportLiveLink,
  exportUnityAnim,
  exportJson,
  exportCsv,
  type ExportFormat,
  type ExportOptions,
  type Exporter,
  type OutputFormat,
} from '../exporters';
export { liveLinkCsvToTrack, LIVE_LINK_HEADER } from './livelink';

// Rendering, batch and preview.
export { renderVideo, renderStills, type RenderVideoOptions, type RenderVideoResult } from './render';
export { batch, batchExitCode, BATCH_FORMATS, type BatchOptions, type BatchReport, type BatchFormat, type AnimateFn } from './batch';
export { batchItems, type BatchItem } from './batch';
// Many machines: a Redis queue (BullMQ). Loaded on first call, so a local batch never loads its client.
export type { EnqueueOptions, EnqueuedBatch } from './batch';
export type { FollowOptions } from './batch';
export type { RunWorkerOptions, WorkerSummary } from './batch';
export { enqueueBatch, followBatch, runWorker } from './batch';
export { startPreview, type PreviewOptions } from './preview';
