import type { Language } from '../composer/score';

/**
 * The lyric vocabulary: singable English words by word class, each with its stress pattern as Festival's
 * lexicon (CMU dictionary in festlex, voice kal_diphone) syllabifies it — one digit per syllable,
 * 1 = stressed. Festival sings one note per syllable, so these counts must match Festival exactly;
 * `tests/corpus/lyrics.test.ts` checks every entry against the installed lexicon
 * (`lookupStress()` in festival-lexicon.ts), and the singer checks each song again at synthesis.
 */
export const WORD_CLASSES = {
  pron: { i: '1', you: '1', we: '1', they: '1', she: '1', he: '1' },
  det: { the: '0', a: '0', my: '1', your: '1', our: '10', this: '1', that: '1', every: '100', no: '1' },
  noun: {
    heart: '1', night: '1', love: '1', fire: '10', dream: '1', sky: '1', rain: '1', light: '1', road: '1',
    home: '1', soul: '1', star: '1', sun: '1', moon: '1', time: '1', world: '1', eyes: '1', hand: '1',
    sea: '1', wind: '1', song: '1', day: '1', way: '1', door: '1', town: '1', ocean: '10', river: '10',
    morning: '10', summer: '10', window: '10', shadow: '11', story: '10', city: '10', garden: '10',
    thunder: '10', silver: '10', mountain: '10', feeling: '10', memory: '100', melody: '100',
    paradise: '101', yesterday: '101', tomorrow: '011', highway: '11', heaven: '10', angel: '10',
    island: '10', water: '10', diamond: '10',
  },
  verb: {
    run: '1', fly: '1', fall: '1', hold: '1', feel: '1', sing: '1', dance: '1', shine: '1', burn: '1',
    call: '1', wait: '1', break: '1', know: '1', see: '1', turn: '1', stay: '1', dream: '1', find: '1',
    need: '1', want: '1', follow: '10', wander: '10', remember: '010', believe: '01', imagine: '010',
    carry: '10', whisper: '10', answer: '10', hurry: '10',
  },
  adj: {
    blue: '1', gold: '1', wild: '1', free: '1', young: '1', bright: '1', slow: '1', cold: '1', warm: '1',
    strong: '1', lonely: '10', golden: '10', silent: '10', broken: '10', endless: '10', gentle: '10',
    crazy: '10', beautiful: '100', electric: '010',
  },
  adv: {
    now: '1', again: '01', away: '01', forever: '010', tonight: '01', always: '11', never: '10', only: '10',
    so: '1', here: '1', still: '1',
  },
  conj: { and: '1', but: '1', oh: '1', so: '1', when: '1', if: '1' },
  prep: {
    in: '0', on: '1', to: '0', with: '1', down: '1', up: '1', through: '1', over: '10', under: '10',
    into: '01', across: '01',
  },
} as const satisfies Record<string, Record<string, string>>;

/**
 * Italian lyrics for the Italian voices (lp_diphone, pc_diphone), each word's stress pattern as their
 * lexicon (Festival's Italian lexicon and letter-to-sound rules) syllabifies it; ASCII spellings only
 * (the lexicon reads no accents), with the truncated forms songs use ("cuor", "amor", "ciel") for
 * one-syllable nouns. Checked against the lexicon in tests/corpus/lyrics.test.ts like the English.
 */
export const ITALIAN_WORD_CLASSES = {
  pron: { io: '10', tu: '1', noi: '10', voi: '10', lui: '10', lei: '10' },
  det: { il: '1', la: '1', un: '1', una: '10', mio: '10', tuo: '10', questo: '10', ogni: '10' },
  noun: {
    amore: '010', cuore: '10', cuor: '1', amor: '01', notte: '10', sole: '10', sol: '1', cielo: '10', ciel: '1',
    luce: '10', mare: '10', mar: '1', sogno: '10', vita: '10', tempo: '10', vento: '10', luna: '10', stella: '10',
    strada: '10', mondo: '10', fuoco: '10', pioggia: '10', casa: '10', anima: '100', estate: '010', fiore: '10',
    fior: '1', voce: '10', canzone: '010', giorno: '10', sera: '10', occhi: '10', mani: '10', tramonto: '010',
    destino: '010', re: '1', ben: '1',
  },
  verb: {
    canto: '10', sento: '10', vedo: '10', corro: '10', volo: '10', amo: '10', cerco: '10', trovo: '10', aspetto: '010',
    ricordo: '010', ballo: '10', brucia: '10', resta: '10', vola: '10', cade: '10', torna: '10', chiama: '10', ho: '1',
    sto: '1', va: '1', fa: '1', sa: '1',
  },
  adj: {
    bella: '10', dolce: '10', nuovo: '10', lontano: '010', libero: '100', vero: '10', grande: '10', solo: '10',
    forte: '10', caldo: '10', freddo: '10', chiaro: '10', blu: '1', bel: '1', gran: '1', buon: '1',
  },
  adv: { ancora: '010', sempre: '10', mai: '10', qui: '1', ora: '10', oggi: '10', domani: '010', insieme: '010', piano: '10', qua: '1' },
  conj: { e: '1', ma: '1', se: '1', o: '1', come: '10', quando: '10' },
  prep: { con: '1', per: '1', in: '1', su: '1', tra: '1', da: '1', fra: '1', sopra: '10', dentro: '10' },
} as const satisfies Record<keyof typeof WORD_CLASSES, Record<string, string>>;

