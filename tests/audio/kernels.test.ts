/** The committed WebAssembly bytes are what the committed .wat source assembles to (wabt, a dev dependency). */
import * as path from 'node:path';
import { RESAMPLE_WASM_BASE64 } from '../../src/audio/kernels/resample-wasm';

test('resample-wasm.ts matches resample.wat', async () => {
  const { assemble } = require(path.join(__dirname, '../../src/audio/kernels/build-kernels.js'));
  const bytes: Buffer = await assemble(path.join(__dirname, '../../src/audio/kernels/resample.wat'));
  expect(bytes.toString('base64')).toBe(RESAMPLE_WASM_BASE64);
});
