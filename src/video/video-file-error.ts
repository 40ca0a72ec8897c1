import { AudioFileError } from '../audio';

/**
 * A video (or still picture) that cannot be read or tracked; `message` is one sentence: `<file>: <problem>`.
 * A kind of AudioFileError: FFmpeg reads both, and code that caught AudioFileError for a video still does.
 */
export class VideoFileError extends AudioFileError {}
