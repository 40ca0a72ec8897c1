import { SPECTRA_WASM_BASE64 } from './kernels/spectra-wasm';
import type { WasmHeap } from './wasm-fft';

interface SpectraKernels {
  window_pair(l: number, r: number, w: number, out: number, n: number): void;
  mask_conj(z: number, m: number, out: number, n: number): void;
  overlap_add(t: number, w: number, accL: number, accR: number, n: number): void;
  split_pair(z: number, out: number, stride: number, bins: number, n: number): void;
}

/** Byte offsets of a segment's regions in the heap. */
export interface SegmentRegions {
  l: number;
  r: number;
  zeros: number;
  window: number;
  synthesis: number;
  z: number;
  mask: number;
  accL: number;
  accR: number;
  /** L re, L im, R re, R im planes of `splitBins` bins (reserved when asked for). */
  planes: number;
}

let compiled: WebAssembly.Module | undefined;

/**
 * The kernels of kernels/spectra.wat, instantiated in the heap of this thread's FFTs, and a segment's
 * working regions there (samples, spectra, mask, overlap-add sums), kept from segment to segment and
 * grown when a longer one comes: fresh arrays of a 10-s segment's size cost page faults every time.
 */
export class SpectraWorkspace {
  readonly kernels: SpectraKernels;
  private readonly regions = new Map<string, { at: number; bytes: number }>();

  constructor(private readonly heap: WasmHeap) {
    compiled ??= new WebAssembly.Module(Buffer.from(SPECTRA_WASM_BASE64, 'base64'));
    this.kernels = new WebAssembly.Instance(compiled, { env: { memory: heap.memory } }).exports as unknown as SpectraKernels;
  }

  /**
   * Every region a segment of `len` samples, `frames` frames of `nFft` needs, allocated before any view is
   * taken (an allocation may grow the memory, which leaves earlier views empty).
   */
  reserve(len: number, frames: number, nFft: number, splitBins = 0): SegmentRegions {
    const bins = (nFft >> 1) + 1;
    return {
      l: this.region('l', len * 4),
      r: this.region('r', len * 4),
      zeros: this.region('zeros', nFft * 4),
      window: this.region('window', nFft * 8),
      synthesis: this.region('synthesis', nFft * 8),
      z: this.region('z', frames * 2 * nFft * 4),
      mask: this.region('mask', frames * bins * 4),
      accL: this.region('accL', len * 8),
      accR: this.region('accR', len * 8),
      planes: splitBins > 0 ? this.region('planes', 4 * frames * splitBins * 4) : 0,
    };
  }

  f32(at: number, length: number): Float32Array {
    return new Float32Array(this.heap.memory.buffer, at, length);
  }

  f64(at: number, length: number): Float64Array {
    return new Float64Array(this.heap.memory.buffer, at, length);
  }

  private region(name: string, bytes: number): number {
    const r = this.regions.get(name);
    if (r && r.bytes >= bytes) return r.at;
    if (r) this.heap.free(r.at);
    const at = this.heap.alloc(Math.max(16, bytes));
    if (!at) throw new Error(`separator: cannot allocate ${bytes} bytes of WebAssembly memory`);
    this.regions.set(name, { at, bytes });
    return at;
  }
}

const workspaces = new WeakMap<WebAssembly.Memory, SpectraWorkspace>();
/** The workspace of a heap (one per thread: every FFT of a thread shares one heap). */
export function spectraWorkspace(heap: WasmHeap): SpectraWorkspace {
  let w = workspaces.get(heap.memory);
  if (!w) workspaces.set(heap.memory, (w = new SpectraWorkspace(heap)));
  return w;
}
