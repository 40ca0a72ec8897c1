import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic, BatchError } from '../runtime';
import type { Rig } from '../retarget';
import type { BatchItem } from './batch-items';
import type { BatchOptions } from './batch';
import type { BatchFormat } from './output-path';

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

/**
 * The MADE_WITH_FILE record, saved after every finished output. Several processes (queue workers on
 * other machines) may finish outputs in one folder at once: each save re-reads the file under a lock
 * and adds its entry, so no process drops another's.
 */
export class MadeWith {
  private map: Record<string, string>;
  constructor(private readonly file: string) {
    this.map = readRecord(file);
  }
  get(output: string): string | undefined {
    return this.map[path.basename(output)];
  }
  set(output: string, key: string): void {
    withLock(this.file + '.lock', () => {
      this.map = { ...readRecord(this.file), [path.basename(output)]: key };
      writeFileAtomic(this.file, JSON.stringify(this.map, null, 1) + '\n');
    });
  }
}

function readRecord(file: string): Record<string, string> {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return {}; // none yet (or unreadable): outputs without a record are made again
  }
}

/** A lock older than this was left by a killed process (it is held for a read and a rename). */
const STALE_LOCK_MS = 10_000;
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Runs `fn` holding `lockFile` (O_EXCL create, which NFSv3+ and SMB honour across machines). */
function withLock<T>(lockFile: string, fn: () => T): T {
  const deadline = Date.now() + 3 * STALE_LOCK_MS;
  for (;;) {
    let fd: number;
    try {
      fd = fs.openSync(lockFile, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        if (Date.now() - fs.statSync(lockFile).mtimeMs > STALE_LOCK_MS) fs.rmSync(lockFile, { force: true });
      } catch {
        // released meanwhile
      }
      if (Date.now() > deadline)
        throw new BatchError(`${lockFile}: could not take this lock for 30 s; remove it if no batch is running`, { file: lockFile });
      Atomics.wait(pause, 0, 0, 5 + Math.random() * 10);
      continue;
    }
    try {
      fs.writeSync(fd, `${os.hostname()} ${process.pid}\n`);
      fs.closeSync(fd);
      return fn();
    } finally {
      fs.rmSync(lockFile, { force: true });
    }
  }
}
