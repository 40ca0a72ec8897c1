/**
 * Browser-side: loads a rig into a Babylon scene, lights it and frames the face.
 * Shared by the MP4 renderer (CPU morph blending, fixed camera) and the preview page (Babylon's own
 * morph targets and animation groups, orbit camera). No runtime imports: see babylon-api.ts.
 */
import type { Babylon } from './babylon-api';
import type { Engine } from '@babylonjs/core/Engines/engine.js' with { 'resolution-mode': 'import' };
import type { Scene } from '@babylonjs/core/scene.js' with { 'resolution-mode': 'import' };
import type { AbstractMesh } from '@babylonjs/core/Meshes/abstractMesh.js' with { 'resolution-mode': 'import' };
import type { Mesh } from '@babylonjs/core/Meshes/mesh.js' with { 'resolution-mode': 'import' };
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode.js' with { 'resolution-mode': 'import' };
import type { ArcRotateCamera } from '@babylonjs/core/Cameras/arcRotateCamera.js' with { 'resolution-mode': 'import' };
import type { AssetContainer } from '@babylonjs/core/assetContainer.js' with { 'resolution-mode': 'import' };

export interface FaceSceneConfig {
  /** Canvas size in pixels (square). */
  size: number;
  /** Clear colour, sRGB 0…1. */
  background: [number, number, number];
  /** +1 when the model faces +Z (glTF), −1 when it faces −Z (VRM 0.x). */
  facing: 1 | -1;
  antialias: boolean;
  /** Per driven target set: the (tagged) names of the glTF nodes whose meshes carry its targets. */
  sets: { nodes: string[]; targets: number }[];
  /** Tagged names of the nodes turned per frame (head, eyes); the head also moves. */
  poseNodes: { node: string; translation: boolean }[];
  /** Orbit controls (preview) or a fixed camera (render). */
  interactive: boolean;
}

export interface FaceScene {
  engine: Engine;
  scene: Scene;
  camera: ArcRotateCamera;
  container: AssetContainer;
  /** Babylon meshes (one per glTF primitive) of each target set, in config order. */
  setMeshes: Mesh[][];
  /** The pose nodes of the config, in order (null where the scene has no such node). */
  poseNodes: (TransformNode | null)[];
}

/**
 * Builds the scene on `canvas` from GLB bytes.
 * Example (page): `const face = await createFaceScene(B, canvas, glb, cfg); face.scene.render();`
 */
export async function createFaceScene(B: Babylon, canvas: HTMLCanvasElement, glb: Uint8Array, cfg: FaceSceneConfig): Promise<FaceScene> {
  const engine = new B.Engine(
    canvas,
    cfg.antialias,
    { preserveDrawingBuffer: true, stencil: false, premultipliedAlpha: false, alpha: false, doNotHandleContextLost: true },
    false,
  );
  const scene = new B.Scene(engine);
  scene.useRightHandedSystem = true; // glTF axes as they are: +Y up, +Z out of the face
  scene.clearColor = new B.Color4(cfg.background[0], cfg.background[1], cfg.background[2], 1);
  scene.skipPointerMovePicking = true;
  const container = await B.LoadAssetContainerAsync(glb, scene, {
    pluginExtension: '.glb',
    pluginOptions: { gltf: { animationStartMode: 0 /* NONE: the caller drives time */ } },
  });
  container.addAllToScene();
  for (const g of container.animationGroups) g.stop();

  const byName = (name: string): TransformNode | null =>
    (scene.getTransformNodeByName(name) as TransformNode | null) ?? (scene.getMeshByName(name) as TransformNode | null);
  const setMeshes: Mesh[][] = cfg.sets.map((set) => {
    const out: Mesh[] = [];
    for (const nodeName of set.nodes) {
      const node = byName(nodeName);
      if (!node) continue;
      // A glTF node with one primitive is itself the mesh; with several, each primitive is a child mesh.
      const candidates = [node as AbstractMesh, ...node.getChildMeshes(true)];
      for (const m of candidates) {
        const mesh = m as Mesh;
        if (mesh.morphTargetManager && mesh.morphTargetManager.numTargets === set.targets && !out.includes(mesh)) out.push(mesh);
      }
    }
    return out;
  });
  const poseNodes = cfg.poseNodes.map((p) => byName(p.node));
  for (const n of poseNodes) if (n && !n.rotationQuaternion) n.rotationQuaternion = B.Quaternion.FromEulerVector(n.rotation);

  simplifyMaterials(B, scene);
  addLights(B, scene, cfg.facing);
  const camera = frameFace(B, scene, setMeshes.flat(), cfg);
  if (cfg.interactive) camera.attachControl(true);
  await scene.whenReadyAsync();
  return { engine, scene, camera, container, setMeshes, poseNodes };
}

/**
 * glTF PBR materials → Blinn-Phong materials with the same base colour, texture and alpha: lit by the
 * preview's lights without an environment map, and about a quarter cheaper to rasterize in software.
 */
