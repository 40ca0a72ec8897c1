/**
 * KTX2/Basis Universal textures (KHR_texture_basisu) decoded to RGBA in Node with Binomial's Basis
 * Universal transcoder (WebAssembly, Apache-2.0), so the render page gets a plain PNG and fetches no
 * decoder. The transcoder used is the one three.js ships (three/examples/jsm/libs/basis/); three is
 * found wherever Node resolves it, and when it is absent the caller draws the texture without its
 * image and says what to install.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The part of the transcoder's KTX2File used here (an Emscripten object: close and delete it). */
interface Ktx2File {
  isValid(): boolean;
  getWidth(): number;
  getHeight(): number;
  getFaces(): number;
  getLayers(): number;
  startTranscoding(): boolean;
  getImageTranscodedSizeInBytes(level: number, layer: number, face: number, format: number): number;
  transcodeImage(
    dst: Uint8Array,
    level: number,
    layer: number,
    face: number,
    format: number,
    flags: number,
    channel0: number,
    channel1: number,
  ): boolean;
  close(): void;
  delete(): void;
}

interface BasisModule {
  initializeBasis(): void;
  KTX2File: new (bytes: Uint8Array) => Ktx2File;
  transcoder_texture_format: { cTFRGBA32: { value: number } };
}

/** «KTX 20»\r\n\x1A\n, the first 12 bytes of every KTX2 file. */
const KTX2_ID = [0xab, 0x4b, 0x54, 0x58, 0x20, 0x32, 0x30, 0xbb, 0x0d, 0x0a, 0x1a, 0x0a];

const TRANSCODER = 'three/examples/jsm/libs/basis/basis_transcoder.js';
let transcoder: Promise<BasisModule> | null = null;

/** Where the transcoder's script is, or null when three is not installed. */
export function basisTranscoderPath(): string | null {
  try {
    return require.resolve(TRANSCODER);
  } catch {
    return null;
  }
}

/** The initialised transcoder; rejects with the reason when it cannot be loaded. */
async function basisTranscoder(): Promise<BasisModule> {
  transcoder ??= (async () => {
    const script = basisTranscoderPath();
    if (!script) throw new Error('the Basis Universal transcoder is not installed (npm install three)');
    // three ships the Emscripten glue as a classic script inside an ES-module package, so neither
    // require nor import loads it: it is evaluated with the CommonJS names it looks for. The .wasm is
    // read here and handed over, so the glue fetches nothing.
    const factory = new Function('require', '__filename', '__dirname', `${fs.readFileSync(script, 'utf8')}\nreturn BASIS;`)(
      require,
      script,
      path.dirname(script),
    ) as (o: object) => Promise<BasisModule>;
    const m = await factory({ wasmBinary: fs.readFileSync(path.join(path.dirname(script), 'basis_transcoder.wasm')) });
    m.initializeBasis();
    return m;
  })();
  try {
    return await transcoder;
  } catch (e) {
    transcoder = null;
    throw e;
  }
}

/**
 * The top mip level of a KTX2 (ETC1S or UASTC, zstd or not) as RGBA bytes, top row first.
 * Throws one line starting with `where` when the file is not a 2D Basis KTX2 or does not transcode.
 * Example: `const { rgba, width, height } = await ktx2ToRgba(bytes, 'avatar.glb: image 3')`
 */
export async function ktx2ToRgba(bytes: Uint8Array, where: string): Promise<{ rgba: Uint8Array; width: number; height: number }> {
  // The transcoder's own validity check accepts some non-KTX2 bytes: look at the identifier first.
  if (!KTX2_ID.every((b, i) => bytes[i] === b)) throw new Error(`${where}: not a KTX2 image`);
  const m = await basisTranscoder();
  const file = new m.KTX2File(bytes);
  try {
    if (!file.isValid()) throw new Error(`${where}: not a Basis Universal KTX2 image`);
    if (file.getFaces() !== 1 || file.getLayers() > 1) throw new Error(`${where}: a KTX2 cube map or array, not a 2D texture`);
    if (!file.startTranscoding()) throw new Error(`${where}: the KTX2 image does not transcode`);
    const format = m.transcoder_texture_format.cTFRGBA32.value;
    const rgba = new Uint8Array(file.getImageTranscodedSizeInBytes(0, 0, 0, format));
    if (!file.transcodeImage(rgba, 0, 0, 0, format, 0, -1, -1)) throw new Error(`${where}: the KTX2 image does not transcode`);
    return { rgba, width: file.getWidth(), height: file.getHeight() };
  } finally {
    file.close();
    file.delete();
  }
}
