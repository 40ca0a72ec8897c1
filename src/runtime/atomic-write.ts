import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cleanupPath } from './cleanup';

/** This machine in a part's name: on a shared folder, a pid alone says nothing about another machine's process. */
const HOST =
  os
    .hostname()
    .replace(/[^A-Za-z0-9-]/g, '-')
    .slice(0, 40) || 'host';

/** A part of another machine untouched this long is a leftover (its process cannot be asked; renders touch theirs constantly). */
const FOREIGN_PART_STALE_MS = 60 * 60 * 1000;

/** A temp name beside `file`, so the final rename never crosses file systems. */
export function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${HOST}.${Date.now().toString(36)}.part`);
}

/** True while process `pid` exists (EPERM: it exists but is someone else's). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temp files that an earlier run left beside `file` (killed with SIGKILL, a power cut): names
 * `tempPathFor` makes for this very output, whose process is gone. Parts of a run still going are kept.
 * A part another machine made (a shared output folder) goes only when untouched for an hour.
 * Returns the paths removed.
 */
export function sweepStaleParts(file: string): string[] {
  const dir = path.dirname(path.resolve(file));
  const prefix = `.${path.basename(file)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)(?:-([A-Za-z0-9-]+))?\.[0-9a-z]+\.part(\.[^.]+)?$/.exec(name.slice(prefix.length));
    if (!m) continue;
    if (m[2] !== undefined && m[2] !== HOST) {
      if (!untouchedFor(path.join(dir, name), FOREIGN_PART_STALE_MS)) continue;
    } else if (Number(m[1]) === process.pid || alive(Number(m[1]))) continue;
    fs.rmSync(path.join(dir, name), { force: true });
    removed.push(path.join(dir, name));
  }
  return removed;
}

function untouchedFor(file: string, ms: number): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs > ms;
  } catch {
    return false; // gone already
  }
}

/**
 * Writes `data` to `file` so that readers see the old file or the whole new one, never a half.
 * Example: `writeFileAtomic('out/song.json', text)`
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  sweepStaleParts(file);
  const tmp = tempPathFor(file);
  const forget = cleanupPath(tmp);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  } finally {
    forget();
  }
}

/**
 * Runs `produce(tmpPath)` (which writes a file itself, e.g. ffmpeg) and renames the result into place;
 * on any failure, and when the process is stopped by a signal, the temp file is removed and nothing
 * appears at `file`.
 */
export async function produceFileAtomic<T>(file: string, produce: (tmpPath: string) => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  sweepStaleParts(file);
  const ext = path.extname(file);
  const tmp = tempPathFor(file) + ext; // keep the extension: tools pick formats by it
  const forget = cleanupPath(tmp);
  try {
    const result = await produce(tmp);
    fs.renameSync(tmp, file);
    return result;
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  } finally {
    forget();
  }
}
