/**
 * The part of WebAssembly's JavaScript API our Node code uses (the resampler and FFT kernels). Node has
 * it at run time, but its types live in TypeScript's DOM lib, which Node code does not load.
 */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: ArrayBufferView | ArrayBuffer);
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
}