export function simplifyMaterials(B: Babylon, scene: Scene): void {
  const made = new Map<unknown, InstanceType<Babylon['StandardMaterial']>>();
  for (const mesh of scene.meshes) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const pbr = mesh.material as any;
    if (!pbr || pbr.getClassName() !== 'PBRMaterial') continue;
    let std = made.get(pbr);
    if (!std) {
      std = new B.StandardMaterial(`${pbr.name}-preview`, scene);
      std.diffuseColor = (pbr.albedoColor ?? new B.Color3(0.8, 0.8, 0.8)).toGammaSpace();
      if (pbr.albedoTexture) std.diffuseTexture = pbr.albedoTexture;
      if (pbr.emissiveColor) std.emissiveColor = pbr.emissiveColor.toGammaSpace();
      if (pbr.emissiveTexture) std.emissiveTexture = pbr.emissiveTexture;
      std.specularColor = new B.Color3(0.12, 0.11, 0.1);
      std.specularPower = 24;
      std.alpha = pbr.alpha;
      std.transparencyMode = pbr.transparencyMode;
      std.useAlphaFromDiffuseTexture = !!pbr.useAlphaFromAlbedoTexture;
      std.alphaCutOff = pbr.alphaCutOff;
      std.backFaceCulling = pbr.backFaceCulling;
      std.twoSidedLighting = !!pbr.twoSidedLighting;
      made.set(pbr, std);
    }
    mesh.material = std;
  }
}

/** A warm key light from the viewer's upper left, a cool fill from the right, a soft sky/ground ambient. */
export function addLights(B: Babylon, scene: Scene, facing: 1 | -1): void {
  const sky = new B.HemisphericLight('mf-sky', new B.Vector3(0, 1, 0.3 * facing), scene);
  sky.intensity = 0.35;
  sky.diffuse = new B.Color3(0.95, 0.95, 1);
  sky.groundColor = new B.Color3(0.28, 0.24, 0.22);
  sky.specular = new B.Color3(0, 0, 0);
  const key = new B.DirectionalLight('mf-key', new B.Vector3(0.55 * facing, -0.55, -0.75 * facing), scene);
  key.intensity = 0.75;
  key.diffuse = new B.Color3(1, 0.96, 0.9);
  const fill = new B.DirectionalLight('mf-fill', new B.Vector3(-0.7 * facing, -0.1, -0.6 * facing), scene);
  fill.intensity = 0.25;
  fill.diffuse = new B.Color3(0.85, 0.9, 1);
  fill.specular = new B.Color3(0, 0, 0);
}

/**
 * Points a camera at the face: the box around the vertices that any morph target moves (eyes, brows,
 * mouth, jaw — the face, even on a full-body avatar), widened to show the whole head.
 */
export function frameFace(B: Babylon, scene: Scene, faceMeshes: Mesh[], cfg: FaceSceneConfig): ArcRotateCamera {
  // World positions of the vertices the targets move; the shot is their 5–95 % box (robust to a few
  // far-away vertices that a cheek or stretch shape also drags).
  const xs: number[] = [];
  const ys: number[] = [];
  const zs: number[] = [];
  const p = new B.Vector3();
  for (const mesh of faceMeshes) {
    const base = mesh.getVerticesData(B.VertexBuffer.PositionKind);
    const mtm = mesh.morphTargetManager;
    if (!base || !mtm) continue;
    const world = mesh.computeWorldMatrix(true);
    const moved = new Uint8Array(base.length / 3);
    // A vertex counts when some target moves it by at least a tenth of that target's largest move.
    const d2 = new Float32Array(base.length / 3);
    for (let k = 0; k < mtm.numTargets; k++) {
      const tp = mtm.getTarget(k).getPositions();
      if (!tp) continue;
      let max = 0;
      for (let v = 0; v < d2.length; v++) {
        const dx = tp[3 * v] - base[3 * v];
        const dy = tp[3 * v + 1] - base[3 * v + 1];
        const dz = tp[3 * v + 2] - base[3 * v + 2];
        d2[v] = dx * dx + dy * dy + dz * dz;
        if (d2[v] > max) max = d2[v];
      }
      for (let v = 0; v < d2.length; v++) if (max > 0 && d2[v] >= max * 0.01) moved[v] = 1;
    }
    for (let v = 0; v < moved.length; v++) {
      if (!moved[v]) continue;
      B.Vector3.TransformCoordinatesFromFloatsToRef(base[3 * v], base[3 * v + 1], base[3 * v + 2], world, p);
      xs.push(p.x);
      ys.push(p.y);
      zs.push(p.z);
    }
  }
  const min = new B.Vector3(Infinity, Infinity, Infinity);
  const max = new B.Vector3(-Infinity, -Infinity, -Infinity);
  if (xs.length) {
    const q = (a: number[], f: number) => a[Math.min(a.length - 1, Math.floor(f * a.length))];
    for (const a of [xs, ys, zs]) a.sort((u, v) => u - v);
    min.set(q(xs, 0.05), q(ys, 0.05), q(zs, 0.05));
    max.set(q(xs, 0.95), q(ys, 0.95), q(zs, 0.95));
  } else {
    for (const m of scene.meshes) {
      if (m.getTotalVertices() === 0) continue;
      const b = m.getBoundingInfo().boundingBox;
      min.minimizeInPlace(b.minimumWorld);
      max.maximizeInPlace(b.maximumWorld);
    }
  }
  if (!Number.isFinite(min.x)) {
    min.setAll(-0.1);
    max.setAll(0.1);
  }
  const center = min.add(max).scale(0.5);
  const extent = Math.max(max.y - min.y, max.x - min.x, 1e-3) * 2.4;
  center.y += extent * 0.04; // a little more forehead than neck
  const fov = 0.45;
  const radius = extent / 2 / Math.tan(fov / 2);
  const camera = new B.ArcRotateCamera('mf-camera', (cfg.facing * Math.PI) / 2, Math.PI / 2, radius, center, scene);
  camera.fov = fov;
  camera.minZ = radius * 0.02;
  camera.maxZ = radius * 20;
  camera.lowerRadiusLimit = radius * 0.3;
  camera.upperRadiusLimit = radius * 4;
  camera.wheelDeltaPercentage = 0.01;
  scene.activeCamera = camera;
  return camera;
}
