import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkFormatForRig } from '../../exporters';
import type { AnimateOptions } from '../animate';
import type { RenderVideoOptions } from '../render';
import type { NeuralRenderer } from '../neural';
import type { Rig } from '../retarget';
import {
  sweepStaleParts,
  writeFileAtomic,
  checkOutputs,
  type ProgressCallback,
  noProgress,
  type Defaults,
  InvalidOptionError,
  withDefaults,
} from '../runtime';
import type { FaceTrack } from '../track';
import type { BatchItem } from './batch-items';
import { type RendererSlot, closeSlot, pendingItemReport, runBatchItem } from './batch-item';
import { MADE_WITH_FILE, MadeWith } from './made-with';
import { BATCH_FORMATS, type BatchFormat, outputPath } from './output-path';

export { BATCH_FORMATS, BatchFormat, outputPath } from './output-path';
export { MADE_WITH_FILE, madeWith } from './made-with';

/** Makes a song's track; the default runs `animateSong`. Replace it to batch your own generator. */
export type AnimateFn = (
  item: BatchItem,
  context: { signal: AbortSignal; onProgress: ProgressCallback; onWarning?: (message: string) => void },
) => Promise<FaceTrack>;

export interface BatchOptions {
  /** Output folder: `<out>/<name><ext>` per item and format, and the report. */
  out: string;
  formats: BatchFormat[];
  /** Songs worked on at once. */
  jobs?: number;
  /** Track maker (default: animateSong with `animateOptions` and each item's style/seed). */
  animate?: AnimateFn;
  animateOptions?: Omit<AnimateOptions, 'onProgress' | 'signal' | 'style' | 'seed'> & { style?: string | number; seed?: number };
  /** Rig for glb/anim/mp4 (default: the built-in head). */
  rig?: Rig;
  /** MP4 options (size, fps, gl, …). */
  render?: Pick<RenderVideoOptions, 'size' | 'fps' | 'gl' | 'antialias' | 'executablePath' | 'crf' | 'preset'>;
  /** A person's neural renderer (`NAME.renderer.onnx`, or one already loaded): MP4s show that person instead of the rig. */
  neuralRenderer?: string | NeuralRenderer;
  /** Redo outputs that already exist. */
  force?: boolean;
  /** Report file; default `<out>/batch-report.json`; false: none. */
  report?: string | false;
  signal?: AbortSignal;
  /** Per item (`item` set; stages animate, export, render, item) and overall (stage "batch", no item). */
  onProgress?: ProgressCallback;
}

export const BATCH_DEFAULTS: Defaults<Pick<BatchOptions, 'jobs' | 'force'>> = Object.freeze({ jobs: 1, force: false });

export type ItemStatus = 'done' | 'skipped' | 'failed' | 'cancelled' | 'pending';

export interface ItemReport {
  name: string;
  song: string;
  status: ItemStatus;
  /** Format → file, for every output that exists after the run. */
  outputs: Partial<Record<BatchFormat, string>>;
  /** Seconds per step (animate, or "track" when an existing .json was reused; one per format) and in all. */
  timings: Record<string, number>;
  seconds: number;
  /** One sentence, for failed items. */
  error?: string;
  /** Things about the song the user should know (damaged audio), one sentence each. */
  warnings?: string[];
}

export interface BatchReport {
  out: string;
  formats: BatchFormat[];
  jobs: number;
  started: string;
  finished: string | null;
  seconds: number;
  summary: Record<ItemStatus, number> & { total: number };
  cancelled: boolean;
  items: ItemReport[];
}

export function defaultAnimate(options: BatchOptions['animateOptions']): AnimateFn {
  return async (item, { signal, onProgress, onWarning }) => {
    const { animateSong } = require('../animate') as typeof import('../animate');
    return animateSong(item.song, {
      ...options,
      style: item.style ?? options?.style,
      seed: item.seed ?? options?.seed,
      signal,
      onProgress,
      onWarning,
    });
  };
}

const round = (s: number) => Math.round(s * 1000) / 1000;

/**
 * Runs many songs: each gets a track and every requested output, `jobs` at a time. Finished outputs
 * are skipped on a rerun (every file is written whole or not at all), a failing song is reported and
 * the others go on, and a JSON report says what happened to each. `signal` cancels: running songs
 * stop, nothing half-written stays, and the report marks them.
 * Example: `const report = await batch(batchItems('songs/'), { out: 'out', formats: ['glb', 'mp4'], jobs: 2 })`
 */
