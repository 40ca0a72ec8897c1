import * as path from 'path';
import type { BatchOptions } from '../batch';
import type { BatchItem } from '../batch-items';
import type { BatchFormat } from '../output-path';
import type { BlinkSampler } from '../../generator/generate-track';
import type { Device } from '../../runtime/onnx';

/** Tries per song, and seconds before the second try (doubling after each). */
export const ENQUEUE_DEFAULTS = { attempts: 3, backoffSeconds: 10 };

/** Animation options a job can carry (plain data: the worker may be another machine). */
export interface QueueAnimateOptions {
  model?: string;
  style?: string | number;
  seed?: number;
  blinks?: BlinkSampler;
  device?: Device;
  threads?: number;
  separator?: string;
  stems?: [string, string];
  strict?: boolean;
  /** Tests only: accept generator fixtures with random weights. */
  allowFixture?: boolean;
}

/** What a worker needs to do one song of a batch; every path absolute (the same on every machine). */
export interface QueueJobData {
  batch: string;
  index: number;
  item: BatchItem;
  out: string;
  formats: BatchFormat[];
  force?: boolean;
  rig?: string;
  render?: BatchOptions['render'];
  neuralRenderer?: string;
  animateOptions?: QueueAnimateOptions;
}

/** A model or separator given as a file becomes absolute (a name from models/ stays a name). */
export function absoluteAnimateOptions(a: QueueAnimateOptions = {}): QueueAnimateOptions {
  const r: QueueAnimateOptions = { ...a };
  if (r.model && (r.model.includes('/') || r.model.includes('\\') || /\.(json|onnx)$/i.test(r.model))) r.model = path.resolve(r.model);
  const m = r.separator ? /^(spleeter|mdx):(.+)$/.exec(r.separator) : null;
  if (m) r.separator = `${m[1]}:${path.resolve(m[2])}`;
  if (r.stems) r.stems = [path.resolve(r.stems[0]), path.resolve(r.stems[1])];
  for (const k of Object.keys(r) as (keyof QueueAnimateOptions)[]) if (r[k] === undefined) delete r[k];
  return r;
}