/**
 * Finnish lyrics for the Finnish voices (suo_fi_lj_diphone, hy_fi_mv_diphone), stress patterns as their
 * lexicon (suopuhe's letter-to-sound rules) gives them. Only words spelled without ä, ö and å (the
 * voices read Latin-1 and the corpus writes ASCII), the sung colloquial forms "sun", "mun", "uus".
 */
export const FINNISH_WORD_CLASSES = {
  pron: { me: '2', te: '2', se: '2', sun: '2', mun: '2' },
  det: { tuo: '2', oma: '20', kaikki: '20', jokainen: '200' },
  noun: {
    rakkaus: '20', aurinko: '200', kuu: '2', meri: '20', tuuli: '20', taivas: '20', sade: '20', tie: '2', valo: '20',
    uni: '20', talvi: '20', lumi: '20', koti: '20', maa: '2', vesi: '20', tuli: '20', aika: '20', laulu: '20',
    ranta: '20', kaupunki: '200', ilta: '20', aamu: '20', sielu: '20', unelma: '200',
  },
  verb: {
    laulan: '20', tanssin: '20', kuljen: '20', odotan: '200', muistan: '20', palaan: '20', rakastan: '200',
    kuulen: '20', tunnen: '20', juoksen: '20', etsin: '20', huudan: '20', kaipaan: '20', saan: '2', voin: '2',
    luon: '2', teen: '2', tuon: '2', vien: '2',
  },
  adj: {
    kaunis: '20', vapaa: '20', nuori: '20', pieni: '20', suuri: '20', uusi: '20', kuuma: '20', sininen: '200',
    kultainen: '200', villi: '20', hiljainen: '200', uus: '2',
  },
  adv: { nyt: '2', taas: '2', aina: '20', vain: '2', niin: '2', yksin: '20', ikuisesti: '2010', kauan: '20', huomenna: '200' },
  conj: { ja: '2', mutta: '20', kun: '2', jos: '2', kuin: '2', tai: '2' },
  prep: { kanssa: '20', luona: '20', yli: '20', alla: '20', ilman: '20', kautta: '20', pois: '2' },
} as const satisfies Record<keyof typeof WORD_CLASSES, Record<string, string>>;

export type WordClass = keyof typeof WORD_CLASSES;

export interface Word {
  text: string;
  cls: WordClass;
  /** One digit per syllable as Festival's lexicon writes it (English and Italian: 1 = stressed, Finnish: 2 = primary, 1 = secondary). */
  stress: string;
}

const wordsOf = (classes: Record<string, Record<string, string>>): Word[] =>
  Object.entries(classes).flatMap(([cls, words]) => Object.entries(words).map(([text, stress]) => ({ text, cls: cls as WordClass, stress })));

/** Every English word of the vocabulary, in a fixed order. */
export const WORDS: readonly Word[] = wordsOf(WORD_CLASSES);

/** The vocabulary of each lyric language, and a voice of that language whose lexicon syllabifies it. */
export const LANGUAGES: Record<Language, { words: readonly Word[]; lexiconVoice: string }> = {
  english: { words: WORDS, lexiconVoice: 'kal_diphone' },
  italian: { words: wordsOf(ITALIAN_WORD_CLASSES), lexiconVoice: 'lp_diphone' },
  finnish: { words: wordsOf(FINNISH_WORD_CLASSES), lexiconVoice: 'suo_fi_lj_diphone' },
};
