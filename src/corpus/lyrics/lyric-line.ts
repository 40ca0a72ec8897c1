import type { Rng } from '../../runtime';
import type { Language } from '../composer/score';
import { LANGUAGES, type Word, type WordClass } from './word-table';

/** Word-class patterns that read like lyric lines ("you hold the golden light"). */
const PATTERNS: WordClass[][] = [
  ['pron', 'verb', 'det', 'adj', 'noun'],
  ['conj', 'pron', 'verb', 'prep', 'det', 'noun'],
  ['det', 'adj', 'noun', 'verb', 'adv'],
  ['pron', 'verb', 'adv', 'prep', 'det', 'noun'],
  ['conj', 'det', 'noun', 'verb', 'adv'],
  ['verb', 'prep', 'det', 'adj', 'noun'],
  ['pron', 'verb', 'det', 'noun', 'adv'],
];

const BY_CLASS = new Map<Language, Map<WordClass, Word[]>>();
for (const [language, { words }] of Object.entries(LANGUAGES)) {
  const byClass = new Map<WordClass, Word[]>();
  for (const w of words) {
    const list = byClass.get(w.cls) ?? [];
    list.push(w);
    byClass.set(w.cls, list);
  }
  BY_CLASS.set(language as Language, byClass);
}

/**
 * Words of `language` whose syllables add up to exactly `syllables` (one sung note each), following a lyric pattern.
 * Example: `lyricLine(rng, 7).map((w) => w.text).join(' ')` → "and you fly into the night"
 */
export function lyricLine(rng: Rng, syllables: number, language: Language = 'english'): Word[] {
  const byClass = BY_CLASS.get(language)!;
  const out: Word[] = [];
  let left = syllables;
  while (left > 0) {
    const pattern = rng.pick(PATTERNS);
    for (const cls of pattern) {
      if (left <= 0) break;
      const fits = (byClass.get(cls) ?? []).filter((w) => w.stress.length <= left);
      // Every class has one-syllable words, so `fits` is never empty; short words are favoured so
      // lines read naturally, longer ones appear about a third of the time.
      const short = fits.filter((w) => w.stress.length === 1);
      const word = short.length && (fits.length === short.length || rng.chance(0.65)) ? rng.pick(short) : rng.pick(fits);
      out.push(word);
      left -= word.stress.length;
    }
  }
  return out;
}
