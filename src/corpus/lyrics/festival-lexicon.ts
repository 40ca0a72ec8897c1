import { spawnSync } from 'child_process';

/**
 * Asks the installed Festival lexicon how it syllabifies `words`: word → stress digits, one per syllable.
 * Example: `lookupStress(['ocean'])` → `Map { 'ocean' => '10' }`
 */
export function lookupStress(words: readonly string[], festival = 'festival'): Map<string, string> {
  for (const w of words) if (!/^[a-z]+$/.test(w)) throw new Error(`lookupStress: "${w}" is not a lower-case word`);
  const script = [
    '(load (path-append datadir "init.scm"))',
    '(voice_kal_diphone)',
    ...words.map((w) => `(format t "%l\\n" (lex.lookup "${w}" nil))`),
  ].join('\n');
  const res = spawnSync(festival, ['--script', '/dev/stdin'], { input: script, encoding: 'utf8' });
  if (res.error) throw new Error(`could not run ${festival}: ${res.error.message}`);
  if (res.status !== 0) throw new Error(`${festival} failed looking up words: ${res.stderr.trim().split('\n')[0]}`);
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
