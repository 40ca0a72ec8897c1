/** What every stage needs and none owns: ONNX sessions (and the bit of ONNX protobuf the pose cell reads), progress, atomic writes, cleanup, seeds, paths. */
export { produceFileAtomic, sweepStaleParts, tempPathFor, writeFileAtomic } from './atomic-write';
export { type Defaults, withDefaults } from './defaults';
export {
  BatchError,
  CorpusError,
  DatasetError,
  InvalidInputError,
  InvalidOptionError,
  ModelError,
  MusicFaceError,
  type MusicFaceErrorOptions,
  RenderError,
  RigError,
  SeparatorError,
  ToolError,
  joinErrorFamily,
} from './errors';
export { cleanUpNow, cleanupPath, cleanupProcess, onCleanup } from './cleanup';
export { DEVICES, type Device, createInferenceSession, ort } from './onnx';
export { gemmModel, type Initializer, readInitializers } from './onnx-protobuf';
export { OutputPathError, checkOutputs } from './output-paths';
export { type ProgressCallback, type ProgressEvent, noProgress, throttleProgress } from './progress';
export { Rng, deriveSeed, rngFor } from './random';
export { Stopwatch } from './stopwatch';
