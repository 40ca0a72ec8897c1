/**
 * Browser-side: loads a rig into a Babylon scene, lights it and frames the face.
 * Shared by the MP4 renderer (CPU morph blending, fixed camera) and the preview page (Babylon's own
 * morph targets and animation groups, orbit camera). No runtime imports: see babylon-api.ts.
 */
import type { FaceSceneConfig } from '../scene-config';
import type { Babylon } from './babylon-api';
type Engine = import('@babylonjs/core/Engines/engine.js', { with: { 'resolution-mode': 'import' }}).Engine;
type Scene = import('@babylonjs/core/scene.js', { with: { 'resolution-mode': 'import' }}).Scene;
type AbstractMesh = import('@babylonjs/core/Meshes/abstractMesh.js', { with: { 'resolution-mode': 'import' }}).AbstractMesh;
type Mesh = import('@babylonjs/core/Meshes/mesh.js', { with: { 'resolution-mode': 'import' }}).Mesh;
type TransformNode = import('@babylonjs/core/Meshes/transformNode.js', { with: { 'resolution-mode': 'import' }}).TransformNode;
type ArcRotateCamera = import('@babylonjs/core/Cameras/arcRotateCamera.js', { with: { 'resolution-mode': 'import' }}).ArcRotateCamera;
type AssetContainer = import('@babylonjs/core/assetContainer.js', { with: { 'resolution-mode': 'import' }}).AssetContainer;

export interface FaceScene {
  engine: Engine;
  scene: Scene;
  camera: ArcRotateCamera;
  container: AssetContainer;
  /** Babylon meshes (one per glTF primitive) of each target set, in config order. */
  setMeshes: Mesh[][];
  /** The pose nodes of the config, in order (null where the scene has no such node). */
  poseNodes: (TransformNode | null)[];
  /** The Babylon node made for glTF node `index` (the skin's TransformNode for a skinned mesh node). */
  nodeAt(index: number): TransformNode | null;
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

  // Babylon tags what it loads with glTF JSON pointers ("/nodes/3", "/meshes/2/primitives/0").
  const pointers = (o: unknown): string[] =>
    (o as { _internalMetadata?: { gltf?: { pointers?: string[] } } })._internalMetadata?.gltf?.pointers ?? [];
  const nodes = new Map<number, TransformNode>();
  for (const n of [...scene.transformNodes, ...scene.meshes]) {
    for (const p of pointers(n)) {
      const m = /^\/nodes\/(\d+)$/.exec(p);
      if (m && !nodes.has(Number(m[1]))) nodes.set(Number(m[1]), n as TransformNode);
    }
  }
  const nodeAt = (index: number): TransformNode | null => nodes.get(index) ?? null;
  const setMeshes: Mesh[][] = cfg.sets.map((set) => {
    const prefix = `/meshes/${set.mesh}/primitives/`;
    return scene.meshes.filter(
      (m) => m.morphTargetManager?.numTargets === set.targets && pointers(m).some((p) => p.startsWith(prefix)),
    ) as Mesh[];
  });
  const poseNodes = cfg.poseNodes.map((p) => nodeAt(p.node));
  for (const n of poseNodes) if (n && !n.rotationQuaternion) n.rotationQuaternion = B.Quaternion.FromEulerVector(n.rotation);

  simplifyMaterials(B, scene);
  addLights(B, scene, cfg.facing);
  const camera = frameFace(B, scene, setMeshes.flat(), cfg.headNode === null ? null : nodeAt(cfg.headNode), cfg);
  if (cfg.interactive) camera.attachControl(true);
  await scene.whenReadyAsync();
  return { engine, scene, camera, container, setMeshes, poseNodes, nodeAt };
}

/**
 * glTF PBR materials → Blinn-Phong materials with the same base colour, texture and alpha: lit by the
 * preview's lights without an environment map, and about a quarter cheaper to rasterize in software.
 */
export function simplifyMaterials(B: Babylon, scene: Scene): void {
  const made = new Map<unknown, InstanceType<Babylon['StandardMaterial']>>();
  const converted = new Set<unknown>();
  for (const mesh of scene.meshes) {
    const pbr = mesh.material as any;
    if (pbr?.getClassName() !== 'PBRMaterial') continue;
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
    vertexColorsToGamma(B, mesh as Mesh, converted);
  }
}

/**
 * glTF stores COLOR_0 linear; Babylon's PBR reads it so, its StandardMaterial multiplies it in gamma space.
 * Without this a vertex-coloured skin renders darker and more saturated than its author made it.
 */
