import * as fs from 'node:fs';
import * as path from 'node:path';
import { MusicFaceError } from './errors';

/** An output path that cannot or must not be written; `message` is one sentence naming the user's path. */
export class OutputPathError extends MusicFaceError {
  declare readonly file: string;
  constructor(
    file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`, { file });
  }
}

/** The path a file has (or would have) once symlinks in its folder are followed. */
function realTarget(file: string): string {
  const abs = path.resolve(file);
  try {
    return fs.realpathSync(abs);
  } catch {
    try {
      return path.join(fs.realpathSync(path.dirname(abs)), path.basename(abs));
    } catch {
      return abs;
    }
  }
}

/** True when writing `output` would replace `input`: the same path, a symlink to it, or a hard link. */
export function sameFile(output: string, input: string): boolean {
  if (realTarget(output) === realTarget(input)) return true;
  try {
    const a = fs.statSync(output);
    const b = fs.statSync(input);
    return a.dev === b.dev && a.ino === b.ino; // hard links, case-insensitive file systems
  } catch {
    return false;
  }
}

/**
 * Refuses, before any work, an output that is (or would replace) one of the inputs: a render to
 * `clip.mp4` of `clip.mp4`, stems written over the song they come from.
 * Example: `refuseOverwritingInputs(['stems/vocals.wav'], ['stems/vocals.wav'])` throws.
 */
export function refuseOverwritingInputs(outputs: readonly string[], inputs: readonly (string | undefined | null)[]): void {
  for (const out of outputs) {
    for (const input of inputs) {
      if (input && sameFile(out, input)) {
        throw new OutputPathError(out, `would replace the input ${input}; choose another output path`);
      }
    }
  }
}

/** The nearest folder that exists on the way to `dir` (what a recursive mkdir would create inside). */
function existingAncestor(dir: string): string {
  let d = path.resolve(dir);
  while (!fs.existsSync(d)) {
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  return d;
}

/**
 * Checks, before any work, that each output can be written: not a folder, its folder (or the nearest
 * one that exists, which the write will create inside) a folder this process may write into. Without
 * this, a read-only folder failed with a raw `EACCES … .part` after all the work.
 * Example: `checkWritable(['out/song.json'])`
 */
export function checkWritable(outputs: readonly string[]): void {
  const checked = new Set<string>();
  for (const out of outputs) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(out);
    } catch {
      st = undefined;
    }
    if (st?.isDirectory()) throw new OutputPathError(out, 'is a folder; give the output a file name');
    const folder = existingAncestor(path.dirname(path.resolve(out)));
    if (checked.has(folder)) continue;
    checked.add(folder);
    if (!fs.statSync(folder).isDirectory()) throw new OutputPathError(out, `cannot be written: ${folder} is a file, not a folder`);
    try {
      fs.accessSync(folder, fs.constants.W_OK | fs.constants.X_OK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'EROFS' ? 'read-only file system' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code;
      throw new OutputPathError(out, `cannot be written: no permission to write into ${folder} (${why})`);
    }
  }
}

/** Both checks every command makes on its outputs before any work: writable, and not one of its inputs. */
export function checkOutputs(outputs: readonly string[], inputs: readonly (string | undefined | null)[] = []): void {
  checkWritable(outputs);
  refuseOverwritingInputs(outputs, inputs);
}
