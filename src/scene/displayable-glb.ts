/**
 * A user's avatar made loadable by the render and preview pages, on a copy: compressed geometry is
 * decoded here in Node (meshopt and Draco with the WebAssembly decoders inside the meshoptimizer and
 * draco3d npm packages), so the browser page fetches no decoder
 * (it may not reach the internet, and its Content-Security-Policy allows none); extensions Babylon reads
 * itself (quantization, texture transform, WebP, material extensions) pass through; anything else that
 * the file *requires* is refused with one line naming the extension.
 */
import { type GlbAsset, type GltfJson, cloneAsset } from '../retarget';
import { ktx2ToRgba } from './basis-transcoder';
import { lowerArms } from './display-pose';
import { rgbaPng } from './rgba-png';
import { RigError, ToolError } from '../runtime';

/** Required extensions the page's Babylon loader handles itself (besides those decoded here). */
export const PAGE_EXTENSIONS = new Set([
  'KHR_mesh_quantization',
  'KHR_texture_transform',
  'EXT_texture_webp',
  'EXT_texture_avif',
  'KHR_materials_unlit',
  'KHR_materials_emissive_strength',
  'KHR_materials_pbrSpecularGlossiness',
  'KHR_materials_clearcoat',
  'KHR_materials_sheen',
  'KHR_materials_specular',
  'KHR_materials_ior',
  'KHR_materials_transmission',
  'KHR_materials_volume',
  'KHR_materials_iridescence',
  'KHR_materials_anisotropy',
  'KHR_materials_variants',
  'KHR_materials_dispersion',
  'KHR_materials_diffuse_transmission',
  'KHR_lights_punctual',
  'KHR_texture_basisu', // handled below: the fallback image, else the KTX2 transcoded to PNG, else no texture (with a note)
  'EXT_mesh_gpu_instancing',
]);

/** Extensions whose data this module decodes. */
const DECODED = new Set(['EXT_meshopt_compression', 'KHR_meshopt_compression', 'KHR_draco_mesh_compression']);

interface MeshoptView {
  buffer: number;
  byteOffset?: number;
  byteLength: number;
  byteStride: number;
  count: number;
  mode: string;
  filter?: string;
}

/** The part of meshoptimizer's MeshoptDecoder used here. */
interface Decoder {
  ready: Promise<void>;
  decodeGltfBuffer(target: Uint8Array, count: number, size: number, source: Uint8Array, mode: string, filter?: string): void;
}
let decoder: Promise<Decoder> | null = null;

async function meshoptDecoder(file: string, key: string): Promise<Decoder> {
  decoder ??= (async () => {
    let d: Decoder;
    try {
      // The CommonJS build (wasm embedded): no file or network access at run time.
      d = require('meshoptimizer/decoder.cjs') as Decoder;
    } catch {
      throw new ToolError('the meshoptimizer package is not installed (npm install meshoptimizer)');
    }
    await d.ready;
    return d;
  })();
  try {
    return await decoder;
  } catch (e) {
    decoder = null;
    throw new RigError(`${file}: uses meshopt compression (${key}), which cannot be decoded: ${(e as Error).message}`, { file, cause: e });
  }
}

/**
 * Decodes every EXT_meshopt_compression buffer view into plain data appended to the binary chunk.
 * Example: `await decodeMeshopt(copy, 'avatar.glb')`
 */
export async function decodeMeshopt(asset: GlbAsset, file: string): Promise<number> {
  const json = asset.json;
  const views = json.bufferViews ?? [];
  const out = new BinaryAppender(asset.bin);
  let decoded = 0;
  for (const [i, view] of views.entries()) {
    const exts = view.extensions as Record<string, MeshoptView> | undefined;
    const key = exts ? Object.keys(exts).find((k) => DECODED.has(k)) : undefined;
    if (!exts || !key) continue;
    const ext = exts[key];
    if (ext.buffer !== 0)
      throw new RigError(
        `${file}: bufferView ${i} keeps its ${key} data outside the .glb's binary chunk; pack the model into a single .glb`,
        { file },
      );
    const start = ext.byteOffset ?? 0;
    if (start + ext.byteLength > asset.bin.byteLength)
      throw new RigError(`${file}: bufferView ${i}: ${key} data runs past the end of the binary chunk (truncated file?)`, { file });
    const source = asset.bin.subarray(start, start + ext.byteLength);
    const target = new Uint8Array(ext.count * ext.byteStride);
    const d = await meshoptDecoder(file, key);
    try {
      d.decodeGltfBuffer(target, ext.count, ext.byteStride, source, ext.mode, ext.filter);
    } catch (e) {
      throw new RigError(`${file}: bufferView ${i}: ${key} data does not decode (${(e as Error).message})`, { file });
    }
    view.buffer = 0;
    view.byteOffset = out.append(target);
    view.byteLength = target.byteLength;
    delete exts[key];
    if (!Object.keys(exts).length) delete view.extensions;
    decoded++;
  }
  if (decoded) {
    asset.bin = out.joined();
    // Fallback buffers (no data) keep their slots so buffer indices stay valid; nothing points at them now.
    for (const b of json.buffers ?? []) if (b.extensions) for (const k of DECODED) delete (b.extensions as Record<string, unknown>)[k];
    dropExtension(json, ...DECODED);
  }
  return decoded;
}

