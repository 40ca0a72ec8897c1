import type { Language } from '../composer/score';

/**
 * Phones → visemes → ARKit mouth shapes. Festival's English diphone voices use the "radio" phone set
 * (CMU ARPAbet in lower case), the Italian and Finnish ones their own (below). Each viseme is a target mouth shape (ARKit weights at full articulation)
 * plus how strongly and how far it pulls on its neighbours (Cohen & Massaro's dominance, see lips.ts).
 * Shapes follow the usual viseme charts: bilabials press the lips shut, labiodentals tuck the lower
 * lip, rounded sounds pucker and funnel, open vowels drop the jaw.
 */

export type Viseme =
  | 'sil'
  | 'PP'
  | 'FF'
  | 'TH'
  | 'DD'
  | 'KK'
  | 'CH'
  | 'SS'
  | 'RR'
  | 'W'
  | 'Y'
  | 'AA'
  | 'AE'
  | 'AH'
  | 'AO'
  | 'EH'
  | 'IY'
  | 'OW'
  | 'UW'
  | 'ER';

/** Phones of the radio phone set. Diphthongs are two visemes (start, end) — see `phoneVisemes`. */
const PHONE_VISEMES: Record<string, Viseme | [Viseme, Viseme]> = {
  pau: 'sil',
  'h#': 'sil',
  brth: 'sil',
  p: 'PP',
  b: 'PP',
  m: 'PP',
  em: 'PP',
  f: 'FF',
  v: 'FF',
  th: 'TH',
  dh: 'TH',
  t: 'DD',
  d: 'DD',
  n: 'DD',
  l: 'DD',
  dx: 'DD',
  nx: 'DD',
  el: 'DD',
  en: 'DD',
  k: 'KK',
  g: 'KK',
  ng: 'KK',
  hh: 'KK',
  hv: 'KK',
  ch: 'CH',
  jh: 'CH',
  sh: 'CH',
  zh: 'CH',
  s: 'SS',
  z: 'SS',
  r: 'RR',
  w: 'W',
  y: 'Y',
  aa: 'AA',
  ah: 'AH',
  ax: 'AH',
  uh: 'AH',
  ae: 'AE',
  ao: 'AO',
  eh: 'EH',
  ih: 'IY',
  iy: 'IY',
  er: 'ER',
  axr: 'ER',
  uw: 'UW',
  ow: ['AO', 'UW'],
  ay: ['AA', 'IY'],
  aw: ['AA', 'UW'],
  ey: ['EH', 'IY'],
  oy: ['AO', 'IY'],
};

/**
 * The Italian voices' phone set (italian_phoneset.scm: SAMPA-like; a trailing 1 marks a stressed
 * vowel). Closed o is the rounded OW shape, open O the wider AO; open E is sung like EH. The Italian
 * r is an alveolar tap or trill, made with the tongue tip and no lip rounding (unlike English r), so
 * it is DD; the palatal nasal and lateral J, L are tongue-body sounds like DD; nf (the n of "inferno",
 * labiodental) tucks the lower lip like f.
 */
const ITALIAN_PHONE_VISEMES: Record<string, Viseme | [Viseme, Viseme]> = {
  '#': 'sil',
  i: 'IY',
  e: 'EH',
  E: 'EH',
  a: 'AA',
  o: 'OW',
  O: 'AO',
  u: 'UW',
  i1: 'IY',
  e1: 'EH',
  E1: 'EH',
  a1: 'AA',
  o1: 'OW',
  O1: 'AO',
  u1: 'UW',
  j: 'Y',
  w: 'W',
  p: 'PP',
  b: 'PP',
  m: 'PP',
  f: 'FF',
  v: 'FF',
  nf: 'FF',
  t: 'DD',
  d: 'DD',
  n: 'DD',
  l: 'DD',
  r: 'DD',
  J: 'DD',
  L: 'DD',
  k: 'KK',
  g: 'KK',
  ng: 'KK',
  s: 'SS',
  z: 'SS',
  ts: 'SS',
  dz: 'SS',
  S: 'CH',
  Z: 'CH',
  tS: 'CH',
  dZ: 'CH',
};

/**
 * The Finnish voices' phone set (suopuhe's finnish_phones.scm, worldbet-like; a trailing ":" marks a long
 * phone and falls back to the short one). y is the rounded front vowel (ü: pursed like UW), & is ä (AE);
 * r is a trill (DD); h is a glottal fricative like English hh (KK); T and D are dental fricatives.
 */
const FINNISH_PHONE_VISEMES: Record<string, Viseme | [Viseme, Viseme]> = {
  '#': 'sil',
  a: 'AA',
  e: 'EH',
  i: 'IY',
  o: 'OW',
  u: 'UW',
  y: 'UW',
  '&': 'AE',
  p: 'PP',
  b: 'PP',
  m: 'PP',
  f: 'FF',
  v: 'FF',
  T: 'TH',
  D: 'TH',
  t: 'DD',
  d: 'DD',
  n: 'DD',
  l: 'DD',
  L: 'DD',
  r: 'DD',
  k: 'KK',
  g: 'KK',
  N: 'KK',
  h: 'KK',
  s: 'SS',
  z: 'SS',
  S: 'CH',
  Z: 'CH',
  j: 'Y',
  w: 'W',
};

