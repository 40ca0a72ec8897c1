/** Rigs: loading, profiles (shape names → ARKit), clip baking, glTF reading and writing. */
export { readAccessor } from './accessor-read';
export { type BakedClip, bakeClip } from './bake-clip';
export { defaultHeadPath, defaultRig, packageRoot } from './default-rig';
export { eyeAngles } from './eye-gaze';
export { nameTokens } from './find-nodes';
export { GlbAppender } from './glb-append';
export { type GlbAsset, type GltfAnimation, type GltfJson, cloneAsset, writeGlb } from './glb';
export { loadRig, rigFromGlb } from './load-rig';
export { ensureTrs, localMatrix, nodePath, nodeTrs, parentsOf, worldMatrix } from './node-tree';
export { type VrmPreset, vrmPresetWeights } from './profiles/vrm1';
export type { Rig, RigReport } from './rig';
export {
  type Mat4,
  type Quat,
  type Vec3,
  composeTrs,
  decomposeTrs,
  makeHemisphereContinuous,
  mat3ToQuat,
  mat4InvertAffine,
  mat4Mul,
  poseQuat,
  quatConj,
  quatMul,
  quatNormalize,
  quatToMat3,
  quatToPose,
  transformDirection,
  transformPoint,
} from './rotation';
export { targetMoves } from './target-motion';
