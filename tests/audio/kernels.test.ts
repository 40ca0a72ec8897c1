/** The committed WebAssembly bytes are what the committed .wat sources assemble to (wabt, a dev dependency). */
import * as path from 'node:path';
import { RESAMPLE_WASM_BASE64 } from '../../src/audio/kernels/resample-wasm';
import { MATVEC_WASM_BASE64 } from '../../src/generator/kernels/matvec-wasm';
import { SPECTRA_WASM_BASE64 } from '../../src/separation/kernels/spectra-wasm';

const builder = require(path.join(__dirname, '../../src/audio/kernels/build-kernels.js'));
const committed: Record<string, string> = { resample: RESAMPLE_WASM_BASE64, matvec: MATVEC_WASM_BASE64, spectra: SPECTRA_WASM_BASE64 };

test.each(builder.KERNELS as string[])('the committed module of %s matches its source', async (source) => {
  const bytes: Buffer = await builder.assemble(path.join(__dirname, '../../src', source));
  expect(bytes.toString('base64')).toBe(committed[path.basename(source, '.wat')]);
});

test('every kernel the builder assembles is checked here', () => {
  expect((builder.KERNELS as string[]).map((s) => path.basename(s, '.wat')).sort()).toEqual(Object.keys(committed).sort());
});