const PHONE_SETS: Record<Language, Record<string, Viseme | [Viseme, Viseme]>> = {
  english: PHONE_VISEMES,
  italian: ITALIAN_PHONE_VISEMES,
  finnish: FINNISH_PHONE_VISEMES,
};

/** Vowels carry the note: their length and loudness set how far the jaw opens. */
export const VOWEL_VISEMES: ReadonlySet<Viseme> = new Set(['AA', 'AE', 'AH', 'AO', 'EH', 'IY', 'OW', 'UW', 'ER']);

/**
 * Seconds at the end of a diphthong spent gliding to its second vowel: 30 % of it, at most 0.15 s —
 * the way the singer sings it (singing-glide-max in singer/singing-mode.scm): the first vowel is held.
 */
export function diphthongGlideSeconds(seconds: number): number {
  return Math.min(0.15, 0.3 * seconds);
}

/**
 * Visemes of a phone of `language`'s phone set: one, or two for a diphthong. Unknown phones (Festival
 * may lengthen a vowel as "aa:") fall back to the phone without the suffix, then to a neutral consonant.
 */
export function phoneVisemes(phone: string, language: Language = 'english'): Viseme[] {
  const set = PHONE_SETS[language];
  const v = set[phone] ?? set[phone.replace(/:$/, '')] ?? 'DD';
  return Array.isArray(v) ? v : [v];
}

/** Target mouth shapes, ARKit name → weight. Left/right pairs are written once with an "*" for both. */
export const VISEME_SHAPES: Record<Viseme, Record<string, number>> = {
  sil: {},
  PP: { jawOpen: 0.05, mouthClose: 0.05, 'mouthPress*': 0.45, mouthRollLower: 0.15, mouthRollUpper: 0.1 },
  FF: { jawOpen: 0.08, mouthRollLower: 0.5, 'mouthUpperUp*': 0.2, mouthShrugUpper: 0.1 },
  TH: { jawOpen: 0.14, tongueOut: 0.25, 'mouthUpperUp*': 0.1 },
  DD: { jawOpen: 0.16, 'mouthStretch*': 0.1, 'mouthUpperUp*': 0.05 },
  KK: { jawOpen: 0.22, 'mouthStretch*': 0.1 },
  CH: { jawOpen: 0.12, mouthFunnel: 0.45, mouthPucker: 0.25, 'mouthUpperUp*': 0.25, 'mouthLowerDown*': 0.2 },
  SS: { jawOpen: 0.07, 'mouthStretch*': 0.3, 'mouthSmile*': 0.1, 'mouthUpperUp*': 0.1, 'mouthLowerDown*': 0.1 },
  RR: { jawOpen: 0.18, mouthFunnel: 0.3, mouthPucker: 0.25 },
  W: { jawOpen: 0.1, mouthPucker: 0.7, mouthFunnel: 0.3 },
  Y: { jawOpen: 0.14, 'mouthStretch*': 0.3, 'mouthSmile*': 0.15 },
  AA: { jawOpen: 0.72, 'mouthLowerDown*': 0.3, 'mouthUpperUp*': 0.1 },
  AE: { jawOpen: 0.58, 'mouthStretch*': 0.3, 'mouthLowerDown*': 0.3, 'mouthUpperUp*': 0.2 },
  AH: { jawOpen: 0.48, 'mouthLowerDown*': 0.2 },
  AO: { jawOpen: 0.58, mouthFunnel: 0.45, mouthPucker: 0.15 },
  EH: { jawOpen: 0.45, 'mouthStretch*': 0.25, 'mouthLowerDown*': 0.2, 'mouthSmile*': 0.08 },
  IY: { jawOpen: 0.26, 'mouthStretch*': 0.4, 'mouthSmile*': 0.2, 'mouthUpperUp*': 0.15 },
  OW: { jawOpen: 0.45, mouthFunnel: 0.55, mouthPucker: 0.35 },
  UW: { jawOpen: 0.22, mouthPucker: 0.75, mouthFunnel: 0.45 },
  ER: { jawOpen: 0.3, mouthFunnel: 0.35, mouthPucker: 0.25 },
};

/**
 * Dominance of a viseme (Cohen & Massaro 1993): `alpha` its strength, `ant` and `carry` how fast its
 * pull decays (1/s) before it starts (anticipation) and after it ends (carry-over). Lip closures
 * (PP, FF) are strong and short, so they always close the lips; other consonants are weak and let
 * the vowels around them set the jaw; rests are strong, so the mouth closes when the singer stops.
 */
export function dominance(v: Viseme): { alpha: number; ant: number; carry: number } {
  if (v === 'sil') return { alpha: 3, ant: 25, carry: 25 };
  if (v === 'PP') return { alpha: 4, ant: 30, carry: 35 };
  if (v === 'FF') return { alpha: 2.5, ant: 30, carry: 35 };
  if (v === 'W' || v === 'CH') return { alpha: 1.2, ant: 14, carry: 25 }; // rounding is anticipated early
  if (VOWEL_VISEMES.has(v)) return { alpha: 1, ant: 18, carry: 20 };
  return { alpha: 0.6, ant: 28, carry: 28 };
}
