import { lookupStress } from '../../src/corpus/lyrics/festival-lexicon';
import { lyricLine } from '../../src/corpus/lyrics/lyric-line';
import { WORDS } from '../../src/corpus/lyrics/word-table';
import { rngFor } from '../../src/runtime/random';
import { hasCommand } from './helpers/tools';

describe('lyrics', () => {
  it('fills exactly the asked number of syllables', () => {
    const rng = rngFor('lyrics-test');
    for (let n = 1; n <= 14; n++) {
      const line = lyricLine(rng, n);
      expect(line.reduce((a, w) => a + w.stress.length, 0)).toBe(n);
    }
  });

  const festival = hasCommand('festival');
  if (!festival) console.warn('lyrics lexicon test skipped: festival is not installed (scripts/install-corpus-deps.sh)');
  (festival ? it : it.skip)('syllabifies every word as Festival\'s lexicon does (one sung note per syllable)', () => {
    const words = [...new Set(WORDS.map((w) => w.text))];
    const festivalStress = lookupStress(words);
    const mismatches = WORDS.filter((w) => festivalStress.get(w.text) !== w.stress).map((w) => `${w.text}: table ${w.stress}, festival ${festivalStress.get(w.text)}`);
    expect(mismatches).toEqual([]);
  });
});
