import * as os from 'node:os';
import * as path from 'node:path';
import { type Job, WaitingError, Worker } from 'bullmq';
import { loadRig, type Rig } from '../../retarget';
import { type Device, type ProgressCallback, type ProgressEvent, InvalidOptionError } from '../../runtime';
import { type BatchOptions, type ItemReport, defaultAnimate } from '../batch';
import { type RendererSlot, closeSlot, pendingItemReport, runBatchItem } from '../batch-item';
import { MADE_WITH_FILE, MadeWith } from '../made-with';
import type { QueueJobData } from './queue-job';
import { checkRedis } from './check-redis';
import { DEFAULT_QUEUE_NAME, connectionFor, showRedisUrl } from './redis-url';
import { WORKER_DEFAULTS } from './worker-defaults';

export interface RunWorkerOptions {
  /** Redis: `redis://HOST:PORT[/DB]`. */
  queue: string;
  queueName?: string;
  /** Songs this worker does at once (default 1). */
  concurrency?: number;
  /** Stops the worker: it takes no new job and hands its running ones back to the queue (no half-written files). */
  signal?: AbortSignal;
  /**
   * How soon a job of a worker that died (SIGKILL, power cut) goes to another worker: the job lock's
   * life and the stall check's period, in seconds (default 30, BullMQ's). Short values need a worker
   * whose event loop is never blocked that long.
   */
  stalledSeconds?: number;
  /** The generator's device on this machine (overrides the batch's --device). */
  device?: Device;
  /** Per job, tagged with the song's name (stages as in the local batch). */
  onProgress?: ProgressCallback;
  /** One line per event worth a log: a job taken, finished, failed, handed back; Redis lost. */
  onLog?: (line: string) => void;
}

export interface WorkerSummary {
  done: number;
  skipped: number;
  /** Tries that failed (a job may be tried again, here or elsewhere). */
  failed: number;
  handedBack: number;
}

/** Progress sent to Redis (and `--follow`) at most this often per job, besides stage changes and ends. */
const PROGRESS_EVERY_MS = 500;

/**
 * Takes batch jobs from the Redis queue and does each with the local batch's own item runner:
 * outputs written whole or not at all, a failure thrown back to BullMQ (which retries it with
 * backoff, then marks it failed with the sentence). Resolves when `signal` stops it.
 * Example: `await runWorker({ queue: 'redis://studio:6379', concurrency: 2, signal })`
 */