/** The part of the draco3d decoder module used here (Emscripten objects: destroy what you make). */
interface DracoModule {
  Decoder: new () => {
    DecodeArrayToMesh(data: Int8Array, length: number, mesh: unknown): { ok(): boolean; error_msg(): string };
    GetAttributeByUniqueId(mesh: unknown, id: number): { num_components(): number } | null;
    GetAttributeDataArrayForAllPoints(mesh: unknown, attr: unknown, type: number, bytes: number, ptr: number): boolean;
    GetTrianglesUInt32Array(mesh: unknown, bytes: number, ptr: number): boolean;
  };
  Mesh: new () => { num_points(): number; num_faces(): number };
  destroy(o: unknown): void;
  _malloc(n: number): number;
  _free(p: number): void;
  HEAPU8: Uint8Array;
  [dataType: string]: unknown;
}

let draco: Promise<DracoModule> | null = null;

/** Draco's data type and the bytes per component for a glTF component type. */
const DRACO_TYPES: Record<number, [string, number]> = {
  5120: ['DT_INT8', 1],
  5121: ['DT_UINT8', 1],
  5122: ['DT_INT16', 2],
  5123: ['DT_UINT16', 2],
  5125: ['DT_UINT32', 4],
  5126: ['DT_FLOAT32', 4],
};

/**
 * Decodes every KHR_draco_mesh_compression primitive (draco3d's WebAssembly decoder, shipped in its npm
 * package) into plain accessors appended to the binary chunk.
 * Example: `await decodeDraco(copy, 'avatar.glb')`
 */
