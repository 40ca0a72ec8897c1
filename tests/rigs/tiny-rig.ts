import { GlbAppender } from '../../src/retarget/glb-append';
import { type GlbAsset, type GltfJson, writeGlb } from '../../src/retarget/glb';

export interface TinyRigOptions {
  /** Morph target names of the one mesh (none → a mesh without targets). */
  names?: string[];
  /** Put the names in mesh.extras (default) or only as POSITION accessor names (Blender's fallback). */
  namesIn?: 'extras' | 'accessors';
  /** Extra root-level glTF JSON (e.g. a VRMC_vrm extension). */
  extra?: (json: GltfJson, meshNode: number) => void;
  /** Node names of a little skeleton, parent first: [name, parentName]. */
  bones?: [string, string | null][];
  /** More meshes (teeth, lashes …), each with its own target names, each on its own node. */
  moreMeshes?: string[][];
}

/**
 * A one-triangle .glb built in memory for rig tests: a mesh with the given morph targets (each moves
 * one vertex a little, so it is a real target) and optionally a named node hierarchy.
 */
export function tinyRig(options: TinyRigOptions = {}): Uint8Array {
  const json: GltfJson = {
    asset: { version: '2.0', generator: 'tiny-rig test fixture' },
    scene: 0,
    scenes: [{ nodes: [] }],
    nodes: [],
    meshes: [],
  };
  const asset: GlbAsset = { json, bin: new Uint8Array(0) };
  const app = new GlbAppender(asset);
  const pos = app.accessor(new Float32Array([0, 0, 0, 0.1, 0, 0, 0, 0.1, 0]), 'VEC3', { bounds: true, target: 34962 });
  [options.names ?? [], ...(options.moreMeshes ?? [])].forEach((names, m) => {
    const targets = names.map((n, i) => {
      const d = new Float32Array(9);
      d[(i % 3) * 3 + 2] = 0.001 * (1 + i);
      return { POSITION: app.accessor(d, 'VEC3', { bounds: true, target: 34962, name: options.namesIn === 'accessors' ? n : undefined }) };
    });
    const name = m === 0 ? 'Body' : `Part${m}`;
    json.meshes!.push({
      name,
      primitives: [{ attributes: { POSITION: pos }, ...(targets.length ? { targets } : {}) }],
      ...(targets.length && options.namesIn !== 'accessors' ? { extras: { targetNames: names } } : {}),
    });
    json.nodes!.push({ name, mesh: m });
    json.scenes![0].nodes!.push(json.nodes!.length - 1);
  });
  const index = new Map<string, number>();
  for (const [name, parent] of options.bones ?? []) {
    json.nodes!.push({ name, translation: [0, parent ? 0.1 : 1, 0] });
    index.set(name, json.nodes!.length - 1);
    if (parent) (json.nodes![index.get(parent)!].children ??= []).push(json.nodes!.length - 1);
    else json.scenes![0].nodes!.push(json.nodes!.length - 1);
  }
  options.extra?.(json, 0);
  app.finish();
  return writeGlb(asset);
}
