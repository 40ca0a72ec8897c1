import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CorpusError, ToolError } from '../../runtime';

/**
 * Asks the installed Festival lexicon (that of `voice`) how it syllabifies `words`: word → stress
 * digits, one per syllable.
 * Example: `lookupStress(['ocean'])` → `Map { 'ocean' => '10' }`
 */
export function lookupStress(words: readonly string[], festival = 'festival', voice = 'kal_diphone'): Map<string, string> {
  for (const w of words) if (!/^[a-z]+$/.test(w)) throw new Error(`lookupStress: "${w}" is not a lower-case word`);
  const script = [
    '(load (path-append datadir "init.scm"))',
    `(voice_${voice})`,
    ...words.map((w) => `(format t "%l\\n" (lex.lookup "${w}" nil))`),
  ].join('\n');
  // Festival cannot read a script from a pipe, so it gets a file.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-lex-'));
  const file = path.join(dir, 'lookup.scm');
  fs.writeFileSync(file, script);
  const res = spawnSync(festival, ['--script', file], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  if (res.error) throw new ToolError(`could not run ${festival}: ${res.error.message}`);
  // Festival exits 0 even when its Scheme fails, so errors are read from stderr.
  if (res.status !== 0 || /SIOD ERROR/.test(res.stderr))
    throw new CorpusError(`${festival} failed looking up words: ${res.stderr.trim().split('\n')[0]}`);
  const out = new Map<string, string>();
  for (const line of res.stdout.split('\n')) {
    // ("ocean" nil (((ow) 1) ((sh ax n) 0)))
    const m = /^\("([^"]+)" \S+ \((.*)\)\)$/.exec(line.trim());
    if (!m) continue;
    const stress = [...m[2].matchAll(/\(\([^()]*\) (\d)\)/g)].map((s) => s[1]).join('');
    out.set(m[1], stress);
  }
  return out;
}
