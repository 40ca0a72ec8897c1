/** A worker's defaults, apart from worker.ts so that reading them does not load the Redis client. */
export const WORKER_DEFAULTS = { concurrency: 1, stalledSeconds: 30 };
