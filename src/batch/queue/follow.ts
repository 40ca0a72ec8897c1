import { Job, Queue, QueueEvents } from 'bullmq';
import { writeFileAtomic, type ProgressCallback, noProgress } from '../../runtime';
import { type BatchReport, type ItemReport, summarise } from '../batch';
import type { EnqueuedBatch } from './enqueue';
import { connectionFor } from './redis-url';

export interface FollowOptions {
  /** Stops following (the jobs stay queued); the report marks the batch cancelled. */
  signal?: AbortSignal;
  /** Per song (from the workers' progress) and overall (stage "batch"), as the local batch reports them. */
  onProgress?: ProgressCallback;
}

/** How often the queue is asked for every unfinished job, besides its events (which a Redis restart may cut). */
const RECONCILE_MS = 3000;

/**
 * Watches the jobs of an enqueued batch until every one has finished (done, already done, or failed
 * after its last try), then returns — and writes — the same report the local batch writes. Its
 * `jobs` field is the number of workers that took part.
 * Example: `const report = await followBatch(await enqueueBatch(items, options), { onProgress })`
 */
export async function followBatch(b: EnqueuedBatch, o: FollowOptions = {}): Promise<BatchReport> {
  const onProgress = o.onProgress ?? noProgress;
  const t0 = Date.parse(b.started);
  const report: BatchReport = {
    out: b.out,
    formats: b.formats,
    jobs: 0,
    started: b.started,
    finished: null,
    seconds: 0,
    summary: { total: b.items.length, done: 0, skipped: 0, failed: 0, cancelled: 0, pending: 0 },
    cancelled: false,
    items: b.items.map((r) => ({ ...r, outputs: { ...r.outputs }, timings: { ...r.timings } })),
  };
  const index = new Map<string, number>();
  b.jobIds.forEach((id, i) => id && index.set(id, i));
  const open = new Set(index.keys());
  const workers = new Set<string>();
  const save = () => {
    summarise(report, t0);
    report.jobs = workers.size;
    if (b.report) writeFileAtomic(b.report, JSON.stringify(report, null, 2) + '\n');
  };
  const overall = () => onProgress({ stage: 'batch', done: b.items.length - open.size, total: b.items.length });

  const connection = connectionFor(b.queue);
  const queue = new Queue(b.queueName, { connection });
  const events = new QueueEvents(b.queueName, { connection });
  queue.on('error', () => {}); // outages: the connections retry by themselves
  events.on('error', () => {});
  let wake: () => void = () => {};
  const settle = (id: string, job: Job | undefined, state: string) => {
    if (!open.has(id)) return;
    const i = index.get(id)!;
    const r = report.items[i];
    if (state === 'completed' && job) {
      const result = job.returnvalue as ItemReport;
      // "Already done" from a worker means made after the enqueue found it missing (a job run twice,
      // or another batch's job): done in this batch.
      Object.assign(r, result, { name: r.name, song: r.song, status: result.status === 'skipped' ? 'done' : result.status });
    } else if (state === 'failed' && job) {
      Object.assign(r, { status: 'failed', error: job.failedReason || 'failed' });
    } else if (state === 'unknown') {
      Object.assign(r, {
        status: 'failed',
        error: `its job ${id} is gone from the queue (removed, or Redis restarted without persistence)`,
      });
    } else return;
    if (job?.processedBy) workers.add(job.processedBy);
    open.delete(id);
    onProgress({ stage: 'item', done: 1, total: 1, item: r.name });
    save();
    overall();
    if (!open.size) wake();
  };
  const check = async (id: string) => {
    const state = await queue.getJobState(id);
    if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return;
    settle(id, state === 'unknown' ? undefined : await Job.fromId(queue, id), state);
  };
  const reconcile = async () => {
    const ids = [...open];
    for (let i = 0; i < ids.length; i += 200) await Promise.all(ids.slice(i, i + 200).map(check));
  };

  events.on('progress', ({ jobId, data }) => {
    const i = index.get(jobId);
    const p = data as { stage?: string; done?: number; total?: number };
    if (i === undefined || !open.has(jobId) || typeof p?.stage !== 'string') return;
    onProgress({ stage: p.stage, done: Number(p.done) || 0, total: Number(p.total) || 0, item: report.items[i].name });
  });
  const onFinished = ({ jobId }: { jobId: string }) => {
    if (open.has(jobId)) check(jobId).catch(() => {}); // a lost answer is caught by the next reconcile
  };
  events.on('completed', onFinished);
  events.on('failed', onFinished);

  try {
    await events.waitUntilReady();
    save();
    overall();
    // Jobs that finished before the events were heard count too.
    await reconcile().catch(() => {});
    while (open.size && !o.signal?.aborted) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, RECONCILE_MS);
        const done = () => {
          clearTimeout(timer);
          o.signal?.removeEventListener('abort', done);
          resolve();
        };
        wake = done;
        o.signal?.addEventListener('abort', done, { once: true });
      });
      if (open.size && !o.signal?.aborted) await reconcile().catch(() => {}); // Redis away: try at the next round
    }
  } finally {
    await events.close().catch(() => {});
    await queue.close().catch(() => {});
  }
  report.cancelled = !!o.signal?.aborted && open.size > 0;
  report.finished = new Date().toISOString();
  save();
  return report;
}