export async function batch(items: BatchItem[], options: BatchOptions): Promise<BatchReport> {
  const o = withDefaults(BATCH_DEFAULTS, options);
  const formats = checkBatchOptions(o);
  const reportFile = o.report === false ? null : (o.report ?? path.join(o.out, 'batch-report.json'));
  // An output that is one of the songs (a song named x.json in the out folder, a manifest pointing into it) is refused before any work.
  const songs = items.map((it) => it.song);
  checkOutputs(
    [...items.flatMap((it) => formats.map((f) => outputPath(o.out, it, f))), ...(reportFile ? [reportFile] : [])],
    [...songs, o.rig?.file],
  );
  fs.mkdirSync(o.out, { recursive: true });
  // Temp files an earlier, killed run left for these outputs go now (a finished output is never touched).
  for (const it of items) for (const f of formats) sweepStaleParts(outputPath(o.out, it, f));
  if (reportFile) sweepStaleParts(reportFile);
  const made = new MadeWith(path.join(o.out, MADE_WITH_FILE));
  const onProgress = o.onProgress ?? noProgress;
  const animate = o.animate ?? defaultAnimate(o.animateOptions);
  const controller = new AbortController();
  const onAbort = () => controller.abort(o.signal!.reason);
  o.signal?.addEventListener('abort', onAbort);
  if (o.signal?.aborted) controller.abort(o.signal.reason);

  const t0 = Date.now();
  const report: BatchReport = {
    out: o.out,
    formats,
    jobs: o.jobs,
    started: new Date(t0).toISOString(),
    finished: null,
    seconds: 0,
    summary: { total: items.length, done: 0, skipped: 0, failed: 0, cancelled: 0, pending: items.length },
    cancelled: false,
    items: items.map(pendingItemReport),
  };
  const saveReport = () => {
    summarise(report, t0);
    if (reportFile) writeFileAtomic(reportFile, JSON.stringify(report, null, 2) + '\n');
  };
  let finished = 0;
  const overall = () => onProgress({ stage: 'batch', done: finished, total: items.length });
  overall();

  let next = 0;
  const worker = async () => {
    // One browser per worker, opened at its first video and reused for the next ones.
    const slot: RendererSlot = { renderer: null };
    try {
      while (next < items.length && !controller.signal.aborted) {
        const i = next++;
        const item = items[i];
        const onItem: ProgressCallback = (e) => onProgress({ ...e, item: item.name });
        await runBatchItem(item, report.items[i], {
          options: o,
          formats,
          animate,
          made,
          slot,
          signal: controller.signal,
          onProgress: onItem,
        });
        finished++;
        saveReport();
        overall();
      }
    } finally {
      await closeSlot(slot);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(o.jobs, items.length) }, worker));
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
  report.cancelled = controller.signal.aborted;
  report.finished = new Date().toISOString();
  saveReport();
  return report;
}

/** Counts the items' statuses into `report.summary` and the seconds since `t0` (ms) into `report.seconds`. */
export function summarise(report: BatchReport, t0: number): void {
  const s = report.summary;
  for (const k of ['done', 'skipped', 'failed', 'cancelled', 'pending'] as const) s[k] = report.items.filter((r) => r.status === k).length;
  report.seconds = round((Date.now() - t0) / 1000);
}

/** Process exit code for a report: 0 all done or skipped, 1 some failed, 130 cancelled. */
export function batchExitCode(report: BatchReport): number {
  if (report.cancelled) return 130;
  return report.summary.failed > 0 ? 1 : 0;
}

/**
 * Checks a batch's formats, jobs and rig before any work (the queue checks the same at enqueue);
 * returns the formats in output order: cheap files first, the video last, so a failure in rendering
 * keeps the finished exports.
 */
export function checkBatchOptions(o: Pick<BatchOptions, 'formats' | 'jobs' | 'rig'>): BatchFormat[] {
  const formats = [...new Set(o.formats)];
  if (!formats.length) throw new InvalidOptionError('formats', formats, { message: 'no output formats given' });
  for (const f of formats)
    if (!BATCH_FORMATS.includes(f))
      throw new InvalidOptionError('formats', f, { message: `unknown output format "${f}"; use ${BATCH_FORMATS.join(', ')}` });
  const jobs = o.jobs ?? 1;
  if (!Number.isInteger(jobs) || jobs < 1)
    throw new InvalidOptionError('jobs', jobs, { message: `jobs must be a whole number ≥ 1 (got ${jobs})` });
  for (const f of formats) if (f !== 'mp4') checkFormatForRig(`--formats ${f}`, f, o.rig);
  return formats.sort((a, b) => (a === 'mp4' ? 1 : 0) - (b === 'mp4' ? 1 : 0));
}
