/**
 * A full-body skinned test avatar built with glTF-Transform, shaped like the avatars users bring
 * (Ready Player Me, VRoid): a T-posed body on a humanoid skeleton, a skinned head mesh carrying the
 * face shapes, skinned teeth and eyes. Variants: meshopt-compressed (with KHR_mesh_quantization), and
 * VRM 1.0 (VRoid-style target names reached only through VRMC_vrm expressions).
 */
import { Document, type Material, type Mesh, type Node, WebIO, type Primitive, type Skin } from '@gltf-transform/core';
import {
  EXTMeshoptCompression,
  EXTTextureWebP,
  KHRDracoMeshCompression,
  KHRMaterialsUnlit,
  KHRMeshQuantization,
  KHRTextureBasisu,
  KHRTextureTransform,
} from '@gltf-transform/extensions';
import { meshopt } from '@gltf-transform/functions';
import { parseGlb, writeGlb } from '../../src/retarget/glb';
import { ARKIT_NAMES } from '../../src/track/arkit';

export interface TestAvatarOptions {
  /** EXT_meshopt_compression + KHR_mesh_quantization (what gltfpack and VRoid/three.js exporters write). */
  meshopt?: boolean;
  /** KHR_draco_mesh_compression (required; needs the draco3d package, which encodes it here). */
  draco?: boolean;
  /** A VRM 1.0: VRoid target names on the head, driven through VRMC_vrm expressions. */
  vrm?: boolean;
  /**
   * A VRM 0.x as UniVRM 0.x writes it: facing −Z (here by turning the armature 180°), unlit
   * (KHR_materials_unlit) fallback materials, blend shape groups in the VRM extension.
   */
  vrm0?: boolean;
  /** The shirt has a checker texture whose coordinates go through KHR_texture_transform (required). */
  textureTransform?: boolean;
  /**
   * Like Ready Player Me: teeth and eyes carry all 52 ARKit targets too, most of them empty (all-zero
   * deltas), only a few moving anything.
   */
  everyShapeOnEveryMesh?: boolean;
  /** The shirt's texture is WebP only (EXT_texture_webp, required, no PNG fallback). */
  webp?: boolean;
  /**
   * The shirt's texture is KTX2 only (KHR_texture_basisu, required, no fallback), ETC1S or UASTC +
   * zstd: a checker of magenta (240, 0, 240) and green (0, 200, 0), see KTX2_CHECKER.
   */
  ktx2?: 'etc1s' | 'uastc';
}

/** Whether the draco3d package (Draco's encoder and decoder) can be loaded. */
export function haveDraco(): boolean {
  try {
    require.resolve('draco3d');
    return true;
  } catch {
    return false;
  }
}

/** A 2×2 checker as lossless WebP (VP8L), encoded once by Chromium's canvas.toDataURL('image/webp'). */
const CHECKER_WEBP = 'UklGRiIAAABXRUJQVlA4TBYAAAAvAUAAAA9wLcbzqN5Idf6DBysQ0f8Q';

/**
 * An 8×8 checker of 4-pixel squares, magenta (240, 0, 240) top left and green (0, 200, 0), as KTX2,
 * encoded once by Basis Universal 2.50's own encoder (the WebAssembly build in the ktx2-encoder 0.6.0
 * npm package, default settings; UASTC with KTX2 zstd supercompression). Basis Universal's
 * transcoder gives back (239, 0, 239)/(0, 201, 0) for the ETC1S file and the exact colours for UASTC.
 */
