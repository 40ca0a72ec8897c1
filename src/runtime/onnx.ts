import { spawn } from 'node:child_process';
import * as os from 'node:os';
import type { InferenceSession as OrtSession } from 'onnxruntime-node';
import { InvalidOptionError } from './errors';

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
  if (!eps)
    throw new InvalidOptionError('device', device, { message: `unknown device "${device}" (expected one of ${DEVICES.join(', ')})` });
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

// onnxruntime-node 1.30 writes telemetry files (`.ses`, `mat-debug-<pid>.log`) into $TMPDIR on every
// run unless this documented switch is set before the library loads (here and in the probe's child).
process.env.ORT_DISABLE_TELEMETRY ??= '1';

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
/** GPU providers already tried in a child process. */
const probed = new Set<string>();

/**
 * Tries to create a session for `model` on each provider in a child Node process (stderr discarded),
 * stopping at the first that works. Returns provider → one-line reason for those that failed.
 */
async function probeProviders(model: string | Uint8Array, providers: string[]): Promise<Map<string, string>> {
  const script = `
const ort = require(${JSON.stringify(require.resolve('onnxruntime-node'))});
ort.env.logLevel = 'fatal';
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const arg = process.argv[1];
  const model = arg ? arg : new Uint8Array(Buffer.concat(chunks));
  const out = {};
  for (const ep of process.argv.slice(2)) {
    try {
      const s = await ort.InferenceSession.create(model, { executionProviders: [ep], graphOptimizationLevel: 'disabled' });
      await s.release();
      out[ep] = null;
      break;
    } catch (e) {
      out[ep] = String((e && e.message) || e);
    }
  }
  process.stdout.write(JSON.stringify(out));
});`;
  return new Promise((resolve) => {
    const args = ['-e', script, typeof model === 'string' ? model : '', ...providers];
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stdin!.on('error', () => {});
    child.stdin!.end(typeof model === 'string' ? undefined : Buffer.from(model.buffer, model.byteOffset, model.byteLength));
    const done = () => {
      const failed = new Map<string, string>();
      let result: Record<string, string | null> = {};
      try {
        result = JSON.parse(stdout);
      } catch {
        // the probe itself died (a native crash in a GPU driver): the in-process attempt decides
      }
      for (const [ep, why] of Object.entries(result)) if (why !== null && !isModelError(why)) failed.set(ep, firstLine(why));
      resolve(failed);
    };
    child.on('close', done);
    child.on('error', () => resolve(new Map()));
  });
}

/**
 * Creates a session on the first execution provider that works, falling through with one line each
 * (onnxruntime-node throws for a missing provider instead of falling back by itself).
 * Example: `const { session } = await createInferenceSession(bytes, { device: 'cuda' })`
 */
export async function createInferenceSession(model: string | Uint8Array, options: SessionOptions = {}): Promise<LoadedSession> {
  const device = options.device ?? 'auto';
  const log = options.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const threads = options.threads ?? Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  const all = deviceToExecutionProviders(device);
  // GPU providers are tried first in a child process: where they are missing, Dawn/Vulkan print
  // several lines of their own to this process's stderr that no ORT setting silences. What failed
  // there is skipped here, and said in one line.
  const gpu = all.filter((p) => p !== 'cpu' && !unavailable.has(p) && !probed.has(p));
  if (gpu.length) {
    const failed = await probeProviders(model, gpu);
    for (const p of gpu) probed.add(p);
    for (const p of failed.keys()) unavailable.add(p);
    const next = all.find((p) => !unavailable.has(p)) ?? 'cpu';
    if (failed.size)
      log(`musicface: ${[...failed].map(([p, why]) => `${p} execution provider unavailable (${why})`).join('; ')}; using ${next}`);
  }
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
        typeof model === 'string' ? await ort().InferenceSession.create(model, opts) : await ort().InferenceSession.create(model, opts);
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
  const reason = line
    .replace(/^\/\S+:\d+ \S+\(.*?\)\s*/, '')
    .replace(/^::<lambda\(\)> /, '')
    .replace(/^\S+ == \S+ was false\. /, ''); // Dawn's assertion text before its reason
  return (reason || line).slice(0, 160);
}

function isModelError(e: unknown): boolean {
  return /protobuf|Load model|invalid model|ModelProto|INVALID_PROTOBUF|INVALID_GRAPH/i.test(String((e as Error)?.message ?? e));
}
