import { parseArgs } from 'node:util';
import { DEFAULT_QUEUE_NAME, checkRedisUrl, WORKER_DEFAULTS, runWorker } from '../../batch';
import { DEVICES, type Device } from '../../runtime';
import type { Command } from '../command';

const usage = `Usage: musicface worker --queue redis://HOST:PORT[/DB] [options]

Takes the songs \`musicface batch --queue\` put on a Redis queue and does them, exactly as the local
batch does one song: the track, every output written whole or not at all. Run one (or more) on each
machine; they need Node, this package, and the shared folder at the same path as the machine that
enqueued. A failing song is tried again (--attempts of the batch, with a growing wait), then marked
failed with its error. A worker that dies mid-song: another takes the song after --stalled-after
seconds. Redis restarting: the workers reconnect and go on (turn Redis persistence on, see README).
One line per song taken, finished or failed goes to stderr.

Options:
      --queue URL          the Redis the batch was queued on
      --concurrency N      songs at once (default ${WORKER_DEFAULTS.concurrency}; each video render uses about one core)
      --queue-name NAME    queue name (default ${DEFAULT_QUEUE_NAME})
      --stalled-after S    seconds before a dead worker's song goes to another (default ${WORKER_DEFAULTS.stalledSeconds})
      --device DEVICE      the generator's device on this machine (${DEVICES.join(', ')}; default: the batch's)
  -q, --quiet              no log lines
  -h, --help               this text

Stop it with Ctrl-C or SIGTERM: it takes no new song and hands the running ones back to the queue
(nothing half-written stays), then exits 0. Exit 1 when Redis cannot be reached at the start.

Example:
  musicface worker --queue redis://studio:6379 --concurrency 2
`;

const command: Command = {
  summary: 'take batch songs from a Redis queue (batch --queue) and do them',
  usage,
  cancellable: true,
  async run(args, signal) {
    let values: Record<string, string | boolean | undefined>;
    try {
      ({ values } = parseArgs({
        args,
        options: {
          queue: { type: 'string' },
          concurrency: { type: 'string' },
          'queue-name': { type: 'string' },
          'stalled-after': { type: 'string' },
          device: { type: 'string' },
          quiet: { type: 'boolean', short: 'q' },
        },
      }));
    } catch (e) {
      process.stderr.write(`musicface worker: ${(e as Error).message}\n`);
      return 2;
    }
    const usageError = (msg: string) => {
      process.stderr.write(`musicface worker: ${msg}\n`);
      return 2;
    };
    if (typeof values.queue !== 'string') return usageError('missing --queue redis://HOST:PORT');
    try {
      checkRedisUrl(values.queue);
    } catch (e) {
      return usageError((e as Error).message);
    }
    const concurrency = values.concurrency === undefined ? WORKER_DEFAULTS.concurrency : Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1)
      return usageError(`--concurrency must be a whole number ≥ 1, got ${values.concurrency}`);
    const stalled = values['stalled-after'] === undefined ? WORKER_DEFAULTS.stalledSeconds : Number(values['stalled-after']);
    if (!(stalled >= 1)) return usageError(`--stalled-after must be a number of seconds ≥ 1, got ${values['stalled-after']}`);
    const device = values.device as Device | undefined;
    if (device !== undefined && !DEVICES.includes(device))
      return usageError(`--device must be one of ${DEVICES.join(', ')}, got ${device}`);
    const log = values.quiet ? undefined : (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
    const s = await runWorker({
      queue: values.queue,
      queueName: typeof values['queue-name'] === 'string' ? values['queue-name'] : undefined,
      concurrency,
      stalledSeconds: stalled,
      device,
      signal,
      onLog: log,
    });
    log?.(`stopped: ${s.done} done, ${s.skipped} already done, ${s.failed} failed tries, ${s.handedBack} handed back`);
    return 0;
  },
};
export default command;