export async function runWorker(o: RunWorkerOptions): Promise<WorkerSummary> {
  const concurrency = o.concurrency ?? WORKER_DEFAULTS.concurrency;
  const stalledSeconds = o.stalledSeconds ?? WORKER_DEFAULTS.stalledSeconds;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new InvalidOptionError('concurrency', concurrency, { message: `concurrency must be a whole number ≥ 1 (got ${concurrency})` });
  if (!(stalledSeconds >= 1))
    throw new InvalidOptionError('stalledSeconds', stalledSeconds, { message: `stalledSeconds must be ≥ 1 (got ${stalledSeconds})` });
  await checkRedis(o.queue);
  const log = o.onLog ?? (() => {});
  const host = os.hostname();
  const me = `${host}:${process.pid}`;
  const summary: WorkerSummary = { done: 0, skipped: 0, failed: 0, handedBack: 0 };
  const running = new Set<AbortController>();
  const slots: (RendererSlot & { key?: string; busy?: boolean })[] = [];
  const rigs = new Map<string, Promise<Rig>>();
  let stopping = false;
  // Loaded once per file; a failed load is not kept (the file may be fixed while the worker runs).
  const rigFor = (file: string) => {
    let p = rigs.get(file);
    if (!p)
      rigs.set(
        file,
        (p = loadRig(file).catch((e) => {
          rigs.delete(file);
          return Promise.reject(e);
        })),
      );
    return p;
  };

  const processor = async (job: Job<QueueJobData, ItemReport>, token?: string): Promise<ItemReport> => {
    const d = job.data;
    const name = d.item.name;
    let rig: Rig | undefined;
    try {
      rig = d.rig ? await rigFor(d.rig) : undefined;
    } catch (e) {
      summary.failed++;
      log(`${name}: failed (try ${job.attemptsMade + 1} of ${job.opts.attempts ?? 1}): ${(e as Error).message}`);
      throw e;
    }
    const options: BatchOptions = {
      out: d.out,
      formats: d.formats,
      force: d.force,
      rig,
      render: d.render,
      neuralRenderer: d.neuralRenderer,
      animateOptions: { ...d.animateOptions, ...(o.device ? { device: o.device } : {}) },
    };
    // A browser per concurrent job, reused while the jobs' rig and video options stay the same.
    const key = JSON.stringify([d.rig, d.render, d.neuralRenderer]);
    let slot = slots.find((s) => !s.busy && s.key === key) ?? slots.find((s) => !s.busy);
    if (!slot) slots.push((slot = { renderer: null }));
    slot.busy = true; // before any await: a concurrent job must not pick it too
    if (slot.key !== key) await closeSlot(slot);
    slot.key = key;
    const controller = new AbortController();
    running.add(controller);
    if (stopping) controller.abort(new Error('worker stopping'));
    let sent = { stage: '', at: 0 };
    const onProgress: ProgressCallback = (e: ProgressEvent) => {
      o.onProgress?.({ ...e, item: name });
      const now = Date.now();
      if (e.stage === sent.stage && e.done < e.total && now - sent.at < PROGRESS_EVERY_MS) return;
      sent = { stage: e.stage, at: now };
      job.updateProgress({ stage: e.stage, done: e.done, total: e.total }).catch(() => {}); // progress is best effort (Redis may be restarting)
    };
    const r = pendingItemReport(d.item);
    log(`${name}: started (try ${job.attemptsMade + 1} of ${job.opts.attempts ?? 1})`);
    try {
      await runBatchItem(d.item, r, {
        options,
        formats: d.formats,
        animate: defaultAnimate(options.animateOptions),
        made: new MadeWith(path.join(d.out, MADE_WITH_FILE)),
        slot,
        signal: controller.signal,
        onProgress,
        missingSongNote: ` on worker ${host} (every worker must see the songs at the same path: put them on a shared folder)`,
      });
    } finally {
      running.delete(controller);
      slot.busy = false;
    }
    if (r.status === 'cancelled') {
      // Back to the queue as it was: another worker (or this one, restarted) does it from the start.
      await job.moveToWait(token);
      summary.handedBack++;
      log(`${name}: handed back to the queue (worker stopping)`);
      throw new WaitingError();
    }
    if (r.status === 'failed') {
      summary.failed++;
      const left = (job.opts.attempts ?? 1) - (job.attemptsMade + 1);
      log(
        `${name}: failed (try ${job.attemptsMade + 1} of ${job.opts.attempts ?? 1}${left > 0 ? ', will be tried again' : ''}): ${r.error}`,
      );
      throw new Error(r.error);
    }
    summary[r.status === 'skipped' ? 'skipped' : 'done']++;
    log(`${name}: ${r.status === 'skipped' ? 'already done' : 'done'} (${r.seconds.toFixed(1)} s)`);
    return r;
  };

  const worker = new Worker<QueueJobData, ItemReport>(o.queueName ?? DEFAULT_QUEUE_NAME, processor, {
    connection: connectionFor(o.queue),
    concurrency,
    name: me,
    lockDuration: stalledSeconds * 1000,
    stalledInterval: stalledSeconds * 1000,
    autorun: false,
  });
  let lastTrouble = 0;
  worker.on('error', (e) => {
    // Connection trouble repeats every retry while Redis is away: one line per 10 s is enough.
    if (Date.now() - lastTrouble < 10_000) return;
    lastTrouble = Date.now();
    log(`Redis at ${showRedisUrl(o.queue)}: ${String(e?.message ?? e).split('\n')[0]} (retrying)`);
  });
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      stopping = true;
      for (const c of running) c.abort(new Error('worker stopping'));
      resolve();
    };
    if (o.signal?.aborted) stop();
    else o.signal?.addEventListener('abort', stop, { once: true });
  });
  // The pipeline's modules load now, not inside the first job, where a long synchronous load would hold
  // up the job lock's renewal (and another worker would take the job as stalled).
  require('../../animate');
  log(`worker ${me} on queue "${o.queueName ?? DEFAULT_QUEUE_NAME}" at ${showRedisUrl(o.queue)}: taking jobs, ${concurrency} at a time`);
  worker.run().catch((e) => log(`worker: ${String(e?.message ?? e)}`));
  await stopped;
  await worker.close();
  for (const s of slots) await closeSlot(s);
  return summary;
}
