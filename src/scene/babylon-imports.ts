/** Module specifiers the page imports; also the roots of the module allowlist the servers use. */
export const BABYLON_IMPORTS: ReadonlyArray<[specifier: string, names: string[]]> = [
  ['@babylonjs/core/Engines/engine.js', ['Engine']],
  ['@babylonjs/core/scene.js', ['Scene']],
  ['@babylonjs/core/Cameras/arcRotateCamera.js', ['ArcRotateCamera']],
  ['@babylonjs/core/Cameras/Inputs/arcRotateCameraPointersInput.js', []],
  ['@babylonjs/core/Cameras/Inputs/arcRotateCameraMouseWheelInput.js', []],
  ['@babylonjs/core/Lights/hemisphericLight.js', ['HemisphericLight']],
  ['@babylonjs/core/Lights/directionalLight.js', ['DirectionalLight']],
  ['@babylonjs/core/Maths/math.vector.js', ['Vector3', 'Quaternion', 'Matrix']],
  ['@babylonjs/core/Maths/math.color.js', ['Color3', 'Color4']],
  ['@babylonjs/core/Materials/standardMaterial.js', ['StandardMaterial']],
  ['@babylonjs/core/Buffers/buffer.js', ['VertexBuffer']],
  ['@babylonjs/core/Materials/materialPluginBase.js', ['MaterialPluginBase']],
  ['@babylonjs/core/Loading/sceneLoader.js', ['LoadAssetContainerAsync']],
  ['@babylonjs/core/Animations/animationGroup.js', []],
  ['@babylonjs/core/Morph/morphTargetManager.js', []],
  ['@babylonjs/loaders/glTF/2.0/index.js', []],
];