const KTX2_CHECKER = {
  etc1s:
    'q0tUWCAyMLsNChoKAAAAAAEAAAAIAAAACAAAAAAAAAAAAAAAAQAAAAEAAAABAAAAaAAAACwAAACUAAAAJAAAALgAAAAAAAAAigAAAAAAAABCAQAAAAAAAAIAAAAAAAAAAAAAAAAAAAAsAAAAAAAAAAIAKACjAQIAAwMAAAgAAAAAAAAAAAA/AAAAAAAAAAAA/////x8AAABLVFh3cml0ZXIAQmFzaXMgVW5pdmVyc2FsIDIuNTAAAAIAAgAsAAAACQAAAC0AAAAAAAAAAAAAAAAAAAACAAAAAAAAAAAAAAAfwEQAAAAAAAByIgKYAQAAAAAAQNpBAGYAAAAAAACQhABMARAAAAAAIFloAAQAAACoqqqqAsDARAAAAAAAAPJfRQCYAAAAAAAAQBgBJgQIAAAAgCBySgHABAAAAAAAAAIIAJoB',
  uastc:
    'q0tUWCAyMLsNChoKAAAAAAEAAAAIAAAACAAAAAAAAAAAAAAAAQAAAAEAAAACAAAAaAAAACwAAACUAAAAJAAAAAAAAAAAAAAAAAAAAAAAAAC4AAAAAAAAACUAAAAAAAAAQAAAAAAAAAAsAAAAAAAAAAIAKACmAQIAAwMAABAAAAAAAAAAAAB/AAAAAAAAAAAA/////x8AAABLVFh3cml0ZXIAQmFzaXMgVW5pdmVyc2FsIDIuNTAAACi1L/0gQOUAAIgXHgD+P/DAAwAXABng/wMeAAMAU3Vg5uIZOAI=',
};

type V3 = [number, number, number];

/** Joint layout (parent, world position at rest), Ready Player Me / Mixamo names; arms in a T. */
const JOINTS: [name: string, parent: string | null, at: V3][] = [
  ['Hips', null, [0, 1.0, 0]],
  ['Spine', 'Hips', [0, 1.2, 0]],
  ['Neck', 'Spine', [0, 1.45, 0]],
  ['Head', 'Neck', [0, 1.55, 0]],
  ['LeftEye', 'Head', [0.034, 1.645, 0.075]],
  ['RightEye', 'Head', [-0.034, 1.645, 0.075]],
  ['LeftArm', 'Spine', [0.19, 1.4, 0]],
  ['LeftForeArm', 'LeftArm', [0.47, 1.4, 0]],
  ['LeftHand', 'LeftForeArm', [0.72, 1.4, 0]],
  ['RightArm', 'Spine', [-0.19, 1.4, 0]],
  ['RightForeArm', 'RightArm', [-0.47, 1.4, 0]],
  ['RightHand', 'RightForeArm', [-0.72, 1.4, 0]],
  ['LeftUpLeg', 'Hips', [0.1, 0.95, 0]],
  ['LeftLeg', 'LeftUpLeg', [0.1, 0.5, 0]],
  ['RightUpLeg', 'Hips', [-0.1, 0.95, 0]],
  ['RightLeg', 'RightUpLeg', [-0.1, 0.5, 0]],
];
const JOINT_INDEX = new Map(JOINTS.map(([n], i) => [n, i]));

/** Vertex arrays of one primitive under construction: positions, normals, uv, one joint per vertex. */
class Geometry {
  pos: number[] = [];
  nrm: number[] = [];
  uv: number[] = [];
  joint: number[] = [];
  idx: number[] = [];
  /** First vertex of the head's lower cap (the jaw). */
  jawFrom = Infinity;

