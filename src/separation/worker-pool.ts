import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Worker as WorkerType } from 'node:worker_threads';
import { maskSegment } from './mask-segment';
import type { VocalMaskOptions } from './vocal-mask';

/**
 * Runs the built-in separator's segments on worker threads, so a song's segments use every core
 * (a 2-core machine separates about twice as fast). Workers exist only when this module runs compiled
 * (dist/, where mask-worker.js sits beside it); from TypeScript sources (tests) and with threads = 1
 * the work runs in the calling thread. Either way the bytes are the same: one function, maskSegment.
 */
export interface MaskJob {
  segment: Float32Array[];
  sampleRate: number;
  nFft: number;
  hop: number;
  options: VocalMaskOptions;
}

const WORKER_FILE = path.join(__dirname, 'mask-worker.js');
let pool: { workers: WorkerType[]; idle: WorkerType[]; queue: (() => void)[] } | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();

/** Threads used when the caller does not say: the machine's cores, at most 2 (each holds a segment and a heap: memory). */
export function defaultWorkerThreads(): number {
  return Math.max(1, Math.min(2, os.availableParallelism?.() ?? os.cpus().length));
}

function workersAvailable(): boolean {
  return __filename.endsWith('.js') && fs.existsSync(WORKER_FILE);
}

function getPool(threads: number) {
  if (pool && pool.workers.length >= threads) return pool;
  const { Worker } = require('node:worker_threads') as typeof import('worker_threads');
  pool ??= { workers: [], idle: [], queue: [] };
  while (pool.workers.length < threads) {
    const w = new Worker(WORKER_FILE);
    w.on('message', (m: { id: number; out?: Float32Array[]; error?: string }) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      w.unref(); // idle again: an idle pool never keeps the process alive
      if (p) m.error ? p.reject(new Error(m.error)) : p.resolve(m.out!);
      pool!.idle.push(w);
      pool!.queue.shift()?.();
    });
    w.on('error', (e) => {
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(e);
      }
    });
    w.unref(); // after the listeners (adding one refs the port again)
    pool.workers.push(w);
    pool.idle.push(w);
  }
  return pool;
}

/** Starts the workers now (they boot while the caller decodes the song); a no-op without workers. */
export function startWorkers(threads: number): void {
  if (threads > 1 && workersAvailable()) getPool(threads);
}

/** Vocal estimate of one segment, on a worker when `threads` > 1 and workers exist. */
export async function runMaskJob(job: MaskJob, threads: number): Promise<Float32Array[]> {
  if (threads <= 1 || !workersAvailable()) return maskSegment(job.segment, job.sampleRate, job.nFft, job.hop, job.options);
  const p = getPool(threads);
  while (p.idle.length === 0) await new Promise<void>((r) => p.queue.push(r));
  const w = p.idle.pop()!;
  const id = nextId++;
  return new Promise<Float32Array[]>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref(); // busy: keep the process alive until the segment comes back
    w.postMessage(
      { id, job },
      job.segment.map((s) => s.buffer as ArrayBuffer),
    );
  });
}
