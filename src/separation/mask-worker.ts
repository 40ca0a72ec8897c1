import { maskSegment } from './mask-segment';
import { type MaskJob, serveJobs } from './worker-pool';

/** Worker-thread entry of worker-pool.ts: one built-in-separator segment per message. */
serveJobs<MaskJob>((job) => maskSegment(job.segment, job.sampleRate, job.nFft, job.hop, job.options));
