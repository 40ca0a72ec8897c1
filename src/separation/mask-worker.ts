import { parentPort } from 'node:worker_threads';
import { maskSegment } from './mask-segment';
import type { MaskJob } from './worker-pool';

/** Worker-thread entry of worker-pool.ts: one built-in-separator segment per message. */
parentPort?.on('message', ({ id, job }: { id: number; job: MaskJob }) => {
  try {
    const out = maskSegment(job.segment, job.sampleRate, job.nFft, job.hop, job.options);
    parentPort!.postMessage(
      { id, out },
      out.map((o) => o.buffer as ArrayBuffer),
    );
  } catch (e) {
    parentPort!.postMessage({ id, error: String((e as Error)?.message ?? e) });
  }
});