export function vertexColorsToGamma(B: Babylon, mesh: Mesh, converted: Set<unknown>): void {
  // The sRGB transfer function (IEC 61966-2-1); inside, since page functions travel one by one.
  const linearToSrgb = (c: number): number => {
    const x = Math.min(1, Math.max(0, c));
    return x <= 0.0031308 ? 12.92 * x : 1.055 * x ** (1 / 2.4) - 0.055;
  };
  const geometry = mesh.geometry;
  if (!geometry || converted.has(geometry)) return;
  converted.add(geometry);
  const data = mesh.getVerticesData(B.VertexBuffer.ColorKind);
  if (!data) return;
  const stride = data.length / mesh.getTotalVertices();
  const out = Float32Array.from(data);
  for (let i = 0; i < out.length; i++) if (i % stride < 3) out[i] = linearToSrgb(out[i]);
  mesh.setVerticesData(B.VertexBuffer.ColorKind, out, false, stride);
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
 * mouth, jaw — the face, even on a full-body avatar), widened to show the whole head; `bust` widens it
 * to head and shoulders, `full` shows every mesh. Skinned meshes are measured as posed by their skeleton.
 */
export function frameFace(B: Babylon, scene: Scene, faceMeshes: Mesh[], head: TransformNode | null, cfg: FaceSceneConfig): ArcRotateCamera {
  for (const n of scene.transformNodes) n.computeWorldMatrix(true);
  for (const s of scene.skeletons) s.prepare(true);
  /** World positions of a mesh's vertices as drawn (after skinning), `keep` choosing which. */
  const worldPositions = (mesh: AbstractMesh, keep: ((v: number) => boolean) | null, out: number[][]) => {
    const bind = mesh.getVerticesData(B.VertexBuffer.PositionKind);
    let local = mesh.skeleton ? mesh.getPositionData(true, false) : bind;
    // A skin that leaves the mesh where it was bound (the default head at rest) frames from the bind
    // positions, as before skinned avatars were supported: its skinned copy differs slightly, which
    // moved the shot enough to cost the tracker 0.05° (tests/tracking/synthetic-subject).
    if (local && bind && local !== bind) {
      let d = 0;
      let span = 0;
      for (let i = 0; i < bind.length; i++) {
        d = Math.max(d, Math.abs(local[i] - bind[i]));
        span = Math.max(span, Math.abs(bind[i]));
      }
      if (d <= span * 1e-3) local = bind;
    }
    if (!local) return;
    const world = mesh.computeWorldMatrix(true);
    const p = new B.Vector3();
    for (let v = 0; v < local.length / 3; v++) {
      if (keep && !keep(v)) continue;
      B.Vector3.TransformCoordinatesFromFloatsToRef(local[3 * v], local[3 * v + 1], local[3 * v + 2], world, p);
      out[0].push(p.x);
      out[1].push(p.y);
      out[2].push(p.z);
    }
  };
  // The vertices the targets move; the face is their 5–95 % box (robust to a few far-away vertices
  // that a cheek or stretch shape also drags).
  const face: number[][] = [[], [], []];
  for (const mesh of faceMeshes) {
    const base = mesh.getVerticesData(B.VertexBuffer.PositionKind);
    const mtm = mesh.morphTargetManager;
    if (!base || !mtm) continue;
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
    worldPositions(mesh, (v) => moved[v] === 1, face);
  }
  const min = new B.Vector3(Infinity, Infinity, Infinity);
  const max = new B.Vector3(-Infinity, -Infinity, -Infinity);
  const boxOf = (a: number[][], lo: number, hi: number) => {
    const q = (x: number[], f: number) => x[Math.min(x.length - 1, Math.floor(f * x.length))];
    for (const x of a) x.sort((u, v) => u - v);
    min.set(q(a[0], lo), q(a[1], lo), q(a[2], lo));
    max.set(q(a[0], hi), q(a[1], hi), q(a[2], hi));
  };
  const all = () => {
    const pts: number[][] = [[], [], []];
    for (const m of scene.meshes) if (m.isEnabled() && m.isVisible && m.getTotalVertices() > 0) worldPositions(m, null, pts);
    return pts;
  };
  let faceSize = 0;
  if (face[0].length) {
    boxOf(face, 0.05, 0.95);
    faceSize = Math.max(max.y - min.y, max.x - min.x, 1e-3);
  } else if (head) {
    // No shape moves anything: a head-sized box (≈ 12 cm of face) just in front of the head bone.
    const h = head.getAbsolutePosition();
    min.set(h.x - 0.06, h.y, h.z);
    max.set(h.x + 0.06, h.y + 0.12, h.z);
    faceSize = 0.12;
  }
  let center: InstanceType<Babylon['Vector3']>;
  let extent: number;
  if (cfg.framing === 'full' || faceSize === 0) {
    const pts = all();
    if (pts[0].length) boxOf(pts, 0, 1);
    else {
      min.setAll(-0.1);
      max.setAll(0.1);
    }
    center = min.add(max).scale(0.5);
    extent = Math.max(max.y - min.y, max.x - min.x, 1e-3) * 1.08;
  } else if (cfg.framing === 'bust') {
    // Head top to the upper chest: about 1.2 face heights above the face's centre and 3 below it.
    center = min.add(max).scale(0.5);
    center.y -= faceSize * 0.9;
    extent = faceSize * 4.2;
  } else {
    center = min.add(max).scale(0.5);
    extent = faceSize * 2.4;
    center.y += extent * 0.04; // a little more forehead than neck
  }
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
