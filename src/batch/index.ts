/** Many songs → tracks, clips and videos: the local batch runner and the Redis queue's enqueue/worker/follow. */
export { type BatchItem, batchItems } from './batch-items';
export { type AnimateFn, BATCH_FORMATS, BatchFormat, type BatchOptions, type BatchReport, batch, batchExitCode } from './batch';
export { type EnqueueOptions, type EnqueuedBatch } from './queue/enqueue';
export { type FollowOptions } from './queue/follow';
export { ENQUEUE_DEFAULTS, type QueueAnimateOptions } from './queue/queue-job';
export { DEFAULT_QUEUE_NAME, checkRedisUrl, showRedisUrl } from './queue/redis-url';
export { type RunWorkerOptions, WORKER_DEFAULTS, type WorkerSummary, runWorker } from './queue/worker';
