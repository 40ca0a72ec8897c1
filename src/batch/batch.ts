import * as fs from 'fs';
import * as path from 'path';
import { ExportFormat, FORMATS, checkFormatForRig, exportTrack, extensionOf } from '../../exporters/index';
import type { AnimateOptions } from '../animate';
import { FaceRenderer } from '../render/face-renderer';
import { RenderVideoOptions, renderVideo } from '../render/render-video';
import { NeuralRenderer, loadNeuralRenderer } from '../neural/neural-renderer';
import { renderNeuralVideo } from '../neural/render-neural-video';
import { defaultRig } from '../retarget/default-rig';
import { Rig } from '../retarget/rig';
import { sweepStaleParts, writeFileAtomic } from '../runtime/atomic-write';
import { checkOutputs } from '../runtime/output-paths';
import { ProgressCallback, noProgress } from '../runtime/progress';
import { FaceTrack } from '../track/face-track';
import { trackFromJson } from '../track/track-json';
import { BatchItem } from './batch-items';

/** An output of a batch: any export format, or the rendered video. */
export type BatchFormat = ExportFormat | 'mp4';

export const BATCH_FORMATS: readonly BatchFormat[] = [...FORMATS.map((f) => f.format), 'mp4'];

/** Makes a song's track; the default runs `animateSong`. Replace it to batch your own generator. */
export type AnimateFn = (item: BatchItem, context: { signal: AbortSignal; onProgress: ProgressCallback; onWarning?: (message: string) => void }) => Promise<FaceTrack>;

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

export const BATCH_DEFAULTS = { jobs: 1, force: false };

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

/** The file an item's format is written to. */
export function outputPath(out: string, item: BatchItem, format: BatchFormat): string {
  return path.join(out, item.name + (format === 'mp4' ? '.mp4' : extensionOf(format)));
}

function defaultAnimate(options: BatchOptions['animateOptions']): AnimateFn {
  return async (item, { signal, onProgress, onWarning }) => {
    const { animateSong } = require('../animate') as typeof import('../animate');
    return animateSong(item.song, { ...options, style: item.style ?? options?.style, seed: item.seed ?? options?.seed, signal, onProgress, onWarning });
  };
}

interface RendererSlot {
  renderer: FaceRenderer | null;
  neural?: NeuralRenderer | null;
}

const oneLine = (e: unknown) => String((e as Error)?.message ?? e).split('\n')[0];
const round = (s: number) => Math.round(s * 1000) / 1000;

/**
 * Runs many songs: each gets a track and every requested output, `jobs` at a time. Finished outputs
 * are skipped on a rerun (every file is written whole or not at all), a failing song is reported and
 * the others go on, and a JSON report says what happened to each. `signal` cancels: running songs
 * stop, nothing half-written stays, and the report marks them.
 * Example: `const report = await batch(batchItems('songs/'), { out: 'out', formats: ['glb', 'mp4'], jobs: 2 })`
 */
