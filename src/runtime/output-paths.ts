import * as fs from 'fs';
import * as path from 'path';

/** An output path that cannot or must not be written; `message` is one sentence naming the user's path. */
export class OutputPathError extends Error {
  constructor(readonly file: string, readonly problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'OutputPathError';
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
