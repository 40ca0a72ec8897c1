import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Absolute path of a file shipped in the repository (e.g. `src/corpus/singer/singing-mode.scm`),
 * found by walking up from this module, so it works from `src/` (tests) and from `dist/src/` (CLI).
 * Example: `packageFile('src/corpus/singer/singing-mode.scm')`
 */
export function packageFile(relative: string): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, relative);
    if (fs.existsSync(candidate)) return candidate;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find ${relative} above ${__dirname}; run from a MusicFace checkout`);
    dir = up;
  }
}
