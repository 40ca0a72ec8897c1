/** MP4 rendering of a track on the default head or a user's avatar (headless Chromium + Babylon). */
export type { GlBackend } from './chromium';
export { FaceRenderer, abortError } from './face-renderer';
export { MP4_DEFAULTS, Mp4Encoder } from './mp4-encoder';
export { type RenderVideoOptions, type RenderVideoResult, outputFrameCount, renderStills, renderVideo, trackFrameAt } from './render-video';
