import type { InferenceSession } from 'onnxruntime-node';
import { createInferenceSession } from '../runtime';
import { learnedSegment } from './learned-segment';
import { serveJobs } from './worker-pool';

/** A learned-separator segment job: the graph's file, the segment (44.1 kHz) and the samples it keeps. */
export interface LearnedJob {
  file: string;
  segment: Float32Array[];
  keep: [number, number];
}

/**
 * Worker-thread entry of the learned separator (worker-pool.ts): its own CPU session per graph, one ONNX
 * Runtime thread (the pool gives each core a worker), one segment per message.
 */
const sessions = new Map<string, Promise<InferenceSession>>();
serveJobs<LearnedJob>(async (job) => {
  let s = sessions.get(job.file);
  if (!s) sessions.set(job.file, (s = createInferenceSession(job.file, { device: 'cpu', threads: 1 }).then((l) => l.session)));
  return learnedSegment(await s, job.segment, job.keep);
});
