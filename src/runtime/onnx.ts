import * as os from 'os';
import type { InferenceSession as OrtSession } from 'onnxruntime-node';

/** The one module that knows ONNX Runtime (after transformers.js' backends/onnx.js). */
export type Device = 'auto' | 'cpu' | 'cuda' | 'webgpu';

/** Execution providers to try, in priority order, for each device the user may ask for. */
const DEVICE_TO_PROVIDERS: Readonly<Record<Device, readonly string[]>> = Object.freeze({
  auto: ['cpu'],
  cpu: ['cpu'],
  cuda: ['cuda', 'webgpu', 'cpu'],
  webgpu: ['webgpu', 'cpu'],
});

export const DEVICES = Object.keys(DEVICE_TO_PROVIDERS) as Device[];

export function deviceToExecutionProviders(device: Device): readonly string[] {
  const eps = DEVICE_TO_PROVIDERS[device];
  if (!eps) throw new Error(`unknown device "${device}" (expected one of ${DEVICES.join(', ')})`);
  return eps;
}

export interface SessionOptions {
  device?: Device;
  /** Intra-op threads; default: the machine's cores. */
  threads?: number;
  /** Where fall-through notices go (one line each); default stderr. */
  log?: (line: string) => void;
}

export interface LoadedSession {
  session: OrtSession;
  provider: string;
}

let ortModule: typeof import('onnxruntime-node') | undefined;
/** Loaded lazily: the native binding costs ~100 ms and many commands never need it. */
export function ort(): typeof import('onnxruntime-node') {
  if (!ortModule) {
    ortModule = require('onnxruntime-node') as typeof import('onnxruntime-node');
    // ORT logs a missing provider library in red before throwing; we say it in one line ourselves.
    ortModule.env.logLevel = 'fatal';
  }
  return ortModule;
}

/** Providers that failed to start in this process: later sessions skip them without a word. */
const unavailable = new Set<string>();

/**
 * Creates a session on the first execution provider that works, falling through with one line each
 * (onnxruntime-node throws for a missing provider instead of falling back by itself).
 * Example: `const { session } = await createInferenceSession(bytes, { device: 'cuda' })`
 */
export async function createInferenceSession(
  model: string | Uint8Array,
  options: SessionOptions = {},
): Promise<LoadedSession> {
  const device = options.device ?? 'auto';
  const log = options.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const threads = options.threads ?? Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  const all = deviceToExecutionProviders(device);
  // Providers this process already saw fail are skipped; the last one (CPU) is always tried.
  const providers = all.filter((p, i) => !unavailable.has(p) || i === all.length - 1);
  let lastError: unknown;
  for (const ep of providers) {
    try {
      const opts: OrtSession.SessionOptions = {
        executionProviders: [ep],
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
      };
      const session =
        typeof model === 'string'
          ? await ort().InferenceSession.create(model, opts)
          : await ort().InferenceSession.create(model, opts);
      return { session, provider: ep };
    } catch (e) {
      lastError = e;
      if (isModelError(e)) break; // a broken model fails the same way on every provider
      unavailable.add(ep);
      const next = providers[providers.indexOf(ep) + 1];
      if (next) log(`musicface: ${ep} execution provider unavailable (${firstLine(e)}); using ${next}`);
    }
  }
  throw lastError;
}

function firstLine(e: unknown): string {
  const line = String((e as Error)?.message ?? e).split('\n')[0];
  // ORT prefixes its source location ("/onnxruntime_src/….cc:136 onnxruntime::…Initialize(…) "): keep the reason
  const reason = line.replace(/^\/\S+:\d+ \S+\(.*?\)\s*/, '').replace(/^::<lambda\(\)> /, '');
  return (reason || line).slice(0, 160);
}

function isModelError(e: unknown): boolean {
  return /protobuf|Load model|invalid model|ModelProto|INVALID_PROTOBUF|INVALID_GRAPH/i.test(String((e as Error)?.message ?? e));
}
