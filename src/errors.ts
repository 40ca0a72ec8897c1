/**
 * The errors the library throws on purpose, one class per kind a caller can branch on
 * (`if (e instanceof InvalidOptionError && e.option === 'style') …`, `if (e instanceof RigError) …`).
 * All are `instanceof MusicFaceError`; each message is one sentence naming the file or option and the
 * problem, and `file` names the file when there is one. The classes live in runtime/errors.ts (and
 * audio/ for the audio ones) so every stage can throw them.
 */
export { AudioFileError, DamagedAudioError, InvalidAudioError } from './audio';
export { VideoFileError } from './video';
export { TrackError } from './track';
export {
  BatchError,
  CorpusError,
  DatasetError,
  InvalidInputError,
  InvalidOptionError,
  ModelError,
  MusicFaceError,
  OutputPathError,
  RenderError,
  RigError,
  SeparatorError,
  ToolError,
} from './runtime';
