import * as fs from 'node:fs';
import { exportTrack } from '../../exporters';
import { FaceRenderer, renderVideo } from '../render';
import { type NeuralRenderer, loadNeuralRenderer, renderNeuralVideo } from '../neural';
import { defaultRig } from '../retarget';
import { sweepStaleParts, writeFileAtomic, type ProgressCallback } from '../runtime';
import { type FaceTrack, trackFromJson } from '../track';
import type { AnimateFn, BatchOptions, ItemReport } from './batch';
import type { BatchItem } from './batch-items';
import { type MadeWith, madeWith } from './made-with';
import { type BatchFormat, outputPath } from './output-path';
import { AudioFileError } from '../audio';

/** One browser (and neural renderer) per worker loop, opened at its first video and reused for the next. */
export interface RendererSlot {
  renderer: FaceRenderer | null;
  neural?: NeuralRenderer | null;
}

export async function closeSlot(slot: RendererSlot): Promise<void> {
  await slot.renderer?.close();
  await slot.neural?.dispose();
  slot.renderer = null;
  slot.neural = null;
}

export interface ItemContext {
  /** The batch's options; `formats` in output order (the video last). */
  options: BatchOptions;
  formats: BatchFormat[];
  animate: AnimateFn;
  made: MadeWith;
  slot: RendererSlot;
  signal: AbortSignal;
  /** Events of this item (already tagged with its name). */
  onProgress: ProgressCallback;
  /** Added to the "no such file" sentence of a missing song (a queue worker names itself). */
  missingSongNote?: string;
}

const oneLine = (e: unknown) => String((e as Error)?.message ?? e).split('\n')[0];
const round = (s: number) => Math.round(s * 1000) / 1000;

export function pendingItemReport(item: BatchItem): ItemReport {
  return { name: item.name, song: item.song, status: 'pending', outputs: {}, timings: {}, seconds: 0 };
}

/** The formats of `item` that must be made: absent, or made with other options than these. */
export function missingFormats(o: BatchOptions, item: BatchItem, formats: BatchFormat[], made: MadeWith): BatchFormat[] {
  return formats.filter((f) => {
    const file = outputPath(o.out, item, f);
    return o.force || !fs.existsSync(file) || made.get(file) !== madeWith(o, item, f);
  });
}

/**
 * Does one song of a batch — the one implementation the local batch and the queue workers share:
 * skips it when every output is finished with these options, else makes its track (or reuses a
 * finished .json) and each missing output, every file written whole or not at all, and records what
 * made it. Fills `r`: done, skipped, failed (one sentence) or cancelled; never throws.
 */
export async function runBatchItem(item: BatchItem, r: ItemReport, c: ItemContext): Promise<void> {
  const o = c.options;
  const started = Date.now();
  const files = new Map(c.formats.map((f) => [f, outputPath(o.out, item, f)]));
  // Temp files a killed run (a SIGKILLed worker) left for these outputs go first; a finished output is never touched.
  for (const f of c.formats) sweepStaleParts(files.get(f)!);
  const missing = missingFormats(o, item, c.formats, c.made);
  for (const f of c.formats) if (!missing.includes(f)) r.outputs[f] = files.get(f)!;
  if (!missing.length) {
    r.status = 'skipped';
    c.onProgress({ stage: 'item', done: 1, total: 1 });
    return;
  }
  const signal = c.signal;
  try {
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
      if (c.missingSongNote && !fs.existsSync(item.song)) throw new AudioFileError(item.song, `no such file${c.missingSongNote}`);
      track = await c.animate(item, { signal, onProgress: c.onProgress, onWarning: (m) => (r.warnings ??= []).push(m) });
      lap('animate');
    }
    for (const f of missing) {
      if (signal.aborted) throw signal.reason ?? new Error('cancelled');
      const file = files.get(f)!;
      if (f === 'mp4' && o.neuralRenderer) {
        const given = o.neuralRenderer;
        const neural = typeof given === 'string' ? (c.slot.neural ??= await loadNeuralRenderer(given, { rig: o.rig })) : given;
        await renderNeuralVideo(track, item.song, file, neural, { signal, onProgress: c.onProgress });
      } else if (f === 'mp4') {
        c.slot.renderer ??= await FaceRenderer.open(o.rig ?? (await defaultRig()), o.render);
        try {
          await renderVideo(track, item.song, file, { ...o.render, renderer: c.slot.renderer, signal, onProgress: c.onProgress });
        } catch (e) {
          // The page may be mid-chunk: start a fresh browser for the next video.
          await c.slot.renderer.close();
          c.slot.renderer = null;
          throw e;
        }
      } else {
        c.onProgress({ stage: `export ${f}`, done: 0, total: 1 });
        writeFileAtomic(file, await exportTrack(track, f, { rig: o.rig, clipName: item.name }));
        c.onProgress({ stage: `export ${f}`, done: 1, total: 1 });
      }
      lap(f);
      r.outputs[f] = file;
      c.made.set(file, madeWith(o, item, f));
    }
    r.status = 'done';
  } catch (e) {
    if (signal.aborted) r.status = 'cancelled';
    else {
      r.status = 'failed';
      r.error = oneLine(e);
    }
  } finally {
    r.seconds = round((Date.now() - started) / 1000);
    c.onProgress({ stage: 'item', done: 1, total: 1 });
  }
}
