import * as path from 'node:path';
import type { BatchOptions } from '../batch';
import type { BatchItem } from '../batch-items';
import type { BatchFormat } from '../output-path';
import type { EnqueueOptions } from './enqueue';
import type { BlinkSampler } from '../../generator';
import type { Defaults, Device } from '../../runtime';
import type { AnimateOptions } from '../../animate';
import { type Direction, readDirection } from '../../emotion';

/** Tries per song, and seconds before the second try (doubling after each). */
export const ENQUEUE_DEFAULTS: Defaults<Pick<EnqueueOptions, 'attempts' | 'backoffSeconds'>> = Object.freeze({
  attempts: 3,
  backoffSeconds: 10,
});

/** Animation options a job can carry (plain data: the worker may be another machine). */
export interface QueueAnimateOptions extends Pick<AnimateOptions, 'emotion' | 'intensity' | 'gains' | 'mouthOnly'> {
  /** A direction file or the direction itself; a file is read when the job is made, so workers need not see it. */
  direction?: string | Direction;
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

/** How every song of a queued batch is made: the same for each job. */
export interface QueueBatchSettings {
  /** Output folder every worker can see at the same path. */
  out: string;
  formats: BatchFormat[];
  force?: boolean;
  /** Rig file for glb/anim/mp4, on the shared folder (default: the built-in head). */
  rig?: string;
  render?: BatchOptions['render'];
  /** A neural renderer file, on the shared folder. */
  neuralRenderer?: string;
  animateOptions?: QueueAnimateOptions;
}

/** What a worker needs to do one song of a batch; every path absolute (the same on every machine). */
export interface QueueJobData extends QueueBatchSettings {
  batch: string;
  index: number;
  item: BatchItem;
}

/** A model or separator given as a file becomes absolute (a name from models/ stays a name); a direction file is read in. */
export function absoluteAnimateOptions(a: QueueAnimateOptions = {}): QueueAnimateOptions {
  const r: QueueAnimateOptions = { ...a };
  if (r.model && (r.model.includes('/') || r.model.includes('\\') || /\.(json|onnx)$/i.test(r.model))) r.model = path.resolve(r.model);
  const m = r.separator ? /^(spleeter|mdx):(.+)$/.exec(r.separator) : null;
  if (m) r.separator = `${m[1]}:${path.resolve(m[2])}`;
  if (r.stems) r.stems = [path.resolve(r.stems[0]), path.resolve(r.stems[1])];
  if (typeof r.direction === 'string') r.direction = readDirection(r.direction);
  for (const k of Object.keys(r) as (keyof QueueAnimateOptions)[]) if (r[k] === undefined) delete r[k];
  return r;
}
