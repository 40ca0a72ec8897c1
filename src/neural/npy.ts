import { DatasetError } from '../runtime';
/**
 * NumPy `.npy` (format 1.0) for uint8 and float32 arrays: how the TypeScript side hands training pairs
 * to PyTorch without a dependency on either side.
 */

const MAGIC = Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x01, 0x00]);

/**
 * Bytes of an .npy file holding `data` with `shape` (C order).
 * Example: `fs.writeFileSync('x.npy', npyBytes(new Uint8Array(12), [2, 2, 3]))`
 */
export function npyBytes(data: Uint8Array | Float32Array, shape: number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new Error(`npy: shape ${shape.join('×')} holds ${count} values, got ${data.length}`);
  const descr = data instanceof Uint8Array ? '|u1' : '<f4';
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  // The header (with magic and length) is padded with spaces to a multiple of 64 bytes, ending in \n.
  const total = Math.ceil((MAGIC.length + 2 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - MAGIC.length - 2 - 1, ' ') + '\n';
  const out = new Uint8Array(total + data.byteLength);
  out.set(MAGIC, 0);
  out[8] = header.length & 0xff;
  out[9] = header.length >> 8;
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), total);
  return out;
}

/** Reads an .npy written by `npyBytes` (uint8 or little-endian float32, C order). */
export function readNpy(bytes: Uint8Array, file = 'array.npy'): { data: Uint8Array | Float32Array; shape: number[] } {
  if (bytes.length < 10 || !MAGIC.slice(0, 6).every((b, i) => bytes[i] === b))
    throw new DatasetError(`${file}: not a NumPy .npy file`, { file });
  const len = bytes[8] | (bytes[9] << 8);
  const header = String.fromCharCode(...bytes.subarray(10, 10 + len));
  const shape = (/'shape': \(([^)]*)\)/.exec(header)?.[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const body = bytes.slice(10 + len);
  if (header.includes("'|u1'")) return { data: body, shape };
  if (header.includes("'<f4'")) return { data: new Float32Array(body.buffer, body.byteOffset, body.byteLength / 4), shape };
  throw new DatasetError(`${file}: only uint8 and float32 .npy arrays are read here`, { file });
}
