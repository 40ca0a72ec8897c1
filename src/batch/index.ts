/** Many songs → tracks, clips and videos: the local batch runner and the Redis queue's enqueue/worker/follow. */
export { type BatchItem, batchItems } from './batch-items';
export { type AnimateFn, BATCH_FORMATS, BatchFormat, type BatchOptions, type BatchReport, batch, batchExitCode } from './batch';
export type { EnqueueOptions, EnqueuedBatch } from './queue/enqueue';
export type { FollowOptions } from './queue/follow';
export { ENQUEUE_DEFAULTS, type QueueAnimateOptions } from './queue/queue-job';
export { DEFAULT_QUEUE_NAME, checkRedisUrl, showRedisUrl } from './queue/redis-url';
export type { RunWorkerOptions, WorkerSummary } from './queue/worker';
export { WORKER_DEFAULTS } from './queue/worker-defaults';

// The Redis queue (BullMQ) loads on first call, so a local batch, or a program that only animates,
// never loads its client.
export const enqueueBatch: typeof import('./queue/enqueue').enqueueBatch = (items, options) =>
  require('./queue/enqueue').enqueueBatch(items, options);
export const followBatch: typeof import('./queue/follow').followBatch = (batch, options) =>
  require('./queue/follow').followBatch(batch, options);
export const runWorker: typeof import('./queue/worker').runWorker = (options) => require('./queue/worker').runWorker(options);
