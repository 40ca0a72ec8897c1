import type { GlbAsset, GltfAccessor } from './glb';

/** glTF component types. */
export const FLOAT = 5126;
export const UNSIGNED_BYTE = 5121;
export const UNSIGNED_SHORT = 5123;
export const UNSIGNED_INT = 5125;
export const ARRAY_BUFFER = 34962;
export const ELEMENT_ARRAY_BUFFER = 34963;

const COMPONENTS: Record<string, number> = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4, MAT4: 16 };

type Typed = Float32Array | Uint8Array | Uint16Array | Uint32Array;

const componentTypeOf = (a: Typed) =>
  a instanceof Float32Array ? FLOAT : a instanceof Uint8Array ? UNSIGNED_BYTE : a instanceof Uint16Array ? UNSIGNED_SHORT : UNSIGNED_INT;

export interface AccessorOptions {
  /** bufferView.target (vertex or index data); leave out for animation and inverse-bind data. */
  target?: number;
  /** Write min/max (required for POSITION, morph POSITION and animation input). */
  bounds?: boolean;
  /** Store only non-zero elements (morph deltas); falls back to dense when that is not smaller. */
  sparse?: boolean;
  normalized?: boolean;
  name?: string;
}

/**
 * Appends typed data to a GLB's binary chunk, growing it in place, and creates buffer views and accessors.
 * Example: `const app = new GlbAppender(asset); const t = app.accessor(times, 'SCALAR', { bounds: true }); app.finish();`
 */
export class GlbAppender {
  private parts: Uint8Array[] = [];
  private length: number;

  constructor(private readonly asset: GlbAsset) {
    this.length = asset.bin.byteLength;
    asset.json.accessors ??= [];
    asset.json.bufferViews ??= [];
    asset.json.buffers ??= [];
    if (!asset.json.buffers.length) asset.json.buffers.push({ byteLength: 0 });
  }

  /** Raw bytes → a new buffer view (4-byte aligned). */
  bufferView(data: Typed, target?: number): number {
    const pad = ((this.length + 3) & ~3) - this.length;
    if (pad) this.parts.push(new Uint8Array(pad));
    this.length += pad;
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
    this.parts.push(bytes);
    const views = this.asset.json.bufferViews!;
    views.push({ buffer: 0, byteOffset: this.length, byteLength: bytes.byteLength, ...(target ? { target } : {}) });
    this.length += bytes.byteLength;
    return views.length - 1;
  }

  /** Typed data → a new accessor; returns its index. */
  accessor(data: Typed, type: keyof typeof COMPONENTS, options: AccessorOptions = {}): number {
    const n = COMPONENTS[type];
    const count = data.length / n;
    if (!Number.isInteger(count)) throw new Error(`accessor data of length ${data.length} is not a whole number of ${type}`);
    const acc: GltfAccessor = { componentType: componentTypeOf(data), count, type };
    if (options.normalized) acc.normalized = true;
    if (options.name) acc.name = options.name;
    if (options.bounds) {
      const min = new Array<number>(n).fill(Infinity);
      const max = new Array<number>(n).fill(-Infinity);
      for (let i = 0; i < count; i++) {
        for (let c = 0; c < n; c++) {
          const v = data[i * n + c];
          if (v < min[c]) min[c] = v;
          if (v > max[c]) max[c] = v;
        }
      }
      // Float32 bounds so validators comparing against stored floats see exact equality.
      acc.min = min.map((v) => Math.fround(v));
      acc.max = max.map((v) => Math.fround(v));
    }
    const nonZero: number[] = [];
    if (options.sparse) {
      for (let i = 0; i < count; i++) {
        for (let c = 0; c < n; c++) {
          if (data[i * n + c] !== 0) {
            nonZero.push(i);
            break;
          }
        }
      }
    }
    // A sparse element costs 4 index bytes + its values; use it only when clearly smaller than dense.
    if (options.sparse && nonZero.length > 0 && nonZero.length * (4 + n * 4) < count * n * 4 * 0.8) {
      const indices = new Uint32Array(nonZero);
      const values = new Float32Array(nonZero.length * n);
      nonZero.forEach((i, k) => {
        for (let c = 0; c < n; c++) values[k * n + c] = data[i * n + c];
      });
      acc.sparse = {
        count: nonZero.length,
        indices: { bufferView: this.bufferView(indices), componentType: UNSIGNED_INT },
        values: { bufferView: this.bufferView(values) },
      };
    } else {
      acc.bufferView = this.bufferView(data, options.target);
    }
    const accessors = this.asset.json.accessors!;
    accessors.push(acc);
    return accessors.length - 1;
  }

  /** Concatenates the appended bytes onto the asset's binary chunk. Call once, after the last append. */
  finish(): void {
    const total = (this.length + 3) & ~3;
    const bin = new Uint8Array(total);
    bin.set(this.asset.bin, 0);
    let at = this.asset.bin.byteLength;
    for (const p of this.parts) {
      bin.set(p, at);
      at += p.byteLength;
    }
    this.asset.bin = bin;
    this.asset.json.buffers![0].byteLength = total;
    this.parts = [];
    this.length = total;
  }
}
