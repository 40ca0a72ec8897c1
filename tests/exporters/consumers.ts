/**
 * Loading our files with the real consumers that run in Node: three.js GLTFLoader (+ three-vrm-animation)
 * and Babylon's NullEngine. Each returns what the engine computes at a time, for comparison with the track.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as THREE from 'three';

// The three.js examples are ES modules; Jest transpiles them (jest.config.js), tsc only needs their types.
const { GLTFLoader } = require('three/examples/jsm/loaders/GLTFLoader.js') as {
  GLTFLoader: typeof import('three/examples/jsm/loaders/GLTFLoader.js', { with: { 'resolution-mode': 'import' }}).GLTFLoader;
};

export interface EngineSample {
  /** Morph weights of the named mesh node, by target name. */
  weights: Record<string, number>;
  /** Local rotation [x, y, z, w] of named nodes. */
  rotations: Record<string, [number, number, number, number]>;
}

const toArrayBuffer = (bytes: Uint8Array) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

export function threeLoad(bytes: Uint8Array, plugins: ((parser: any) => any)[] = []): Promise<any> {
  const loader = new GLTFLoader();
  for (const p of plugins) loader.register(p);
  return new Promise((resolve, reject) => loader.parse(toArrayBuffer(bytes), '', resolve, reject));
}

/** three.js: play the named clip and sample it at each time. */
export async function threeSample(
  bytes: Uint8Array,
  clipName: string,
  meshNode: string,
  nodes: string[],
  times: number[],
): Promise<EngineSample[]> {
  const gltf = await threeLoad(bytes);
  const clip = gltf.animations.find((a: THREE.AnimationClip) => a.name === clipName);
  if (!clip) throw new Error(`three.js found no clip "${clipName}"`);
  const mixer = new THREE.AnimationMixer(gltf.scene);
  mixer.clipAction(clip).play();
  const meshes: THREE.Mesh[] = [];
  gltf.scene.traverse((o: THREE.Object3D) => {
    if ((o as THREE.Mesh).morphTargetInfluences && (o.name === meshNode || o.parent?.name === meshNode)) meshes.push(o as THREE.Mesh);
  });
  if (!meshes.length) throw new Error(`three.js found no morph mesh under "${meshNode}"`);
  return times.map((s) => {
    mixer.setTime(s);
    const m = meshes[0];
    const weights: Record<string, number> = {};
    for (const [name, i] of Object.entries(m.morphTargetDictionary!)) weights[name] = m.morphTargetInfluences![i];
    const rotations: EngineSample['rotations'] = {};
    for (const n of nodes) {
      const o = gltf.scene.getObjectByName(n);
      if (o) rotations[n] = [o.quaternion.x, o.quaternion.y, o.quaternion.z, o.quaternion.w];
    }
    return { weights, rotations };
  });
}

/**
 * Babylon NullEngine: load the .glb, pick the animation group, go to each time, read influences and
 * rotations. Babylon ships ES modules only, so it runs in its own Node process (babylon-sample.mjs).
 */
export function babylonSample(bytes: Uint8Array, clipName: string, meshNode: string, nodes: string[], times: number[]): EngineSample[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-babylon-'));
  try {
    const file = path.join(dir, 'clip.glb');
    fs.writeFileSync(file, bytes);
    const out = execFileSync(
      process.execPath,
      [path.join(__dirname, 'babylon-sample.mjs'), file, clipName, meshNode, nodes.join(','), times.join(',')],
      {
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      },
    );
    return JSON.parse(out).samples;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
