import * as fs from 'node:fs';
import { lookupStress } from '../../src/corpus/lyrics/festival-lexicon';
import { lyricLine } from '../../src/corpus/lyrics/lyric-line';
import { LANGUAGES } from '../../src/corpus/lyrics/word-table';
import { rngFor } from '../../src/runtime/random';
import { hasCommand } from './helpers/tools';

describe('lyrics', () => {
  it('fills exactly the asked number of syllables', () => {
    const rng = rngFor('lyrics-test');
    for (const language of Object.keys(LANGUAGES) as (keyof typeof LANGUAGES)[]) {
      for (let n = 1; n <= 14; n++) {
        const line = lyricLine(rng, n, language);
        expect(line.reduce((a, w) => a + w.stress.length, 0)).toBe(n);
        expect(line.every((w) => LANGUAGES[language].words.includes(w))).toBe(true);
      }
    }
  });

  const festival = hasCommand('festival');
  if (!festival) console.warn('lyrics lexicon test skipped: festival is not installed (scripts/install-corpus-deps.sh)');
  for (const [language, { words: WORDS, lexiconVoice }] of Object.entries(LANGUAGES)) {
    const installed =
      festival &&
      fs.readdirSync('/usr/share/festival/voices').some((lang) => fs.existsSync(`/usr/share/festival/voices/${lang}/${lexiconVoice}`));
    if (festival && !installed)
      console.warn(`${language} lexicon test skipped: ${lexiconVoice} is not installed (scripts/install-corpus-deps.sh)`);
    (installed ? it : it.skip)(`syllabifies every ${language} word as Festival's lexicon does (one sung note per syllable)`, () => {
      const words = [...new Set(WORDS.map((w) => w.text))];
      const festivalStress = lookupStress(words, 'festival', lexiconVoice);
      const mismatches = WORDS.filter((w) => festivalStress.get(w.text) !== w.stress).map(
        (w) => `${w.text}: table ${w.stress}, festival ${festivalStress.get(w.text)}`,
      );
      expect(mismatches).toEqual([]);
    });
  }
});
