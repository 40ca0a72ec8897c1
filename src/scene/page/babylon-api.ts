/**
 * The Babylon.js classes the page code uses, passed in as one object.
 *
 * Page code (files under `page/`) runs in the browser: the Node side serializes its functions with
 * `toString()` into one ES module (see ../page-source.ts; the modules it imports are ../babylon-imports.ts),
 * so page files have no runtime imports, only types (as `import('…')` types: Babylon is an ES module and
 * this code compiles as CommonJS), and reach Babylon and each other through parameters.
 */

export interface Babylon {
  Engine: typeof import('@babylonjs/core/Engines/engine.js', { with: { 'resolution-mode': 'import' }}).Engine;
  Scene: typeof import('@babylonjs/core/scene.js', { with: { 'resolution-mode': 'import' }}).Scene;
  ArcRotateCamera: typeof import('@babylonjs/core/Cameras/arcRotateCamera.js', { with: { 'resolution-mode': 'import' }}).ArcRotateCamera;
  HemisphericLight: typeof import('@babylonjs/core/Lights/hemisphericLight.js', { with: { 'resolution-mode': 'import' }}).HemisphericLight;
  DirectionalLight: typeof import('@babylonjs/core/Lights/directionalLight.js', { with: { 'resolution-mode': 'import' }}).DirectionalLight;
  Vector3: typeof import('@babylonjs/core/Maths/math.vector.js', { with: { 'resolution-mode': 'import' }}).Vector3;
  Quaternion: typeof import('@babylonjs/core/Maths/math.vector.js', { with: { 'resolution-mode': 'import' }}).Quaternion;
  Matrix: typeof import('@babylonjs/core/Maths/math.vector.js', { with: { 'resolution-mode': 'import' }}).Matrix;
  Color3: typeof import('@babylonjs/core/Maths/math.color.js', { with: { 'resolution-mode': 'import' }}).Color3;
  Color4: typeof import('@babylonjs/core/Maths/math.color.js', { with: { 'resolution-mode': 'import' }}).Color4;
  StandardMaterial: typeof import('@babylonjs/core/Materials/standardMaterial.js', { with: {
    'resolution-mode': 'import',
  }}).StandardMaterial;
  VertexBuffer: typeof import('@babylonjs/core/Buffers/buffer.js', { with: { 'resolution-mode': 'import' }}).VertexBuffer;
  MaterialPluginBase: typeof import('@babylonjs/core/Materials/materialPluginBase.js', { with: {
    'resolution-mode': 'import',
  }}).MaterialPluginBase;
  LoadAssetContainerAsync: typeof import('@babylonjs/core/Loading/sceneLoader.js', { with: {
    'resolution-mode': 'import',
  }}).LoadAssetContainerAsync;
}
