import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  BATCH_FORMATS,
  type BatchFormat,
  type BatchReport,
  batch,
  batchExitCode,
  batchItems,
  type EnqueueOptions,
  ENQUEUE_DEFAULTS,
  type QueueAnimateOptions,
  DEFAULT_QUEUE_NAME,
  checkRedisUrl,
  showRedisUrl,
  enqueueBatch,
  followBatch,
} from '../../batch';
import type { GlBackend } from '../../render';
import { loadRig } from '../../retarget';
import type { ProgressCallback } from '../../runtime';
import type { Command } from '../command';
import { formatBar } from '../progress-bar';
import { ANIMATE_ARGS, animateOptionsFrom, positiveNumber } from '../animate-options';

const usage = `Usage: musicface batch <FOLDER | MANIFEST.json> --out DIR [options]

Animates (and renders) many songs: every audio file of FOLDER, or the songs a manifest lists
({"items": ["a.mp3", {"song": "b.flac", "name": "b2", "style": "…", "seed": 3}]}).
Each song gets DIR/<name>.<format>. Rerunning skips what is finished with the same options and
redoes the rest (DIR/.musicface-batch.json records the options that made each output); a song
that fails is reported and the others go on. DIR/batch-report.json says what happened to each.

Options:
      --out DIR            output folder (made if missing)
      --formats LIST       any of ${BATCH_FORMATS.join(',')} (default json,glb)
      --jobs N             songs at once (default 1; each video render uses about one core)
      --force              redo outputs that exist
      --report FILE        where to write the report (default DIR/batch-report.json)
      --rig FILE           your rig for glb/anim/mp4 (default: the built-in head)
      --size PX  --fps N  --gl auto|llvmpipe|swiftshader   video options (see musicface render)
      --renderer FILE      MP4s of a real person: a neural renderer (see musicface render --renderer)
      --style NAME  --seed N  --blinks human|paper|G  --separator SPEC  --model NAME|PATH  --device DEVICE  --strict
      --emotion NAME  --intensity X  --direction FILE  --lips G  --head G  --brows G  --mouth-only
                           animation options for every song (a manifest item may set style/seed)
  -q, --quiet              no progress bars
  -h, --help               this text

Many machines (a Redis queue; see README "Many machines"):
      --queue redis://HOST:PORT[/DB]
                           put one job per song on the queue instead of running them; \`musicface
                           worker\` processes take them. Prints the queue and how many were added
                           (songs finished with the same options are skipped). Songs, --out, --rig,
                           --renderer and model files must be at the same path on every worker.
      --follow             then show the progress from the queue until every song is finished, and
                           write the report and exit as a local batch does (Ctrl-C stops following;
                           the jobs stay queued)
      --queue-name NAME    queue name (default ${DEFAULT_QUEUE_NAME}; workers must use the same)
      --attempts N         tries per song before it is marked failed (default ${ENQUEUE_DEFAULTS.attempts})
      --retry-after S      seconds before the second try, doubling after each (default ${ENQUEUE_DEFAULTS.backoffSeconds})

Exit code: 0 when every song finished (or was already done), 1 when some failed, 130 when cancelled
(Ctrl-C; 143 for SIGTERM, 129 for SIGHUP: running songs stop, nothing half-written stays, the report
says what finished), 2 for bad arguments. --queue without --follow: 0 once the jobs are queued; 1 when
Redis cannot be reached (one line, within seconds).

Examples:
  musicface batch songs/ --out out/ --formats glb,mp4,json --jobs 2
  musicface batch /mnt/share/songs --out /mnt/share/out --formats glb,mp4 --queue redis://studio:6379 --follow
`;

/**
 * Bars for a batch on a terminal: one per song being worked on (its current stage) and one overall,
 * redrawn in place. Nothing is drawn when stderr is not a terminal.
 */