export async function batch(items: BatchItem[], options: BatchOptions): Promise<BatchReport> {
  const o = { ...BATCH_DEFAULTS, ...options };
  const formats = [...new Set(o.formats)];
  if (!formats.length) throw new Error('no output formats given');
  for (const f of formats) if (!BATCH_FORMATS.includes(f)) throw new Error(`unknown output format "${f}"; use ${BATCH_FORMATS.join(', ')}`);
  if (!Number.isInteger(o.jobs) || o.jobs < 1) throw new Error(`jobs must be a whole number ≥ 1 (got ${o.jobs})`);
  for (const f of formats) if (f !== 'mp4') checkFormatForRig(`--formats ${f}`, f, o.rig);
  // Cheap files first, the video last: a failure in rendering keeps the finished exports.
  formats.sort((a, b) => (a === 'mp4' ? 1 : 0) - (b === 'mp4' ? 1 : 0));
  const reportFile = o.report === false ? null : (o.report ?? path.join(o.out, 'batch-report.json'));
  // An output that is one of the songs (a song named x.json in the out folder, a manifest pointing into it) is refused before any work.
  const songs = items.map((it) => it.song);
  checkOutputs([...items.flatMap((it) => formats.map((f) => outputPath(o.out, it, f))), ...(reportFile ? [reportFile] : [])], [...songs, o.rig?.file]);
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
    items: items.map((it) => ({ name: it.name, song: it.song, status: 'pending', outputs: {}, timings: {}, seconds: 0 })),
  };
  const saveReport = () => {
    const s = report.summary;
    for (const k of ['done', 'skipped', 'failed', 'cancelled', 'pending'] as const) s[k] = report.items.filter((r) => r.status === k).length;
    report.seconds = round((Date.now() - t0) / 1000);
    if (reportFile) writeFileAtomic(reportFile, JSON.stringify(report, null, 2) + '\n');
  };
  let finished = 0;
  const overall = () => onProgress({ stage: 'batch', done: finished, total: items.length });
  overall();

  const runItem = async (index: number, slot: RendererSlot) => {
    const item = items[index];
    const r = report.items[index];
    const started = Date.now();
    const files = new Map(formats.map((f) => [f, outputPath(o.out, item, f)]));
    // Redo what is absent, and what was made with other options than this run's (another seed, style, model, rig, size…).
    const missing = formats.filter((f) => o.force || !fs.existsSync(files.get(f)!) || made.get(files.get(f)!) !== madeWith(o, item, f));
    for (const f of formats) if (!missing.includes(f)) r.outputs[f] = files.get(f)!;
    const itemProgress: ProgressCallback = (e) => onProgress({ ...e, item: item.name });
    if (!missing.length) {
      r.status = 'skipped';
      itemProgress({ stage: 'item', done: 1, total: 1 });
      return;
    }
    try {
      const signal = controller.signal;
      if (signal.aborted) throw signal.reason ?? new Error('cancelled');
      let step = Date.now();
      const lap = (name: string) => {
        r.timings[name] = round((Date.now() - step) / 1000);
        step = Date.now();
      };
      let track: FaceTrack;
      const json = files.get('json');
      if (json && !missing.includes('json')) {
        track = trackFromJson(fs.readFileSync(json, 'utf8'), json); // resume: reuse the finished track
        lap('track');
      } else {
        track = await animate(item, { signal, onProgress: itemProgress, onWarning: (m) => (r.warnings ??= []).push(m) });
        lap('animate');
      }
      for (const f of missing) {
        if (signal.aborted) throw signal.reason ?? new Error('cancelled');
        const file = files.get(f)!;
        if (f === 'mp4' && o.neuralRenderer) {
          const given = o.neuralRenderer;
          const neural = typeof given === 'string' ? (slot.neural ??= await loadNeuralRenderer(given, { rig: o.rig })) : given;
          await renderNeuralVideo(track, item.song, file, neural, { signal, onProgress: itemProgress });
        } else if (f === 'mp4') {
          slot.renderer ??= await FaceRenderer.open(o.rig ?? (await defaultRig()), o.render);
          try {
            await renderVideo(track, item.song, file, { ...o.render, renderer: slot.renderer, signal, onProgress: itemProgress });
          } catch (e) {
            // The page may be mid-chunk: start a fresh browser for the next video.
            await slot.renderer.close();
            slot.renderer = null;
            throw e;
          }
        } else {
          itemProgress({ stage: `export ${f}`, done: 0, total: 1 });
          writeFileAtomic(file, await exportTrack(track, f, { rig: o.rig, clipName: item.name }));
          itemProgress({ stage: `export ${f}`, done: 1, total: 1 });
        }
        lap(f);
        r.outputs[f] = file;
        made.set(file, madeWith(o, item, f));
      }
      r.status = 'done';
    } catch (e) {
      if (controller.signal.aborted) r.status = 'cancelled';
      else {
        r.status = 'failed';
        r.error = oneLine(e);
      }
    } finally {
      r.seconds = round((Date.now() - started) / 1000);
      itemProgress({ stage: 'item', done: 1, total: 1 });
    }
  };

  let next = 0;
  const worker = async () => {
    // One browser per worker, opened at its first video and reused for the next ones.
    const slot: RendererSlot = { renderer: null };
    try {
      while (next < items.length && !controller.signal.aborted) {
        const i = next++;
        await runItem(i, slot);
        finished++;
        saveReport();
        overall();
      }
    } finally {
      await slot.renderer?.close();
      await slot.neural?.dispose();
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

/** Beside the outputs: for each, the options that made it (so a rerun with other options redoes it). */
export const MADE_WITH_FILE = '.musicface-batch.json';

/** The options an output depends on, as a stable string; equal strings = the same output. */
export function madeWith(o: BatchOptions, item: BatchItem, format: BatchFormat): string {
  const a = o.animateOptions ?? {};
  const sep = a.separator;
  const rigFile = (r: Rig | undefined) => {
    if (!r) return 'default head';
    try {
      const st = fs.statSync(r.file);
      return `${path.resolve(r.file)}:${st.size}:${st.mtimeMs}`;
    } catch {
      return r.file;
    }
  };
  const track = {
    animate: o.animate ? 'custom' : 'animateSong',
    model: typeof a.model === 'object' ? a.model.cardPath : (a.model ?? null),
    style: item.style ?? a.style ?? null,
    seed: item.seed ?? a.seed ?? null,
    separator: typeof sep === 'object' ? sep.name : (sep ?? null),
    stems: a.stems ?? null,
  };
  const rigged = format === 'glb' || format === 'anim' || format === 'vrma' || format === 'mp4';
  const video =
    format !== 'mp4'
      ? null
      : o.neuralRenderer
        ? { neural: typeof o.neuralRenderer === 'string' ? path.resolve(o.neuralRenderer) : 'loaded' }
        : { ...(o.render ?? {}) };
  return JSON.stringify({ track, format, rig: rigged ? rigFile(o.rig) : null, clip: item.name, video });
}

/** The MADE_WITH_FILE record, saved after every finished output. */
class MadeWith {
  private readonly map: Record<string, string>;
  constructor(private readonly file: string) {
    try {
      this.map = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      this.map = {}; // none yet (or unreadable): outputs without a record are made again
    }
  }
  get(output: string): string | undefined {
    return this.map[path.basename(output)];
  }
  set(output: string, key: string): void {
    this.map[path.basename(output)] = key;
    writeFileAtomic(this.file, JSON.stringify(this.map, null, 1) + '\n');
  }
}

/** Process exit code for a report: 0 all done or skipped, 1 some failed, 130 cancelled. */
export function batchExitCode(report: BatchReport): number {
  if (report.cancelled) return 130;
  return report.summary.failed > 0 ? 1 : 0;
}
