import { parentPort } from 'node:worker_threads';
import type { InferenceSession } from 'onnxruntime-node';
import { createInferenceSession } from '../runtime';
import { learnedSegment } from './learned-segment';

/** A learned-separator segment job: the graph's file and the segment (44.1 kHz). */
export interface LearnedJob {
  file: string;
  segment: Float32Array[];
}

/**
 * Worker-thread entry of the learned separator (worker-pool.ts): its own CPU session per graph, one ONNX
 * Runtime thread (the pool gives each core a worker), one segment per message.
 */
const sessions = new Map<string, Promise<InferenceSession>>();
parentPort?.on('message', async ({ id, job }: { id: number; job: LearnedJob }) => {
  try {
    let s = sessions.get(job.file);
    if (!s) sessions.set(job.file, (s = createInferenceSession(job.file, { device: 'cpu', threads: 1 }).then((l) => l.session)));
    const out = await learnedSegment(await s, job.segment);
    parentPort!.postMessage(
      { id, out },
      out.map((o) => o.buffer as ArrayBuffer),
    );
  } catch (e) {
    parentPort!.postMessage({ id, error: String((e as Error)?.message ?? e) });
  }
});