export async function decodeDraco(asset: GlbAsset, file: string): Promise<number> {
  const json = asset.json;
  const prims = (json.meshes ?? [])
    .flatMap((m) => m.primitives)
    .filter((p) => (p.extensions as Record<string, unknown> | undefined)?.KHR_draco_mesh_compression);
  if (!prims.length) return 0;
  draco ??= (async () => {
    let factory: { createDecoderModule(o: object): Promise<DracoModule> };
    try {
      factory = require('draco3d');
    } catch {
      throw new ToolError('the draco3d package is not installed (npm install draco3d)');
    }
    return factory.createDecoderModule({});
  })();
  let m: DracoModule;
  try {
    m = await draco;
  } catch (e) {
    draco = null;
    throw new RigError(
      `${file}: uses Draco mesh compression (KHR_draco_mesh_compression), which cannot be decoded: ${(e as Error).message}`,
      { file, cause: e },
    );
  }
  const out = new BinaryAppender(asset.bin);
  const append = (bytes: Uint8Array): number => {
    (json.bufferViews ??= []).push({ buffer: 0, byteOffset: out.append(bytes), byteLength: bytes.byteLength });
    return json.bufferViews.length - 1;
  };
  for (const prim of prims) {
    const ext = (prim.extensions as Record<string, { bufferView: number; attributes: Record<string, number> }>).KHR_draco_mesh_compression;
    const view = json.bufferViews![ext.bufferView];
    const data = asset.bin.subarray(view.byteOffset ?? 0, (view.byteOffset ?? 0) + view.byteLength);
    const decoder = new m.Decoder();
    const mesh = new m.Mesh();
    try {
      const status = decoder.DecodeArrayToMesh(new Int8Array(data.buffer, data.byteOffset, data.byteLength), data.byteLength, mesh);
      if (!status.ok()) throw new RigError(`${file}: a Draco-compressed primitive does not decode (${status.error_msg()})`, { file });
      // Copies `bytes` bytes that `fill(ptr)` writes into Emscripten memory.
      const read = (bytes: number, fill: (ptr: number) => boolean): Uint8Array => {
        const ptr = m._malloc(bytes);
        try {
          if (!fill(ptr)) throw new RigError(`${file}: a Draco-compressed primitive does not decode`, { file });
          return m.HEAPU8.slice(ptr, ptr + bytes);
        } finally {
          m._free(ptr);
        }
      };
      if (prim.indices !== undefined) {
        const acc = json.accessors![prim.indices];
        const n = mesh.num_faces() * 3;
        const u32 = new Uint32Array(read(n * 4, (ptr) => decoder.GetTrianglesUInt32Array(mesh, n * 4, ptr)).buffer);
        const out = acc.componentType === 5125 ? u32 : acc.componentType === 5123 ? Uint16Array.from(u32) : Uint8Array.from(u32);
        acc.bufferView = append(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
        acc.byteOffset = 0;
        acc.count = n;
      }
      for (const [name, id] of Object.entries(ext.attributes)) {
        const index = prim.attributes[name];
        if (index === undefined) continue;
        const acc = json.accessors![index];
        const attr = decoder.GetAttributeByUniqueId(mesh, id);
        const type = DRACO_TYPES[acc.componentType];
        if (!attr || !type) throw new RigError(`${file}: Draco attribute ${name} cannot be decoded`, { file });
        const bytes = mesh.num_points() * attr.num_components() * type[1];
        const dt = m[type[0]] as number;
        acc.bufferView = append(read(bytes, (ptr) => decoder.GetAttributeDataArrayForAllPoints(mesh, attr, dt, bytes, ptr)));
        acc.byteOffset = 0;
        acc.count = mesh.num_points();
      }
    } finally {
      m.destroy(mesh);
      m.destroy(decoder);
    }
    delete (prim.extensions as Record<string, unknown>).KHR_draco_mesh_compression;
  }
  asset.bin = out.joined();
  dropExtension(json, 'KHR_draco_mesh_compression');
  return prims.length;
}

/** Grows a .glb's binary chunk: each appended block starts on a 4-byte boundary, as glTF requires of accessors. */
class BinaryAppender {
  private readonly chunks: Uint8Array[];
  private length: number;

  constructor(bin: Uint8Array) {
    this.chunks = [bin];
    this.length = bin.byteLength;
  }

  /** Appends `bytes`; returns their offset in the chunk. */
  append(bytes: Uint8Array): number {
    const pad = (4 - (this.length % 4)) % 4;
    if (pad) this.chunks.push(new Uint8Array(pad));
    const at = this.length + pad;
    this.chunks.push(bytes);
    this.length = at + bytes.byteLength;
    return at;
  }

  joined(): Uint8Array {
    const bin = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      bin.set(c, at);
      at += c.byteLength;
    }
    return bin;
  }
}

function dropExtension(json: GltfJson, ...names: string[]): void {
  json.extensionsUsed = json.extensionsUsed?.filter((e) => !names.includes(e));
  json.extensionsRequired = json.extensionsRequired?.filter((e) => !names.includes(e));
  if (json.extensionsRequired && !json.extensionsRequired.length) delete json.extensionsRequired;
}

/**
 * KTX2/Basis textures without a plain fallback image: each KTX2 image is transcoded here (Basis
 * Universal's transcoder, `basis-transcoder.ts`) and appended as a PNG that the texture then uses.
 * Returns how many textures got an image, and why the others (if any) could not.
 * Example: `const { transcoded, problem } = await transcodeBasisTextures(copy, 'avatar.glb')`
 */
