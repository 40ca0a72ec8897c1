/** What other pages use of the scene's page code: types only (page code imports nothing at run time). */
export type { Babylon } from './babylon-api';
export type { FaceScene, addLights, createFaceScene, frameFace, simplifyMaterials, vertexColorsToGamma } from './face-scene';
