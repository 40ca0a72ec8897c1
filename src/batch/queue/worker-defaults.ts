import type { Defaults } from '../../runtime';
import type { RunWorkerOptions } from './worker';

/** A worker's defaults, apart from worker.ts so that reading them does not load the Redis client (type imports only). */
export const WORKER_DEFAULTS: Defaults<Pick<RunWorkerOptions, 'concurrency' | 'stalledSeconds'>> = Object.freeze({
  concurrency: 1,
  stalledSeconds: 30,
});
