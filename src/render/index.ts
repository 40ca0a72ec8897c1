/** MP4 rendering of a track on the default head or a user's avatar (headless Chromium + Babylon). */
export { type GlBackend } from './chromium';
export { displayableAsset } from './displayable-glb';
export { FaceRenderer, abortError } from './face-renderer';
export { type LocalServer, startLocalServer } from './local-server';
export { MP4_DEFAULTS, Mp4Encoder } from './mp4-encoder';
export { pageSource } from './page-source';
export { type Framing, addLights, createFaceScene, frameFace, simplifyMaterials } from './page/face-scene';
export { type RenderVideoOptions, type RenderVideoResult, outputFrameCount, renderStills, renderVideo, trackFrameAt } from './render-video';
