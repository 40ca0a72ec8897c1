import type { GlbAsset } from './glb';
import { RigError } from '../runtime';

const COMPONENTS: Record<string, number> = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4, MAT2: 4, MAT3: 9, MAT4: 16 };
const SIZES: Record<number, number> = { 5120: 1, 5121: 1, 5122: 2, 5123: 2, 5125: 4, 5126: 4 };

function readComponent(view: DataView, at: number, componentType: number, normalized: boolean): number {
  switch (componentType) {
    case 5126:
      return view.getFloat32(at, true);
    case 5121: {
      const v = view.getUint8(at);
      return normalized ? v / 255 : v;
    }
    case 5120: {
      const v = view.getInt8(at);
      return normalized ? Math.max(v / 127, -1) : v;
    }
    case 5123: {
      const v = view.getUint16(at, true);
      return normalized ? v / 65535 : v;
    }
    case 5122: {
      const v = view.getInt16(at, true);
      return normalized ? Math.max(v / 32767, -1) : v;
    }
    case 5125:
      return view.getUint32(at, true);
    default:
      throw new RigError(`unknown accessor componentType ${componentType}`);
  }
}

/**
 * Reads an accessor as floats (dense, byteStride, normalized integers and sparse substitution handled).
 * Example: `const positions = readAccessor(asset, prim.attributes.POSITION)` → Float32Array of count × 3
 */
export function readAccessor(asset: GlbAsset, index: number): Float32Array {
  const json = asset.json;
  const acc = json.accessors?.[index];
  if (!acc) throw new RigError(`accessor ${index} does not exist`);
  const n = COMPONENTS[acc.type];
  const size = SIZES[acc.componentType];
  const out = new Float32Array(acc.count * n);
  const bin = new DataView(asset.bin.buffer, asset.bin.byteOffset, asset.bin.byteLength);
  if (acc.bufferView !== undefined) {
    const bv = json.bufferViews![acc.bufferView];
    const base = (bv.byteOffset ?? 0) + (acc.byteOffset ?? 0);
    const stride = bv.byteStride ?? n * size;
    for (let i = 0; i < acc.count; i++) {
      for (let c = 0; c < n; c++) out[i * n + c] = readComponent(bin, base + i * stride + c * size, acc.componentType, !!acc.normalized);
    }
  }
  if (acc.sparse) {
    const s = acc.sparse;
    const ibv = json.bufferViews![s.indices.bufferView];
    const vbv = json.bufferViews![s.values.bufferView];
    const ibase = (ibv.byteOffset ?? 0) + (s.indices.byteOffset ?? 0);
    const vbase = (vbv.byteOffset ?? 0) + (s.values.byteOffset ?? 0);
    const isize = SIZES[s.indices.componentType];
    for (let k = 0; k < s.count; k++) {
      const i = readComponent(bin, ibase + k * isize, s.indices.componentType, false);
      for (let c = 0; c < n; c++) out[i * n + c] = readComponent(bin, vbase + (k * n + c) * size, acc.componentType, !!acc.normalized);
    }
  }
  return out;
}
