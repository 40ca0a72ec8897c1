import { RigError } from '../runtime';
/**
 * Minimal GLB container reading and writing on the raw glTF JSON.
 *
 * Retargeting edits a *copy of the user's file*: working on the JSON itself (instead of a scene-graph
 * library) keeps every extension, extra, sparse accessor and byte of their data exactly as it was;
 * we only append buffer views, accessors, nodes and one animation.
 */

/** The parts of the glTF JSON this project reads or writes; everything else passes through untouched. */
export interface GltfNode {
  name?: string;
  children?: number[];
  mesh?: number;
  skin?: number;
  matrix?: number[];
  translation?: number[];
  rotation?: number[];
  scale?: number[];
  weights?: number[];
  extras?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface GltfPrimitive {
  attributes: Record<string, number>;
  indices?: number;
  material?: number;
  mode?: number;
  targets?: Record<string, number>[];
  extras?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface GltfMesh {
  name?: string;
  primitives: GltfPrimitive[];
  weights?: number[];
  extras?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface GltfAccessor {
  bufferView?: number;
  byteOffset?: number;
  componentType: number;
  normalized?: boolean;
  count: number;
  type: string;
  min?: number[];
  max?: number[];
  name?: string;
  sparse?: {
    count: number;
    indices: { bufferView: number; byteOffset?: number; componentType: number };
    values: { bufferView: number; byteOffset?: number };
  };
  [key: string]: unknown;
}

export interface GltfBufferView {
  buffer: number;
  byteOffset?: number;
  byteLength: number;
  byteStride?: number;
  target?: number;
  [key: string]: unknown;
}

export interface GltfAnimation {
  name?: string;
  channels: { sampler: number; target: { node?: number; path: string } }[];
  samplers: { input: number; output: number; interpolation?: string }[];
  [key: string]: unknown;
}

export interface GltfJson {
  asset: { version: string; generator?: string; [key: string]: unknown };
  scene?: number;
  scenes?: { nodes?: number[]; name?: string; [key: string]: unknown }[];
  nodes?: GltfNode[];
  meshes?: GltfMesh[];
  skins?: { joints: number[]; inverseBindMatrices?: number; skeleton?: number; name?: string; [key: string]: unknown }[];
  accessors?: GltfAccessor[];
  bufferViews?: GltfBufferView[];
  buffers?: { byteLength: number; uri?: string; [key: string]: unknown }[];
  animations?: GltfAnimation[];
  materials?: Record<string, unknown>[];
  extensionsUsed?: string[];
  extensionsRequired?: string[];
  extensions?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A parsed GLB: its JSON and its one binary chunk (buffer 0). */
export interface GlbAsset {
  json: GltfJson;
  bin: Uint8Array;
}

const MAGIC = 0x46546c67; // 'glTF'
const CHUNK_JSON = 0x4e4f534a;
const CHUNK_BIN = 0x004e4942;

/**
 * GLB bytes → { json, bin }. `file` names the source in errors.
 * Example: `const { json } = parseGlb(fs.readFileSync('head.glb'), 'head.glb')`
 */
export function parseGlb(bytes: Uint8Array, file = 'file.glb'): GlbAsset {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 20 || view.getUint32(0, true) !== MAGIC) {
    throw new RigError(`${file}: not a binary glTF (.glb/.vrm) file (no "glTF" magic at the start)`, { file });
  }
  const version = view.getUint32(4, true);
  if (version !== 2) throw new RigError(`${file}: glTF container version ${version}; only glTF 2.0 is supported`, { file });
  const length = Math.min(view.getUint32(8, true), bytes.byteLength);
  let offset = 12;
  let json: GltfJson | undefined;
  let bin: Uint8Array = new Uint8Array(0);
  while (offset + 8 <= length) {
    const chunkLength = view.getUint32(offset, true);
    const chunkType = view.getUint32(offset + 4, true);
    const start = offset + 8;
    if (start + chunkLength > length) throw new RigError(`${file}: truncated glTF chunk at byte ${offset}`, { file });
    const chunk = bytes.subarray(start, start + chunkLength);
    if (chunkType === CHUNK_JSON) {
      try {
        json = JSON.parse(new TextDecoder().decode(chunk)) as GltfJson;
      } catch (e) {
        throw new RigError(`${file}: the glTF JSON chunk is not valid JSON (${(e as Error).message})`, { file });
      }
    } else if (chunkType === CHUNK_BIN && bin.byteLength === 0) {
      bin = chunk.slice();
    }
    offset = start + chunkLength;
  }
  if (!json) throw new RigError(`${file}: no JSON chunk in the glTF container`, { file });
  if (!json.asset || !String(json.asset.version).startsWith('2')) {
    throw new RigError(`${file}: asset.version is ${JSON.stringify(json.asset?.version)}; only glTF 2.0 is supported`, { file });
  }
  for (const [i, b] of (json.buffers ?? []).entries()) {
    if (b.uri !== undefined) {
      throw new RigError(
        `${file}: buffer ${i} points to an external file (${String(b.uri).slice(0, 40)}); pack the model into a single .glb first`,
        { file },
      );
    }
  }
  return { json, bin };
}

const pad4 = (n: number) => (n + 3) & ~3;

/**
 * { json, bin } → GLB bytes (JSON padded with spaces, BIN with zeros, as the spec requires).
 * Example: `fs.writeFileSync('out.glb', writeGlb(asset))`
 */
export function writeGlb(asset: GlbAsset): Uint8Array {
  const json = asset.json;
  const hasBin = asset.bin.byteLength > 0;
  if (hasBin) {
    json.buffers = json.buffers?.length ? json.buffers : [{ byteLength: 0 }];
    json.buffers[0].byteLength = asset.bin.byteLength;
  }
  const jsonBytes = new TextEncoder().encode(JSON.stringify(json));
  const jsonLen = pad4(jsonBytes.byteLength);
  const binLen = hasBin ? pad4(asset.bin.byteLength) : 0;
  const total = 12 + 8 + jsonLen + (hasBin ? 8 + binLen : 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, 2, true);
  view.setUint32(8, total, true);
  view.setUint32(12, jsonLen, true);
  view.setUint32(16, CHUNK_JSON, true);
  out.set(jsonBytes, 20);
  out.fill(0x20, 20 + jsonBytes.byteLength, 20 + jsonLen);
  if (hasBin) {
    const at = 20 + jsonLen;
    view.setUint32(at, binLen, true);
    view.setUint32(at + 4, CHUNK_BIN, true);
    out.set(asset.bin, at + 8);
  }
  return out;
}

/** A deep copy, so edits for one export never leak into the rig another export reuses. */
export function cloneAsset(asset: GlbAsset): GlbAsset {
  return { json: structuredClone(asset.json), bin: asset.bin.slice() };
}
