/**
 * What the render and preview pages share: the copy of the user's avatar a page can load, the page's
 * assembly and local server, the scene config, and the scene's page code (loaded by path, see
 * page-functions.ts).
 */
export { BABYLON_IMPORTS } from './babylon-imports';
export { displayableAsset } from './displayable-glb';
export { type LocalServer, type Resource, htmlPage, startLocalServer } from './local-server';
export { type PageFunction, faceSceneFunctions, pageFunctions } from './page-functions';
export { type PageSource, type PageSourceOptions, pageSource } from './page-source';
export type { FaceSceneConfig, Framing } from './scene-config';
