/**
 * A corpus worker process (forked by synth-corpus.ts): makes the songs it is sent, one at a time,
 * answers each with its manifest entry, and exits when the parent closes the channel.
 */
import { type WorkerJob, runJob } from './synth-corpus';

if (!process.send) throw new Error('corpus-worker must be started by synthCorpus (it needs an IPC channel)');
process.on('message', (job: WorkerJob) => {
  process.send!(runJob(job));
});
process.on('disconnect', () => process.exit(0));
