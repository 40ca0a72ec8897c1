/** A video's frames as RGB through FFmpeg (tracking's input and the neural renderer's training pairs). */
export * from './video-frames';
export { VideoFileError } from './video-file-error';
