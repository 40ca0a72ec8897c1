/**
 * Just enough of ONNX's protobuf encoding (onnx.proto) to read a graph's float initializers and to
 * write a one-node graph: the pose integrator steps its LSTM in JavaScript with the weights of the
 * exported direction graph, and hands the batched part (one matrix product per chunk) to ONNX Runtime.
 */

/** A float tensor stored in a graph. */
export interface Initializer {
  dims: number[];
  data: Float32Array;
}

// Field numbers of onnx.proto (ModelProto.graph = 7, GraphProto.initializer = 5, TensorProto.*).
const MODEL_GRAPH = 7;
const GRAPH_INITIALIZER = 5;
const TENSOR = { dims: 1, dataType: 2, floatData: 4, name: 8, rawData: 9, dataLocation: 14 } as const;
const FLOAT = 1;

class Reader {
  at: number;
  constructor(
    readonly bytes: Uint8Array,
    from = 0,
    readonly end = bytes.length,
  ) {
    this.at = from;
  }
  varint(): number {
    let x = 0;
    let scale = 1;
    for (;;) {
      if (this.at >= this.end) throw new Error('truncated varint');
      const b = this.bytes[this.at++];
      x += (b & 0x7f) * scale;
      if (b < 0x80) return x;
      scale *= 128;
    }
  }
  /** [field, wire type] of the next key. */
  key(): [number, number] {
    const k = this.varint();
    return [Math.floor(k / 8), k & 7];
  }
  /** Bounds of a length-delimited value. */
  span(): [number, number] {
    const n = this.varint();
    const from = this.at;
    this.at += n;
    if (this.at > this.end) throw new Error('truncated field');
    return [from, this.at];
  }
  /** A reader over each embedded message of field `field`, the other fields skipped. */
  *messages(field: number): Generator<Reader> {
    while (this.at < this.end) {
      const [f, wire] = this.key();
      if (f !== field || wire !== 2) {
        this.skip(wire);
        continue;
      }
      const [a, b] = this.span();
      yield new Reader(this.bytes, a, b);
    }
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.at += 8;
    else if (wire === 2) this.span();
    else if (wire === 5) this.at += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
}

function copyFloats(bytes: Uint8Array, from: number, to: number): Float32Array {
  const out = new Float32Array((to - from) / 4);
  new Uint8Array(out.buffer).set(bytes.subarray(from, to)); // little-endian on every platform Node runs on
  return out;
}

function readTensor(r: Reader): [string, Initializer | undefined] {
  let name = '';
  let type = 0;
  let external = false;
  const dims: number[] = [];
  let data: Float32Array | undefined;
  const floats: number[] = [];
  while (r.at < r.end) {
    const [field, wire] = r.key();
    if (field === TENSOR.dims && wire === 0) dims.push(r.varint());
    else if (field === TENSOR.dims && wire === 2) {
      const [a, b] = r.span();
      const packed = new Reader(r.bytes, a, b);
      while (packed.at < b) dims.push(packed.varint());
    } else if (field === TENSOR.dataType) type = r.varint();
    else if (field === TENSOR.name) {
      const [a, b] = r.span();
      name = new TextDecoder().decode(r.bytes.subarray(a, b));
    } else if (field === TENSOR.rawData) {
      const [a, b] = r.span();
      data = copyFloats(r.bytes, a, b);
    } else if (field === TENSOR.floatData && wire === 2) {
      const [a, b] = r.span();
      data = copyFloats(r.bytes, a, b);
    } else if (field === TENSOR.floatData && wire === 5) {
      floats.push(new DataView(r.bytes.buffer, r.bytes.byteOffset + r.at, 4).getFloat32(0, true));
      r.at += 4;
    } else if (field === TENSOR.dataLocation) external = r.varint() === 1;
    else r.skip(wire);
  }
  if (type !== FLOAT || external) return [name, undefined];
  data ??= Float32Array.from(floats);
  const count = dims.reduce((a, b) => a * b, 1);
  return [name, data.length === count ? { dims, data } : undefined];
}

/** The float initializers of an ONNX model, by name (others — integer, external — are left out). */
export function readInitializers(model: Uint8Array): Map<string, Initializer> {
  const out = new Map<string, Initializer>();
  for (const graph of new Reader(model).messages(MODEL_GRAPH)) {
    for (const t of graph.messages(GRAPH_INITIALIZER)) {
      const [name, tensor] = readTensor(t);
      if (tensor) out.set(name, tensor);
    }
  }
  return out;
}

// --- writing ------------------------------------------------------------------------------------

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 128) {
    out.push((n % 128) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const int = (field: number, n: number) => Uint8Array.from([...varint(field * 8), ...varint(n)]);
const bytes = (field: number, payload: Uint8Array) =>
  concat([Uint8Array.from([...varint(field * 8 + 2), ...varint(payload.length)]), payload]);
const str = (field: number, s: string) => bytes(field, new TextEncoder().encode(s));
const msg = (field: number, ...children: Uint8Array[]) => bytes(field, concat(children));

function tensor(name: string, t: Initializer): Uint8Array {
  const raw = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return msg(
    GRAPH_INITIALIZER,
    ...t.dims.map((d) => int(TENSOR.dims, d)),
    int(TENSOR.dataType, FLOAT),
    str(TENSOR.name, name),
    bytes(TENSOR.rawData, raw),
  );
}

/** ValueInfoProto of a float tensor; a string dim is symbolic. */
function valueInfo(field: number, name: string, dims: (number | string)[]): Uint8Array {
  const dim = (d: number | string) => (typeof d === 'string' ? msg(1, str(2, d)) : msg(1, int(1, d)));
  return msg(field, str(1, name), msg(2, msg(1, int(1, FLOAT), msg(2, ...dims.map(dim)))));
}

/**
 * A model of one Gemm: input X [T, K] → output Y [T, N] = X·Wᵀ + B, with W [N, K] and B [N] stored in it
 * (ONNX IR 8, opset 13).
 */
export function gemmModel(w: Initializer, b: Initializer): Uint8Array {
  const [n, k] = w.dims;
  if (w.dims.length !== 2 || b.dims.length !== 1 || b.dims[0] !== n)
    throw new Error(`gemmModel: W [${w.dims}] and B [${b.dims}] do not fit`);
  const transB = msg(5, str(1, 'transB'), int(3, 1), int(20, 2)); // AttributeProto: name, i, type INT
  const node = msg(1, str(1, 'X'), str(1, 'W'), str(1, 'B'), str(2, 'Y'), str(4, 'Gemm'), transB);
  const graph = msg(
    MODEL_GRAPH,
    node,
    str(2, 'projection'),
    tensor('W', w),
    tensor('B', b),
    valueInfo(11, 'X', ['T', k]),
    valueInfo(12, 'Y', ['T', n]),
  );
  return concat([int(1, 8), msg(8, int(2, 13)), graph]);
}