export function batchBars(stream: NodeJS.WriteStream = process.stderr): { onProgress: ProgressCallback; done(): void } {
  if (!stream.isTTY) return { onProgress: () => {}, done: () => {} };
  const active = new Map<string, { stage: string; done: number; total: number }>();
  let overall = { done: 0, total: 0 };
  let drawn = 0;
  let last = 0;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - last < 100) return;
    last = now;
    const cols = stream.columns ?? 80;
    const lines = [...active].map(([item, s]) => formatBar(`${item} ${s.stage}`, s.done, s.total, cols));
    lines.push(formatBar(`all songs ${overall.done}/${overall.total}`, overall.done, overall.total, cols));
    let text = drawn ? `\x1b[${drawn}A` : '';
    for (const l of lines) text += `\r\x1b[2K${l}\n`;
    for (let i = lines.length; i < drawn; i++) text += '\r\x1b[2K\n';
    if (drawn > lines.length) text += `\x1b[${drawn - lines.length}A`;
    stream.write(text);
    drawn = lines.length;
  };
  return {
    onProgress: (e) => {
      if (!e.item) overall = { done: e.done, total: e.total };
      else if (e.stage === 'item' && e.done >= e.total) active.delete(e.item);
      else active.set(e.item, { stage: e.stage, done: e.done, total: e.total });
      draw(!e.item);
    },
    done: () => draw(true),
  };
}

function summary(report: BatchReport, reportFile: string | null): string {
  const s = report.summary;
  const lines = [
    `${s.done} done, ${s.skipped} already done, ${s.failed} failed` +
      (report.cancelled ? `, ${s.cancelled} cancelled, ${s.pending} not started` : '') +
      ` (${report.seconds.toFixed(1)} s)` +
      (reportFile ? `; report: ${reportFile}` : ''),
  ];
  for (const r of report.items) if (r.status === 'failed') lines.push(`failed: ${r.name}: ${r.error}`);
  for (const r of report.items) for (const w of r.warnings ?? []) lines.push(`warning: ${r.name}: ${w}`);
  return lines.join('\n') + '\n';
}

/** `batch --queue`: enqueue, and with --follow watch the queue until every song is finished. */
async function queued(
  input: string,
  options: EnqueueOptions,
  how: { follow: boolean; quiet: boolean; signal?: AbortSignal },
): Promise<number> {
  const items = batchItems(input);
  const b = await enqueueBatch(items, options);
  process.stdout.write(
    `queue "${b.queueName}" at ${showRedisUrl(b.queue)}: ${b.added} song${b.added === 1 ? '' : 's'} added (batch ${b.batch}), ${b.skipped} already done\n`,
  );
  if (!how.follow) return 0;
  const bars = how.quiet ? { onProgress: undefined, done: () => {} } : batchBars();
  let report: BatchReport;
  try {
    report = await followBatch(b, { signal: how.signal, onProgress: bars.onProgress });
  } finally {
    bars.done();
  }
  process.stderr.write(summary(report, b.report && fs.existsSync(b.report) ? b.report : null));
  return batchExitCode(report);
}