  /** An axis-aligned box from `lo` to `hi`, bound to `joint`. */
  box(lo: V3, hi: V3, joint: string): void {
    const j = JOINT_INDEX.get(joint)!;
    const faces: [V3, V3, V3][] = [
      // normal, u axis, v axis (as unit directions)
      [
        [1, 0, 0],
        [0, 0, -1],
        [0, 1, 0],
      ],
      [
        [-1, 0, 0],
        [0, 0, 1],
        [0, 1, 0],
      ],
      [
        [0, 1, 0],
        [1, 0, 0],
        [0, 0, -1],
      ],
      [
        [0, -1, 0],
        [1, 0, 0],
        [0, 0, 1],
      ],
      [
        [0, 0, 1],
        [1, 0, 0],
        [0, 1, 0],
      ],
      [
        [0, 0, -1],
        [-1, 0, 0],
        [0, 1, 0],
      ],
    ];
    const c: V3 = [(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2];
    const h: V3 = [(hi[0] - lo[0]) / 2, (hi[1] - lo[1]) / 2, (hi[2] - lo[2]) / 2];
    for (const [n, u, v] of faces) {
      const base = this.pos.length / 3;
      for (const [su, sv] of [
        [-1, -1],
        [1, -1],
        [1, 1],
        [-1, 1],
      ]) {
        for (let a = 0; a < 3; a++) this.pos.push(c[a] + h[a] * (n[a] + su * u[a] + sv * v[a]));
        this.nrm.push(...n);
        this.uv.push((su + 1) / 2, (sv + 1) / 2);
        this.joint.push(j);
      }
      this.idx.push(base, base + 1, base + 2, base, base + 2, base + 3);
    }
  }

  /** An ellipsoid (UV sphere) at `c` with radii `r`, bound to `joint`; polar angles th0…th1 only (a cap). */
  ellipsoid(c: V3, r: V3, joint: string, rings = 24, segments = 32, th0 = 0, th1 = Math.PI): void {
    const j = JOINT_INDEX.get(joint)!;
    const base = this.pos.length / 3;
    for (let i = 0; i <= rings; i++) {
      const th = th0 + (i / rings) * (th1 - th0);
      for (let k = 0; k <= segments; k++) {
        const ph = (k / segments) * 2 * Math.PI;
        const d: V3 = [Math.sin(th) * Math.sin(ph), Math.cos(th), Math.sin(th) * Math.cos(ph)];
        this.pos.push(c[0] + r[0] * d[0], c[1] + r[1] * d[1], c[2] + r[2] * d[2]);
        const n: V3 = [d[0] / r[0], d[1] / r[1], d[2] / r[2]];
        const l = Math.hypot(...n);
        this.nrm.push(n[0] / l, n[1] / l, n[2] / l);
        this.uv.push(k / segments, i / rings);
        this.joint.push(j);
      }
    }
    for (let i = 0; i < rings; i++) {
      for (let k = 0; k < segments; k++) {
        const a = base + i * (segments + 1) + k;
        const b = a + segments + 1;
        this.idx.push(a, b, a + 1, a + 1, b, b + 1);
      }
    }
  }

  primitive(doc: Document, material: Material): Primitive {
    const acc = (type: 'VEC2' | 'VEC3' | 'VEC4' | 'SCALAR', array: Float32Array | Uint16Array | Uint32Array) =>
      doc.createAccessor().setType(type).setArray(array).setBuffer(doc.getRoot().listBuffers()[0]);
    const n = this.pos.length / 3;
    const joints = new Uint16Array(n * 4);
    const weights = new Float32Array(n * 4);
    for (let v = 0; v < n; v++) {
      joints[4 * v] = this.joint[v];
      weights[4 * v] = 1;
    }
    return doc
      .createPrimitive()
      .setAttribute('POSITION', acc('VEC3', new Float32Array(this.pos)))
      .setAttribute('NORMAL', acc('VEC3', new Float32Array(this.nrm)))
      .setAttribute('TEXCOORD_0', acc('VEC2', new Float32Array(this.uv)))
      .setAttribute('JOINTS_0', acc('VEC4', joints))
      .setAttribute('WEIGHTS_0', acc('VEC4', weights))
      .setIndices(acc('SCALAR', new Uint32Array(this.idx)))
      .setMaterial(material);
  }
}

/** The head's centre and radii (the face looks along +Z, glTF's front). */
export const HEAD_CENTRE: V3 = [0, 1.63, 0];
const HEAD_R: V3 = [0.085, 0.11, 0.095];
/** The lips' line: the head is two caps split here, so an open jaw opens a gap onto a dark mouth. */
const MOUTH_Y = HEAD_CENTRE[1] - 0.045;

/** Where on the face a shape acts, from its ARKit name (a rough anatomy is enough for a test). */
function shapeRegion(name: string): V3 {
  const [cx, cy, cz] = HEAD_CENTRE;
  const side = /Left/.test(name) ? 1 : /Right/.test(name) ? -1 : 0;
  if (/^eye/.test(name)) return [cx + 0.034 * side, cy + 0.015, cz + 0.085];
  if (/^brow/.test(name)) return [cx + 0.03 * side, cy + 0.045, cz + 0.085];
  if (/^(cheek|nose)/.test(name)) return [cx + 0.04 * side, cy - 0.01, cz + 0.085];
  return [cx + 0.025 * side, cy - 0.055, cz + 0.075]; // jaw, mouth, tongue
}

/**
 * Per-shape vertex offsets of the head: jawOpen drops the lower front of the head by up to 4 cm (a
 * mouth opening a viewer sees); every other shape pushes the skin near its region 4 mm outwards.
 */
function headTargets(g: Geometry, names: string[]): Float32Array[] {
  const n = g.pos.length / 3;
  return names.map((name) => {
    const d = new Float32Array(n * 3);
    const jaw = name === 'jawOpen' || name === 'Fcl_MTH_A';
    const region = shapeRegion(name === 'Fcl_MTH_A' ? 'jawOpen' : name === 'Fcl_EYE_Close' ? 'eyeBlinkLeft' : name);
    for (let v = 0; v < n; v++) {
      const p: V3 = [g.pos[3 * v], g.pos[3 * v + 1], g.pos[3 * v + 2]];
      if (jaw) {
        // The lower cap hinges down at the front: up to 3.5 cm at the chin, nothing at the back.
        if (v >= g.jawFrom && p[2] > 0) d[3 * v + 1] = -0.035 * (p[2] / HEAD_R[2]);
        continue;
      }
      const dist = Math.hypot(p[0] - region[0], p[1] - region[1], p[2] - region[2]);
      if (dist < 0.03) for (let a = 0; a < 3; a++) d[3 * v + a] = g.nrm[3 * v + a] * 0.004 * (1 - dist / 0.03);
    }
    return d;
  });
}

/** VRoid-style head target names and the VRM 1.0 presets that bind them. */
const VROID_TARGETS: [target: string, preset: string][] = [
  ['Fcl_MTH_A', 'aa'],
  ['Fcl_MTH_I', 'ih'],
  ['Fcl_MTH_U', 'ou'],
  ['Fcl_MTH_E', 'ee'],
  ['Fcl_MTH_O', 'oh'],
  ['Fcl_EYE_Close', 'blink'],
  ['Fcl_ALL_Joy', 'happy'],
];

function addMesh(doc: Document, name: string, g: Geometry, material: Material, targetNames: string[], deltas: Float32Array[]): Mesh {
  const prim = g.primitive(doc, material);
  const buffer = doc.getRoot().listBuffers()[0];
  // glTF-Transform writes extras.targetNames from the targets' own names.
  deltas.forEach((d, i) =>
    prim.addTarget(
      doc
        .createPrimitiveTarget(targetNames[i])
        .setAttribute('POSITION', doc.createAccessor().setType('VEC3').setArray(d).setBuffer(buffer)),
    ),
  );
  const mesh = doc.createMesh(name).addPrimitive(prim);
  if (targetNames.length) mesh.setWeights(targetNames.map(() => 0));
  return mesh;
}

/**
 * Builds the avatar as GLB (or VRM) bytes.
 * Example: `const bytes = await buildTestAvatar({ meshopt: true }); const rig = rigFromGlb(bytes, 'a.glb')`
 */
export async function buildTestAvatar(options: TestAvatarOptions = {}): Promise<Uint8Array> {
  const doc = new Document();
  doc.createBuffer();
  const mat = (name: string, rgb: V3) =>
    doc
      .createMaterial(name)
      .setBaseColorFactor([...rgb, 1])
      .setRoughnessFactor(0.8)
      .setMetallicFactor(0);
  const skin = mat('Skin', [0.85, 0.62, 0.5]);
  const shirt = mat('Shirt', [0.2, 0.35, 0.7]);
  const white = mat('White', [0.95, 0.95, 0.92]);
  const dark = mat('Iris', [0.1, 0.08, 0.06]);
  const inner = mat('Mouth', [0.25, 0.05, 0.06]);

  if (options.ktx2) {
    doc.createExtension(KHRTextureBasisu).setRequired(true);
    const tex = doc
      .createTexture('checker')
      .setImage(new Uint8Array(Buffer.from(KTX2_CHECKER[options.ktx2], 'base64')))
      .setMimeType('image/ktx2');
    shirt.setBaseColorTexture(tex).setBaseColorFactor([1, 1, 1, 1]);
  } else if (options.textureTransform || options.webp) {
    // A 2×2 checker texture (PNG made with zlib, or WebP), scaled by KHR_texture_transform.
    const tex = options.webp
      ? doc
          .createTexture('checker')
          .setImage(new Uint8Array(Buffer.from(CHECKER_WEBP, 'base64')))
          .setMimeType('image/webp')
      : doc.createTexture('checker').setImage(checkerPng()).setMimeType('image/png');
    if (options.webp) doc.createExtension(EXTTextureWebP).setRequired(true);
    shirt.setBaseColorTexture(tex).setBaseColorFactor([1, 1, 1, 1]);
    if (options.textureTransform) {
      const ext = doc.createExtension(KHRTextureTransform).setRequired(true);
      shirt.getBaseColorTextureInfo()!.setExtension('KHR_texture_transform', ext.createTransform().setScale([4, 4]));
    }
  }

  // Skeleton: nodes with rest translations relative to their parents.
  const nodes = new Map<string, Node>();
  for (const [name, parent, at] of JOINTS) {
    const p = parent ? JOINTS[JOINT_INDEX.get(parent)!][2] : ([0, 0, 0] as V3);
    const node = doc.createNode(name).setTranslation([at[0] - p[0], at[1] - p[1], at[2] - p[2]]);
    nodes.set(name, node);
    if (parent) nodes.get(parent)!.addChild(node);
  }
  const ibm = new Float32Array(JOINTS.length * 16);
  JOINTS.forEach(([, , at], i) => {
    ibm.set([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, -at[0], -at[1], -at[2], 1], i * 16);
  });
  const skinDef: Skin = doc.createSkin('Armature').setSkeleton(nodes.get('Hips')!);
  for (const [name] of JOINTS) skinDef.addJoint(nodes.get(name)!);
  skinDef.setInverseBindMatrices(doc.createAccessor().setType('MAT4').setArray(ibm).setBuffer(doc.getRoot().listBuffers()[0]));

  // Body: torso, neck, T-posed arms, legs (no shapes).
  const body = new Geometry();
  body.box([-0.17, 0.95, -0.1], [0.17, 1.2, 0.1], 'Hips');
  body.box([-0.19, 1.2, -0.11], [0.19, 1.45, 0.11], 'Spine');
  body.box([-0.045, 1.45, -0.045], [0.045, 1.56, 0.045], 'Neck');
  for (const s of [1, -1]) {
    const side = s > 0 ? 'Left' : 'Right';
    const x = (a: number, b: number): [number, number] => (s > 0 ? [a, b] : [-b, -a]);
    const [a0, a1] = x(0.19, 0.47);
    const [f0, f1] = x(0.47, 0.72);
    const [h0, h1] = x(0.72, 0.8);
    body.box([a0, 1.36, -0.045], [a1, 1.44, 0.045], `${side}Arm`);
    body.box([f0, 1.365, -0.04], [f1, 1.435, 0.04], `${side}ForeArm`);
    body.box([h0, 1.37, -0.03], [h1, 1.43, 0.03], `${side}Hand`);
    const [l0, l1] = x(0.03, 0.17);
    body.box([l0, 0.5, -0.07], [l1, 0.95, 0.07], `${side}UpLeg`);
    body.box([l0, 0.0, -0.06], [l1, 0.5, 0.08], `${side}Leg`);
  }
  const head = new Geometry();
  const split = Math.acos((MOUTH_Y - HEAD_CENTRE[1]) / HEAD_R[1]);
  head.ellipsoid(HEAD_CENTRE, HEAD_R, 'Head', 20, 40, 0, split);
  head.jawFrom = head.pos.length / 3;
  head.ellipsoid(HEAD_CENTRE, HEAD_R, 'Head', 12, 40, split, Math.PI);
  const mouth = new Geometry();
  mouth.ellipsoid([0, MOUTH_Y, 0.02], [0.06, 0.045, 0.065], 'Head', 10, 16);
  const teeth = new Geometry();
  teeth.box([-0.025, 1.572, 0.052], [0.025, 1.59, 0.07], 'Head');
  const eyes = [1, -1].map((s) => {
    const g = new Geometry();
    g.ellipsoid([0.034 * s, 1.645, 0.075], [0.014, 0.014, 0.014], s > 0 ? 'LeftEye' : 'RightEye', 10, 12);
    return g;
  });

  const vroid = options.vrm || options.vrm0;
  const headNames = vroid ? VROID_TARGETS.map(([t]) => t) : [...ARKIT_NAMES];
  const meshes: [string, Mesh][] = [
    ['Body', addMesh(doc, 'Body', body, shirt, [], [])],
    ['Head', addMesh(doc, 'Head', head, skin, headNames, headTargets(head, headNames))],
  ];
  meshes.push(['Mouth', addMesh(doc, 'Mouth', mouth, inner, [], [])]);
  if (!vroid) {
    // Teeth and eyes carry a few shapes each, as on a Ready Player Me avatar: four meshes with shapes.
    const moving = (names: string[]) => (options.everyShapeOnEveryMesh ? [...ARKIT_NAMES] : names);
    const teethNames = moving(['jawOpen', 'mouthClose']);
    const teethDeltas = teethNames.map((n) => {
      const d = new Float32Array(teeth.pos.length);
      if (n === 'jawOpen') for (let v = 0; v < d.length / 3; v++) if (teeth.pos[3 * v + 1] < 1.575) d[3 * v + 1] = -0.02;
      return d;
    });
    meshes.push(['Teeth', addMesh(doc, 'Teeth', teeth, white, teethNames, teethDeltas)]);
    const eyeNames = ['eyeLookUpLeft', 'eyeLookDownLeft', 'eyeLookInLeft', 'eyeLookOutLeft'];
    eyes.forEach((g, i) => {
      const own = i === 0 ? eyeNames : eyeNames.map((n) => n.replace('Left', 'Right'));
      const names = moving(own);
      const deltas = names.map((n) => {
        const d = new Float32Array(g.pos.length);
        if (own.includes(n)) d[2] = 0.001;
        return d;
      });
      meshes.push([i === 0 ? 'EyeLeft' : 'EyeRight', addMesh(doc, i === 0 ? 'EyeLeft' : 'EyeRight', g, dark, names, deltas)]);
    });
  } else {
    meshes.push(['Teeth', addMesh(doc, 'Teeth', teeth, white, [], [])]);
    eyes.forEach((g, i) =>
      meshes.push([i === 0 ? 'EyeLeft' : 'EyeRight', addMesh(doc, i === 0 ? 'EyeLeft' : 'EyeRight', g, dark, [], [])]),
    );
  }

  const root = doc.createNode('Armature').addChild(nodes.get('Hips')!);
  if (options.vrm0) {
    root.setRotation([0, 1, 0, 0]);
    const unlit = doc.createExtension(KHRMaterialsUnlit);
    for (const m of doc.getRoot().listMaterials()) m.setExtension('KHR_materials_unlit', unlit.createUnlit());
  }
  const scene = doc.createScene('Scene').addChild(root);
  // Mesh nodes named as Ready Player Me names them (Wolf3D_Head …), apart from the bones.
  for (const [name, mesh] of meshes)
    scene.addChild(
      doc
        .createNode(name.startsWith('Eye') ? name : `Wolf3D_${name}`)
        .setMesh(mesh)
        .setSkin(skinDef),
    );

  if (options.meshopt) {
    doc
      .createExtension(EXTMeshoptCompression)
      .setRequired(true)
      .setEncoderOptions({ method: EXTMeshoptCompression.EncoderMethod.QUANTIZE });
    doc.createExtension(KHRMeshQuantization).setRequired(true);
    const { MeshoptEncoder } = await import('meshoptimizer');
    await MeshoptEncoder.ready;
    await doc.transform(meshopt({ encoder: MeshoptEncoder, level: 'medium' }));
  }
  if (options.draco) {
    doc
      .createExtension(KHRDracoMeshCompression)
      .setRequired(true)
      .setEncoderOptions({ method: KHRDracoMeshCompression.EncoderMethod.EDGEBREAKER });
  }
  const io = new WebIO().registerExtensions([
    EXTMeshoptCompression,
    KHRMeshQuantization,
    KHRTextureTransform,
    EXTTextureWebP,
    KHRDracoMeshCompression,
    KHRMaterialsUnlit,
    KHRTextureBasisu,
  ]);
  if (options.draco) {
    const draco3d = require('draco3d');
    io.registerDependencies({ 'draco3d.encoder': await draco3d.createEncoderModule({}) });
  }
  if (options.meshopt) {
    const { MeshoptEncoder } = await import('meshoptimizer');
    io.registerDependencies({ 'meshopt.encoder': MeshoptEncoder });
  }
  const glb = await io.writeBinary(doc);
  return options.vrm ? addVrm1(glb) : options.vrm0 ? addVrm0(glb) : glb;
}

/** VRM 0.x preset names of the VRM 1.0 presets used here. */
const VRM0_PRESET: Record<string, string> = { aa: 'a', ih: 'i', ou: 'u', ee: 'e', oh: 'o', blink: 'blink', happy: 'joy' };

/** Adds a VRM 0.x extension: humanoid bone list and blend shape groups (weights 0–100) on the head mesh. */
function addVrm0(glb: Uint8Array): Uint8Array {
  const asset = parseGlb(glb, 'test avatar');
  const json = asset.json;
  const nodeIndex = (name: string) => json.nodes!.findIndex((n) => n.name === name);
  const headMesh = json.nodes![nodeIndex('Wolf3D_Head')].mesh!;
  const bones: Record<string, string> = {
    hips: 'Hips',
    spine: 'Spine',
    neck: 'Neck',
    head: 'Head',
    leftEye: 'LeftEye',
    rightEye: 'RightEye',
    leftUpperArm: 'LeftArm',
    leftLowerArm: 'LeftForeArm',
    leftHand: 'LeftHand',
    rightUpperArm: 'RightArm',
    rightLowerArm: 'RightForeArm',
    rightHand: 'RightHand',
    leftUpperLeg: 'LeftUpLeg',
    leftLowerLeg: 'LeftLeg',
    rightUpperLeg: 'RightUpLeg',
    rightLowerLeg: 'RightLeg',
  };
  json.extensionsUsed = [...(json.extensionsUsed ?? []), 'VRM'];
  json.extensions = {
    ...(json.extensions ?? {}),
    VRM: {
      exporterVersion: 'MusicFace tests',
      specVersion: '0.0',
      meta: { title: 'MusicFace test avatar', version: '1', author: 'MusicFace tests' },
      humanoid: { humanBones: Object.entries(bones).map(([bone, n]) => ({ bone, node: nodeIndex(n), useDefaultValues: true })) },
      blendShapeMaster: {
        blendShapeGroups: VROID_TARGETS.map(([target, preset], index) => ({
          name: target,
          presetName: VRM0_PRESET[preset],
          binds: [{ mesh: headMesh, index, weight: 100 }],
        })),
      },
    },
  };
  return writeGlb(asset);
}

/** Adds a VRMC_vrm 1.0 extension: humanoid bones and the vowel/blink/joy expressions bound to the head's targets. */
function addVrm1(glb: Uint8Array): Uint8Array {
  const asset = parseGlb(glb, 'test avatar');
  const json = asset.json;
  const nodeIndex = (name: string) => json.nodes!.findIndex((n) => n.name === name);
  const human: Record<string, string> = {
    hips: 'Hips',
    spine: 'Spine',
    neck: 'Neck',
    head: 'Head',
    leftEye: 'LeftEye',
    rightEye: 'RightEye',
    leftUpperArm: 'LeftArm',
    leftLowerArm: 'LeftForeArm',
    leftHand: 'LeftHand',
    rightUpperArm: 'RightArm',
    rightLowerArm: 'RightForeArm',
    rightHand: 'RightHand',
    leftUpperLeg: 'LeftUpLeg',
    leftLowerLeg: 'LeftLeg',
    rightUpperLeg: 'RightUpLeg',
    rightLowerLeg: 'RightLeg',
  };
  const headNode = nodeIndex('Wolf3D_Head');
  const preset: Record<string, unknown> = {};
  VROID_TARGETS.forEach(([, p], index) => (preset[p] = { morphTargetBinds: [{ node: headNode, index, weight: 1 }] }));
  json.extensionsUsed = [...(json.extensionsUsed ?? []), 'VRMC_vrm'];
  json.extensions = {
    ...(json.extensions ?? {}),
    VRMC_vrm: {
      specVersion: '1.0',
      meta: { name: 'MusicFace test avatar', version: '1', authors: ['MusicFace tests'], licenseUrl: 'https://vrm.dev/licenses/1.0/' },
      humanoid: { humanBones: Object.fromEntries(Object.entries(human).map(([b, n]) => [b, { node: nodeIndex(n) }])) },
      expressions: { preset },
    },
  };
  return writeGlb(asset);
}

/** A 2×2 RGBA checker as PNG bytes (zlib from Node). */
function checkerPng(): Uint8Array {
  const zlib = require('node:zlib') as typeof import('zlib');
  const w = 2;
  const rows = [
    [230, 230, 240, 255, 60, 90, 170, 255],
    [60, 90, 170, 255, 230, 230, 240, 255],
  ];
  const raw = Buffer.concat(rows.map((r) => Buffer.from([0, ...r])));
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
      chunk('IHDR', ihdr),
      chunk('IDAT', zlib.deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}
