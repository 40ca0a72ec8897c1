/**
 * The Babylon.js classes the page code uses, passed in as one object.
 *
 * Page code (files under `page/`) runs in the browser: the Node side serializes its functions with
 * `toString()` into one ES module (see ../page-source.ts; the modules it imports are ../babylon-imports.ts), so page files have no runtime imports, only
 * types, and reach Babylon and each other through parameters.
 */
import type { Engine } from '@babylonjs/core/Engines/engine.js' with { 'resolution-mode': 'import' };
import type { Scene } from '@babylonjs/core/scene.js' with { 'resolution-mode': 'import' };
import type { ArcRotateCamera } from '@babylonjs/core/Cameras/arcRotateCamera.js' with { 'resolution-mode': 'import' };
import type { HemisphericLight } from '@babylonjs/core/Lights/hemisphericLight.js' with { 'resolution-mode': 'import' };
import type { DirectionalLight } from '@babylonjs/core/Lights/directionalLight.js' with { 'resolution-mode': 'import' };
import type { Vector3, Quaternion, Matrix } from '@babylonjs/core/Maths/math.vector.js' with { 'resolution-mode': 'import' };
import type { Color3, Color4 } from '@babylonjs/core/Maths/math.color.js' with { 'resolution-mode': 'import' };
import type { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.js' with { 'resolution-mode': 'import' };
import type { MaterialPluginBase } from '@babylonjs/core/Materials/materialPluginBase.js' with { 'resolution-mode': 'import' };
import type { VertexBuffer } from '@babylonjs/core/Buffers/buffer.js' with { 'resolution-mode': 'import' };
import type { LoadAssetContainerAsync } from '@babylonjs/core/Loading/sceneLoader.js' with { 'resolution-mode': 'import' };

export interface Babylon {
  Engine: typeof Engine;
  Scene: typeof Scene;
  ArcRotateCamera: typeof ArcRotateCamera;
  HemisphericLight: typeof HemisphericLight;
  DirectionalLight: typeof DirectionalLight;
  Vector3: typeof Vector3;
  Quaternion: typeof Quaternion;
  Matrix: typeof Matrix;
  Color3: typeof Color3;
  Color4: typeof Color4;
  StandardMaterial: typeof StandardMaterial;
  VertexBuffer: typeof VertexBuffer;
  MaterialPluginBase: typeof MaterialPluginBase;
  LoadAssetContainerAsync: typeof LoadAssetContainerAsync;
}
