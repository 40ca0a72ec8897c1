import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Queue } from 'bullmq';
import { loadRig } from '../../retarget';
import { checkOutputs, InvalidOptionError } from '../../runtime';
import { type BatchOptions, type ItemReport, checkBatchOptions } from '../batch';
import type { BatchItem } from '../batch-items';
import { missingFormats, pendingItemReport } from '../batch-item';
import { MADE_WITH_FILE, MadeWith } from '../made-with';
import { type BatchFormat, outputPath } from '../output-path';
import { ENQUEUE_DEFAULTS, type QueueBatchSettings, type QueueJobData, absoluteAnimateOptions } from './queue-job';
import { checkRedis } from './check-redis';
import { DEFAULT_QUEUE_NAME, connectionFor } from './redis-url';

export interface EnqueueOptions extends QueueBatchSettings {
  /** Redis: `redis://HOST:PORT[/DB]`. */
  queue: string;
  /** Queue name (default "musicface"); workers take jobs from the queue of this name. */
  queueName?: string;
  /** Tries per song before it is marked failed (default 3), waiting `backoffSeconds` · 2^(try−1) between. */
  attempts?: number;
  backoffSeconds?: number;
  /** The report `followBatch` writes (default `<out>/batch-report.json`); checked here with the outputs. */
  report?: string | false;
}

/** Finished jobs stay in Redis this long (for `followBatch`), then go. */
const KEEP_FINISHED_SECONDS = 7 * 24 * 3600;

/** What `enqueueBatch` did; `followBatch` takes it. */
export interface EnqueuedBatch {
  queue: string;
  queueName: string;
  /** This enqueue's id; its jobs are `<batch>-<index>`. */
  batch: string;
  started: string;
  out: string;
  formats: BatchFormat[];
  report: string | null;
  /** One per item: its job id, or null when it was finished already (then `skipped` holds its report). */
  jobIds: (string | null)[];
  items: ItemReport[];
  added: number;
  skipped: number;
}

/**
 * Puts one job per song on a Redis queue instead of running them: `musicface worker` processes on any
 * machine take them. Songs whose outputs are finished with the same options are skipped, as the local
 * batch does. Songs, outputs, rig and models must be at the same paths on every worker (a shared folder).
 * Example: `const b = await enqueueBatch(batchItems('/mnt/share/songs'), { queue: 'redis://studio:6379', out: '/mnt/share/out', formats: ['glb', 'mp4'] })`
 */
export async function enqueueBatch(items: BatchItem[], o: EnqueueOptions): Promise<EnqueuedBatch> {
  const attempts = o.attempts ?? ENQUEUE_DEFAULTS.attempts;
  const backoffSeconds = o.backoffSeconds ?? ENQUEUE_DEFAULTS.backoffSeconds;
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new InvalidOptionError('attempts', attempts, { message: `attempts must be a whole number ≥ 1 (got ${attempts})` });
  if (!(backoffSeconds >= 0))
    throw new InvalidOptionError('backoffSeconds', backoffSeconds, { message: `backoffSeconds must be ≥ 0 (got ${backoffSeconds})` });
  const rigFile = o.rig ? path.resolve(o.rig) : undefined;
  const rig = rigFile ? await loadRig(rigFile) : undefined;
  const formats = checkBatchOptions({ formats: o.formats, rig });
  const out = path.resolve(o.out);
  const abs = items.map((it) => ({ ...it, song: path.resolve(it.song) }));
  const report = o.report === false ? null : path.resolve(o.report ?? path.join(out, 'batch-report.json'));
  checkOutputs(
    [...abs.flatMap((it) => formats.map((f) => outputPath(out, it, f))), ...(report ? [report] : [])],
    [...abs.map((it) => it.song), rigFile],
  );
  const animateOptions = absoluteAnimateOptions(o.animateOptions);
  const neuralRenderer = o.neuralRenderer ? path.resolve(o.neuralRenderer) : undefined;
  // The options the worker will run with: the same made-with record decides what is finished.
  const options: BatchOptions = { out, formats, force: o.force, rig, render: o.render, neuralRenderer, animateOptions };
  await checkRedis(o.queue);
  fs.mkdirSync(out, { recursive: true });
  const made = new MadeWith(path.join(out, MADE_WITH_FILE));
  const batch = `${Date.now().toString(36)}${crypto.randomBytes(3).toString('hex')}`;
  const reports = abs.map(pendingItemReport);
  const jobIds: (string | null)[] = [];
  const jobs: { name: string; data: QueueJobData; opts: object }[] = [];
  abs.forEach((item, index) => {
    if (!missingFormats(options, item, formats, made).length) {
      reports[index].status = 'skipped';
      for (const f of formats) reports[index].outputs[f] = outputPath(out, item, f);
      jobIds.push(null);
      return;
    }
    const jobId = `${batch}-${index}`;
    jobIds.push(jobId);
    const data: QueueJobData = {
      batch,
      index,
      item,
      out,
      formats,
      ...(o.force ? { force: true } : {}),
      ...(rigFile ? { rig: rigFile } : {}),
      ...(o.render ? { render: o.render } : {}),
      ...(neuralRenderer ? { neuralRenderer } : {}),
      animateOptions,
    };
    jobs.push({
      name: item.name,
      data,
      opts: {
        jobId,
        attempts,
        backoff: { type: 'exponential', delay: Math.round(backoffSeconds * 1000) },
        removeOnComplete: { age: KEEP_FINISHED_SECONDS },
        removeOnFail: { age: KEEP_FINISHED_SECONDS },
      },
    });
  });
  const queueName = o.queueName ?? DEFAULT_QUEUE_NAME;
  if (jobs.length) {
    const queue = new Queue(queueName, { connection: connectionFor(o.queue) });
    try {
      for (let i = 0; i < jobs.length; i += 500) await queue.addBulk(jobs.slice(i, i + 500));
    } finally {
      await queue.close();
    }
  }
  return {
    queue: o.queue,
    queueName,
    batch,
    started: new Date().toISOString(),
    out,
    formats,
    report,
    jobIds,
    items: reports,
    added: jobs.length,
    skipped: abs.length - jobs.length,
  };
}