export async function transcodeBasisTextures(asset: GlbAsset, file: string): Promise<{ transcoded: number; problem?: string }> {
  const json = asset.json;
  const textures = (json.textures ?? []) as { source?: number; extensions?: Record<string, { source?: number }> }[];
  const images = (json.images ?? []) as { bufferView?: number; uri?: string; mimeType?: string }[];
  const wanted = textures.filter((t) => t.source === undefined && t.extensions?.KHR_texture_basisu);
  if (!wanted.length) return { transcoded: 0 };
  const out = new BinaryAppender(asset.bin);
  const pngOf = new Map<number, number>(); // KTX2 image index → PNG image index
  let transcoded = 0;
  let problem: string | undefined;
  for (const t of wanted) {
    const ktx = t.extensions!.KHR_texture_basisu.source;
    if (ktx === undefined) {
      problem ??= `${file}: texture ${textures.indexOf(t)} names no KTX2 image`;
      continue;
    }
    if (!pngOf.has(ktx)) {
      const image = images[ktx];
      const where = `${file}: image ${ktx}`;
      let bytes: Uint8Array | undefined;
      if (image?.bufferView !== undefined) {
        const view = json.bufferViews![image.bufferView];
        bytes = asset.bin.subarray(view.byteOffset ?? 0, (view.byteOffset ?? 0) + view.byteLength);
      } else if (image?.uri?.startsWith('data:')) {
        bytes = new Uint8Array(Buffer.from(image.uri.slice(image.uri.indexOf(',') + 1), 'base64'));
      }
      if (!bytes) {
        problem ??= `${where} is not inside the .glb`;
        continue;
      }
      try {
        const { rgba, width, height } = await ktx2ToRgba(bytes, where);
        const png = rgbaPng(rgba, width, height);
        (json.bufferViews ??= []).push({ buffer: 0, byteOffset: out.append(png), byteLength: png.byteLength });
        images.push({ bufferView: json.bufferViews.length - 1, mimeType: 'image/png' });
        json.images = images;
        pngOf.set(ktx, images.length - 1);
      } catch (e) {
        problem ??= (e as Error).message;
        continue;
      }
    }
    t.source = pngOf.get(ktx);
    transcoded++;
  }
  asset.bin = out.joined();
  return { transcoded, problem };
}

/**
 * KTX2/Basis textures still without a plain image after `transcodeBasisTextures` are left off their
 * materials (which keep their colour). Returns how many textures lost their image.
 */
export function dropBasisTextures(json: GltfJson): number {
  const textures = (json.textures ?? []) as { source?: number; extensions?: Record<string, { source?: number }> }[];
  const gone = new Set<number>();
  textures.forEach((t, i) => {
    if (!t.extensions?.KHR_texture_basisu) return;
    delete t.extensions.KHR_texture_basisu;
    if (t.source === undefined) gone.add(i);
  });
  if (gone.size) {
    // Remove every { index: N } texture reference to a texture that has no image left.
    const strip = (o: unknown): void => {
      if (!o || typeof o !== 'object') return;
      for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
        if (
          v &&
          typeof v === 'object' &&
          typeof (v as { index?: unknown }).index === 'number' &&
          /Texture$/.test(k) &&
          gone.has((v as { index: number }).index)
        ) {
          delete (o as Record<string, unknown>)[k];
        } else strip(v);
      }
    };
    for (const m of json.materials ?? []) strip(m);
  }
  dropExtension(json, 'KHR_texture_basisu');
  return gone.size;
}

/**
 * A copy of the asset that the render/preview page can load and shows well, plus notes for the user.
 * Throws one line naming the extension when the file requires one that cannot be loaded.
 * Example: `const { asset, notes } = await displayableAsset(rig.asset, rig.file)`
 */
export async function displayableAsset(source: GlbAsset, file: string): Promise<{ asset: GlbAsset; notes: string[] }> {
  const asset = cloneAsset(source);
  const json = asset.json;
  const notes: string[] = [];
  for (const ext of json.extensionsRequired ?? []) {
    if (!PAGE_EXTENSIONS.has(ext) && !DECODED.has(ext)) {
      throw new RigError(`${file}: requires the glTF extension ${ext}, which render and preview cannot load`, { file });
    }
  }
  await decodeMeshopt(asset, file);
  await decodeDraco(asset, file);
  const basis = await transcodeBasisTextures(asset, file);
  const lost = dropBasisTextures(json);
  if (lost)
    notes.push(
      `${file}: ${lost} KTX2/Basis texture(s) (KHR_texture_basisu) have no PNG/JPEG fallback and could not be decoded (${basis.problem}); they are drawn without their image`,
    );
  const arms = lowerArms(json);
  const joints = new Set((json.skins ?? []).flatMap((s) => s.joints)).size;
  if (arms === null && joints >= 20) notes.push(`${file}: no humanoid upper-arm bones found; the body is shown in its rest pose`);
  return { asset, notes };
}
