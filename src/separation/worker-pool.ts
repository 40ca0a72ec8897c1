import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Worker as WorkerType } from 'node:worker_threads';
import { maskSegment } from './mask-segment';
import type { VocalMaskOptions } from './vocal-mask';

/**
 * Runs separator segments on worker threads, so a song's segments use every core (a 2-core machine
 * separates about twice as fast). Workers exist only when this module runs compiled (dist/, where the
 * worker's .js sits beside it); from TypeScript sources (tests) and with threads = 1 the work runs in the
 * calling thread. Either way the code is the same: one function per separator (maskSegment,
 * learnedSegment) that the worker entry calls too.
 */
export interface MaskJob {
  segment: Float32Array[];
  sampleRate: number;
  nFft: number;
  hop: number;
  options: VocalMaskOptions;
}

/** Threads used when the caller does not say: the machine's cores, at most 2 (each holds a segment and a heap: memory). */
export function defaultWorkerThreads(): number {
  return Math.max(1, Math.min(2, os.availableParallelism?.() ?? os.cpus().length));
}

/**
 * A pool of workers running one entry file; each takes one `{ id, job }` at a time and answers
 * `{ id, out }` (segments, transferred) or `{ id, error }`. Idle workers never keep the process alive.
 */
export class WorkerPool<Job> {
  private readonly workers: WorkerType[] = [];
  private readonly idle: WorkerType[] = [];
  private readonly queue: (() => void)[] = [];
  private readonly pending = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private usable?: boolean;

  constructor(private readonly file: string) {}

  /** Whether workers can run here (compiled code with the entry file beside it); looked up once. */
  available(): boolean {
    this.usable ??= __filename.endsWith('.js') && fs.existsSync(this.file);
    return this.usable;
  }

  /** Starts `threads` workers now (they boot while the caller decodes the song). */
  start(threads: number): void {
    const { Worker } = require('node:worker_threads') as typeof import('worker_threads');
    while (this.workers.length < threads) {
      const w = new Worker(this.file);
      w.on('message', (m: { id: number; out?: Float32Array[]; error?: string }) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        w.unref(); // idle again: an idle pool never keeps the process alive
        if (p) m.error ? p.reject(new Error(m.error)) : p.resolve(m.out!);
        this.idle.push(w);
        this.queue.shift()?.();
      });
      w.on('error', (e) => {
        for (const [id, p] of this.pending) {
          this.pending.delete(id);
          p.reject(e);
        }
      });
      w.unref(); // after the listeners (adding one refs the port again)
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  /** Runs `job` on the next idle worker (starting up to `threads`); `transfer` moves the job's buffers. */
  async run(job: Job, transfer: ArrayBuffer[], threads: number): Promise<Float32Array[]> {
    this.start(threads);
    while (this.idle.length === 0) await new Promise<void>((r) => this.queue.push(r));
    const w = this.idle.pop()!;
    const id = this.nextId++;
    return new Promise<Float32Array[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.ref(); // busy: keep the process alive until the segment comes back
      w.postMessage({ id, job }, transfer);
    });
  }
}

/**
 * The worker side of the pool: answers each `{ id, job }` with `{ id, out }` (its buffers transferred) or
 * `{ id, error }`. Every worker entry file is one call of this.
 */
export function serveJobs<Job>(run: (job: Job) => Float32Array[] | Promise<Float32Array[]>): void {
  const { parentPort } = require('node:worker_threads') as typeof import('worker_threads');
  parentPort?.on('message', async ({ id, job }: { id: number; job: Job }) => {
    try {
      const out = await run(job);
      parentPort!.postMessage(
        { id, out },
        out.map((o) => o.buffer as ArrayBuffer),
      );
    } catch (e) {
      parentPort!.postMessage({ id, error: String((e as Error)?.message ?? e) });
    }
  });
}

const maskPool = new WorkerPool<MaskJob>(path.join(__dirname, 'mask-worker.js'));

/** Starts the built-in separator's workers now; a no-op without workers. */
export function startWorkers(threads: number): void {
  if (threads > 1 && maskPool.available()) maskPool.start(threads);
}

/** Vocal estimate of one segment, on a worker when `threads` > 1 and workers exist. */
export async function runMaskJob(job: MaskJob, threads: number): Promise<Float32Array[]> {
  if (threads <= 1 || !maskPool.available()) return maskSegment(job.segment, job.sampleRate, job.nFft, job.hop, job.options);
  return maskPool.run(
    job,
    job.segment.map((s) => s.buffer as ArrayBuffer),
    threads,
  );
}
