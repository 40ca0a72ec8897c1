/**
 * A user's avatar made loadable by the render and preview pages, on a copy: compressed geometry is
 * decoded here in Node (meshopt from the meshoptimizer package), so the browser page fetches no decoder
 * (it may not reach the internet, and its Content-Security-Policy allows none); extensions Babylon reads
 * itself (quantization, texture transform, WebP, material extensions) pass through; anything else that
 * the file *requires* is refused with one line naming the extension.
 */
import { GlbAsset, GltfJson, cloneAsset } from '../retarget/glb';
import { lowerArms } from './display-pose';

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
  'KHR_texture_basisu', // handled below: the fallback image, or no texture (with a note)
  'EXT_mesh_gpu_instancing',
]);

/** Extensions whose data this module decodes. */
const DECODED = new Set(['EXT_meshopt_compression', 'KHR_meshopt_compression']);

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

async function meshoptDecoder(): Promise<Decoder> {
  decoder ??= (async () => {
    // The CommonJS build (wasm embedded): no file or network access at run time.
    const d = (require('meshoptimizer/decoder.cjs') as Decoder);
    await d.ready;
    return d;
  })();
  return decoder;
}

/**
 * Decodes every EXT_meshopt_compression buffer view into plain data appended to the binary chunk.
 * Example: `await decodeMeshopt(copy, 'avatar.glb')`
 */
export async function decodeMeshopt(asset: GlbAsset, file: string): Promise<number> {
  const json = asset.json;
  const views = json.bufferViews ?? [];
  const chunks: Uint8Array[] = [asset.bin];
  let length = asset.bin.byteLength;
  let decoded = 0;
  for (const [i, view] of views.entries()) {
    const exts = view.extensions as Record<string, MeshoptView> | undefined;
    const key = exts ? Object.keys(exts).find((k) => DECODED.has(k)) : undefined;
    if (!exts || !key) continue;
    const ext = exts[key];
    if (ext.buffer !== 0) throw new Error(`${file}: bufferView ${i} keeps its ${key} data outside the .glb's binary chunk; pack the model into a single .glb`);
    const start = ext.byteOffset ?? 0;
    if (start + ext.byteLength > asset.bin.byteLength) throw new Error(`${file}: bufferView ${i}: ${key} data runs past the end of the binary chunk (truncated file?)`);
    const source = asset.bin.subarray(start, start + ext.byteLength);
    const target = new Uint8Array(ext.count * ext.byteStride);
    const d = await meshoptDecoder();
    try {
      d.decodeGltfBuffer(target, ext.count, ext.byteStride, source, ext.mode, ext.filter);
    } catch (e) {
      throw new Error(`${file}: bufferView ${i}: ${key} data does not decode (${(e as Error).message})`);
    }
    const pad = (4 - (length % 4)) % 4;
    if (pad) chunks.push(new Uint8Array(pad));
    length += pad;
    view.buffer = 0;
    view.byteOffset = length;
    view.byteLength = target.byteLength;
    delete exts[key];
    if (!Object.keys(exts).length) delete view.extensions;
    chunks.push(target);
    length += target.byteLength;
    decoded++;
  }
  if (decoded) {
    const bin = new Uint8Array(length);
    let at = 0;
    for (const c of chunks) {
      bin.set(c, at);
      at += c.byteLength;
    }
    asset.bin = bin;
    // Fallback buffers (no data) keep their slots so buffer indices stay valid; nothing points at them now.
    for (const b of json.buffers ?? []) if (b.extensions) for (const k of DECODED) delete (b.extensions as Record<string, unknown>)[k];
    dropExtension(json, ...DECODED);
  }
  return decoded;
}

function dropExtension(json: GltfJson, ...names: string[]): void {
  json.extensionsUsed = json.extensionsUsed?.filter((e) => !names.includes(e));
  json.extensionsRequired = json.extensionsRequired?.filter((e) => !names.includes(e));
  if (json.extensionsRequired && !json.extensionsRequired.length) delete json.extensionsRequired;
}

/**
 * KTX2/Basis textures: no transcoder ships in an npm package the page could use, so a texture that has a
 * plain fallback image uses it, and one that has none is left off its materials (they keep their colour).
 * Returns how many textures lost their image.
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
        if (v && typeof v === 'object' && typeof (v as { index?: unknown }).index === 'number' && /Texture$/.test(k) && gone.has((v as { index: number }).index)) {
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
      throw new Error(`${file}: requires the glTF extension ${ext}, which render and preview cannot load`);
    }
  }
  await decodeMeshopt(asset, file);
  const lost = dropBasisTextures(json);
  if (lost) notes.push(`${file}: ${lost} KTX2/Basis texture(s) (KHR_texture_basisu) have no PNG/JPEG fallback and are drawn without their image`);
  const arms = lowerArms(json);
  const joints = new Set((json.skins ?? []).flatMap((s) => s.joints)).size;
  if (arms === null && joints >= 20) notes.push(`${file}: no humanoid upper-arm bones found; the body is shown in its rest pose`);
  return { asset, notes };
}