const command: Command = {
  summary: 'many songs → tracks, clips and videos (resumable, with a report)',
  usage,
  cancellable: true,
  async run(args, signal) {
    let values: Record<string, string | boolean | undefined>;
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: {
          out: { type: 'string' },
          formats: { type: 'string' },
          jobs: { type: 'string' },
          force: { type: 'boolean' },
          report: { type: 'string' },
          rig: { type: 'string' },
          size: { type: 'string' },
          fps: { type: 'string' },
          gl: { type: 'string' },
          renderer: { type: 'string' },
          queue: { type: 'string' },
          follow: { type: 'boolean' },
          'queue-name': { type: 'string' },
          attempts: { type: 'string' },
          'retry-after': { type: 'string' },
          ...ANIMATE_ARGS,
        },
      }));
    } catch (e) {
      process.stderr.write(`musicface batch: ${(e as Error).message}\n`);
      return 2;
    }
    const usageError = (msg: string) => {
      process.stderr.write(`musicface batch: ${msg}\n`);
      return 2;
    };
    if (positionals.length !== 1) return usageError(`expected one FOLDER or MANIFEST.json, got ${positionals.length} (see --help)`);
    if (typeof values.out !== 'string') return usageError('missing --out DIR');
    const formats = String(values.formats ?? 'json,glb')
      .split(',')
      .map((f) => f.trim().replace(/^\./, ''))
      .filter(Boolean) as BatchFormat[];
    const unknown = formats.filter((f) => !BATCH_FORMATS.includes(f));
    if (unknown.length || !formats.length) return usageError(`--formats: unknown "${unknown.join(',')}"; use ${BATCH_FORMATS.join(',')}`);
    const jobs = values.jobs === undefined ? 1 : Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) return usageError(`--jobs must be a whole number ≥ 1, got ${values.jobs}`);
    let size: number | undefined, fps: number | undefined, animateOptions: ReturnType<typeof animateOptionsFrom>;
    try {
      size = positiveNumber(values, 'size');
      fps = positiveNumber(values, 'fps');
      animateOptions = animateOptionsFrom(values);
    } catch (e) {
      return usageError((e as Error).message);
    }
    const gl = (values.gl ?? 'auto') as GlBackend;
    if (!['auto', 'llvmpipe', 'swiftshader'].includes(gl))
      return usageError(`--gl must be auto, llvmpipe or swiftshader, got ${values.gl}`);

    if (typeof values.renderer === 'string' && !fs.existsSync(values.renderer)) return usageError(`${values.renderer}: no such file`);
    const queue = typeof values.queue === 'string' ? values.queue : undefined;
    if (queue === undefined) {
      for (const k of ['follow', 'queue-name', 'attempts', 'retry-after'])
        if (values[k] !== undefined) return usageError(`--${k} needs --queue redis://HOST:PORT`);
    } else {
      if (values.jobs !== undefined) return usageError('--jobs is for the local batch; with --queue, start workers with --concurrency');
      try {
        checkRedisUrl(queue);
      } catch (e) {
        return usageError((e as Error).message);
      }
      const attempts = values.attempts === undefined ? undefined : Number(values.attempts);
      if (attempts !== undefined && !(Number.isInteger(attempts) && attempts >= 1))
        return usageError(`--attempts must be a whole number ≥ 1, got ${values.attempts}`);
      const retryAfter = values['retry-after'] === undefined ? undefined : Number(values['retry-after']);
      if (retryAfter !== undefined && !(retryAfter >= 0))
        return usageError(`--retry-after must be a number of seconds ≥ 0, got ${values['retry-after']}`);
      const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
      const enqueue: EnqueueOptions = {
        queue,
        queueName: str('queue-name'),
        out: values.out,
        formats,
        force: !!values.force,
        report: str('report'),
        rig: str('rig'),
        render: { ...(size !== undefined ? { size } : {}), ...(fps !== undefined ? { fps } : {}), gl },
        neuralRenderer: str('renderer'),
        animateOptions: animateOptions as QueueAnimateOptions, // from flags: the model is a name or a path
        attempts,
        backoffSeconds: retryAfter,
      };
      return queued(positionals[0], enqueue, { follow: !!values.follow, quiet: !!values.quiet, signal });
    }
    const items = batchItems(positionals[0]);
    const rig = typeof values.rig === 'string' ? await loadRig(values.rig) : undefined;
    const out = values.out;
    const reportFile = typeof values.report === 'string' ? values.report : path.join(out, 'batch-report.json');
    const bars = values.quiet ? { onProgress: undefined, done: () => {} } : batchBars();
    let report: BatchReport;
    try {
      report = await batch(items, {
        out,
        formats,
        jobs,
        force: !!values.force,
        report: reportFile,
        rig,
        // Only the flags given: an undefined size would override the renderer's default.
        render: { ...(size !== undefined ? { size } : {}), ...(fps !== undefined ? { fps } : {}), gl },
        neuralRenderer: typeof values.renderer === 'string' ? values.renderer : undefined,
        animateOptions,
        signal,
        onProgress: bars.onProgress,
      });
    } finally {
      bars.done();
    }
    process.stderr.write(summary(report, fs.existsSync(reportFile) ? reportFile : null));
    return batchExitCode(report);
  },
};
export default command;
