import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Defaults, ToolError, withDefaults } from '../runtime';

/** Points per face from the face mesh with iris refinement: 468 mesh + 10 iris. */
export const LANDMARK_COUNT = 478;

export interface LandmarkerOptions {
  /** Smallest detector confidence that counts as a face. */
  minConfidence?: number;
  /**
   * Images smaller than this (longest side, pixels) are enlarged by a whole factor before detection:
   * the library truncates landmark coordinates to whole pixels, which on a 100-pixel face is 1 %.
   */
  workingSize?: number;
}

export const LANDMARKER_DEFAULTS: Defaults<LandmarkerOptions> = Object.freeze({ minConfidence: 0.2, workingSize: 720 });

export interface FaceLandmarks {
  /** LANDMARK_COUNT × 3: x, y in image pixels (top-left origin), z in pixels of depth (towards the camera is negative). */
  points: Float32Array;
  /** The detector's face box, pixels: x, y, width, height. */
  box: [number, number, number, number];
  /** Detector confidence 0…1. */
  score: number;
}

/** A face mesh detector: image in, 478 landmarks out (or null when it finds no face). */
export interface Landmarker {
  detect(rgb: Uint8Array, width: number, height: number): Promise<FaceLandmarks | null>;
  /** Which tfjs backend runs it ("wasm"; "cpu" would be ~10× slower). */
  backend: string;
  dispose(): void;
}

/** A package's folder by the node_modules search (some packages' `exports` hide package.json from require.resolve). */
function packageDir(name: string): string {
  for (const base of require.resolve.paths(name) ?? []) {
    const dir = path.join(base, name);
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
  }
  throw new ToolError(`face landmarks need the npm package ${name}, which is not installed`);
}

/** `fetch` for file:// URLs (the models ship in the npm package); anything else is refused: no network at run time. */
function fileFetch(url: string | URL | Request): Promise<Response> {
  const href = typeof url === 'string' ? url : url instanceof URL ? url.href : url.url;
  if (!href.startsWith('file://')) return Promise.reject(new Error(`refusing to fetch ${href}: MusicFace reads models from disk only`));
  const file = fileURLToPath(href);
  return fs.promises.readFile(file).then(
    (bytes) =>
      new Response(bytes, {
        status: 200,
        headers: { 'content-type': file.endsWith('.json') ? 'application/json' : 'application/octet-stream' },
      }),
  );
}

let shared: Promise<Landmarker> | null = null;

/**
 * The face mesh of `@vladmandic/human` (BlazeFace detector + 468-point mesh + iris) on tfjs with the
 * WebAssembly backend, fully offline. One instance per process (tfjs keeps global state).
 * Three things make it run in Node without tfjs-node: its Node-wasm bundle is loaded by path (the
 * package's `exports` map does not expose it), `wasmPath` points at the local tfjs-backend-wasm files
 * (the default is a CDN, and on failure it silently runs on the slow cpu backend), and model URLs are
 * `file://` ones served by a local `fetch`.
 * Example: `const lm = await createLandmarker(); const face = await lm.detect(rgb, 360, 288)`
 */
export function createLandmarker(options: LandmarkerOptions = {}): Promise<Landmarker> {
  shared ??= open(withDefaults(LANDMARKER_DEFAULTS, options));
  shared.catch(() => (shared = null));
  return shared;
}

async function open(o: Required<LandmarkerOptions>): Promise<Landmarker> {
  const dir = packageDir('@vladmandic/human');
  const H = require(path.join(dir, 'dist', 'human.node-wasm.js'));
  const wasmDir = path.join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist') + path.sep;
  const realFetch = globalThis.fetch;
  const config = {
    backend: 'wasm',
    wasmPath: wasmDir,
    wasmPlatformFetch: false,
    modelBasePath: 'file://' + path.join(dir, 'models') + '/',
    debug: false,
    async: true,
    warmup: 'none',
    // Every frame is analysed on its own: no result caching between similar frames, no skipped frames.
    cacheSensitivity: 0,
    skipAllowed: false,
    filter: { enabled: false },
    face: {
      enabled: true,
      detector: { enabled: true, rotation: true, maxDetected: 1, skipFrames: 0, minConfidence: o.minConfidence, return: false },
      mesh: { enabled: true, keepInvalid: false },
      iris: { enabled: true, skipFrames: 0 },
      attention: { enabled: false },
      emotion: { enabled: false },
      description: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
      gear: { enabled: false },
    },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
  };
  // The wasm binary is read with fetch too (Emscripten), so the wrapper stays for the whole session.
  globalThis.fetch = ((url: string | URL | Request, init?: RequestInit) => {
    const href = typeof url === 'string' ? url : url instanceof URL ? url.href : url.url;
    if (href.startsWith('file://')) return fileFetch(url);
    if (!/^[a-z]+:\/\//i.test(href) && fs.existsSync(href)) return fileFetch('file://' + path.resolve(href));
    return realFetch(url, init);
  }) as typeof fetch;
  const human = new H.Human(config);
  await human.load();
  await human.tf.ready();
  const backend = String(human.tf.getBackend());
  if (backend !== 'wasm')
    throw new ToolError(
      `face landmarks: the tfjs wasm backend did not start (got "${backend}"); check that @tensorflow/tfjs-backend-wasm is installed`,
    );
  const tf = human.tf;
  return {
    backend,
    async detect(rgb, width, height) {
      if (rgb.length !== width * height * 3) throw new Error(`face landmarks: expected ${width}×${height}×3 bytes, got ${rgb.length}`);
      const k = Math.max(1, Math.floor(o.workingSize / Math.max(width, height)));
      const input = tf.tidy(() => {
        const t = tf.tensor(rgb, [1, height, width, 3], 'int32');
        return k > 1 ? tf.image.resizeBilinear(t, [height * k, width * k], false, true) : t;
      });
      try {
        const result = await human.detect(input);
        const face = result.face?.[0];
        if (!face?.mesh || face.mesh.length < LANDMARK_COUNT) return null;
        const points = new Float32Array(LANDMARK_COUNT * 3);
        // Truncated coordinates: the middle of the pixel they fell in, back in the caller's pixels.
        for (let i = 0; i < LANDMARK_COUNT; i++) {
          points[3 * i] = (face.mesh[i][0] + 0.5) / k;
          points[3 * i + 1] = (face.mesh[i][1] + 0.5) / k;
          points[3 * i + 2] = face.mesh[i][2] / k;
        }
        const box = (face.box as number[]).map((v) => v / k) as [number, number, number, number];
        return { points, box, score: face.score ?? face.boxScore ?? 0 };
      } finally {
        tf.dispose(input);
      }
    },
    dispose() {
      // tfjs holds its models for the process; nothing per-call to free.
    },
  };
}
