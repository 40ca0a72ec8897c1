import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Audio } from '../../audio';
import type { Score } from '../composer/score';
import { readWav } from '../mix/wav';
import { packageFile } from '../package-file';
import { type PhoneRow, SILENCE_PHONE } from './phone-table';
import { CorpusError, ToolError } from '../../runtime';

export interface SingOptions {
  /** A scratch directory for the score XML, the script and Festival's outputs. */
  workDir: string;
  /** The festival binary. */
  festival?: string;
}

export interface SungVocal {
  /** Festival's mono output at its own rate (16 kHz for the diphone voices), as long as it sang. */
  audio: Audio;
  phones: PhoneRow[];
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Vowels whose vowel-vowel diphone a voice's database lacks (checked in kedlpc16k.group and
 * kallpc16k.group): Festival would sing silence for them, so singing-mode.scm does not split them.
 */
export const UNSPLITTABLE_VOWELS: Record<string, string[]> = {
  kal_diphone: [],
  ked_diphone: ['ae', 'eh', 'uh'],
  lp_diphone: [],
  pc_diphone: [],
  suo_fi_lj_diphone: [],
  hy_fi_mv_diphone: [],
};

/**
 * Vowels a voice lacks the vowel-vowel diphone of, sung (when split) as the nearest vowel it has one
 * for (checked in the .group files: of the Italian vowels only i, e, a, o, u, a1 and u1 have one; ked
 * has aa, ao, iy and uw; lj lacks e, y: and &, mv o:, u: and &). Open and stressed variants differ little in quality; the phone table keeps the
 * original phone.
 */
export const VOWEL_SUBSTITUTES: Record<string, [string, string][]> = {
  // ked sang 3 of 133 long vowels silent, all "ih" left unsplit (8 songs of 30 s, seed 21): split, it
  // is sung as "iy", the same mouth shape (both are the IY viseme).
  ked_diphone: [['ih', 'iy']],
  lp_diphone: [
    ['E', 'e'],
    ['O', 'o'],
    ['i1', 'i'],
    ['e1', 'e'],
    ['E1', 'e'],
    ['o1', 'o'],
    ['O1', 'o'],
  ],
  pc_diphone: [
    ['E', 'e'],
    ['O', 'o'],
    ['i1', 'i'],
    ['e1', 'e'],
    ['E1', 'e'],
    ['o1', 'o'],
    ['O1', 'o'],
  ],
  // Finnish: long and short vowels differ in length only, which the note sets anyway.
  suo_fi_lj_diphone: [
    ['e', 'e:'],
    ['y:', 'y'],
    ['&', 'a'],
  ],
  hy_fi_mv_diphone: [
    ['o:', 'o'],
    ['u:', 'u'],
    ['&', 'a'],
  ],
};

/** Silence phones of the voices' phone sets (radio: pau, the Italian set: #); the phone table writes pau. */
const SILENCES = new Set([SILENCE_PHONE, '#', 'h#']);

/**
 * The score as Festival singing-mode XML: a REST for every gap, one DURATION/PITCH pair per word with
 * one value per syllable, in SECONDS and FREQ (Hz). Durations are differences of rounded absolute
 * times so Festival's running clock never drifts from the score.
 * Example: `fs.writeFileSync('score.xml', singingXml(score))`
 */
export function singingXml(score: Score): string {
  const out = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE SINGING PUBLIC "-//SINGING//DTD SINGING mark up//EN" "Singing.v0_1.dtd" []>',
    `<SINGING BPM="${score.tempo}">`,
  ];
  let clock = 0;
  for (const w of score.words) {
    const notes = score.notes.slice(w.firstNote, w.firstNote + w.syllables);
    const gap = round6(notes[0].start) - clock;
    if (gap > 1e-6) out.push(`<REST SECONDS="${gap.toFixed(6)}"></REST>`);
    const durs = notes.map((n) => (round6(n.end) - round6(n.start)).toFixed(6));
    const freqs = notes.map((n) => n.freq.toFixed(3));
    out.push(`<DURATION SECONDS="${durs.join(',')}"><PITCH FREQ="${freqs.join(',')}">${w.text}</PITCH></DURATION>`);
    clock = round6(notes[notes.length - 1].end);
  }
  out.push('</SINGING>', '');
  return out.join('\n');
}

/**
 * Sings the score with Festival (our fixed copy of singing mode) and reads back the waveform and
 * the phone table from the utterance's Segment relation.
 * Example: `const { audio, phones } = singFestival(score, { workDir: tmp })`
 */
export function singFestival(score: Score, opts: SingOptions): SungVocal {
  const festival = opts.festival ?? 'festival';
  const dir = path.resolve(opts.workDir);
  if (/["\\]/.test(dir))
    throw new CorpusError(`work directory ${dir} has a quote or backslash in its name; Festival cannot be given it`, { file: dir });
  const xml = path.join(dir, 'score.xml');
  const wav = path.join(dir, 'festival.wav');
  const seg = path.join(dir, 'segments.txt');
  const scm = path.join(dir, 'sing.scm');
  fs.writeFileSync(xml, singingXml(score));
  fs.writeFileSync(
    scm,
    [
      '(load (path-append datadir "init.scm"))',
      `(load "${packageFile('src/corpus/singer/singing-mode.scm')}")`,
      `(voice_${score.voice.festivalVoice})`,
      `(set! singing-unsplittable-vowels '(${(UNSPLITTABLE_VOWELS[score.voice.festivalVoice] ?? []).join(' ')}))`,
      `(set! singing-vowel-substitutes '(${(VOWEL_SUBSTITUTES[score.voice.festivalVoice] ?? []).map(([a, b]) => `(${a} ${b})`).join(' ')}))`,
      '(set! mf_utts nil)',
      '(define (mf_collect utt) (set! mf_utts (cons utt mf_utts)) utt)',
      '(set! tts_hooks (list utt.synth mf_collect))',
      `(tts_file "${xml}" 'singing)`,
      '(set! utt (car mf_utts))',
      `(utt.save.wave utt "${wav}" 'riff)`,
      '(set! mf_i 0)',
      "(mapcar (lambda (syl) (set! mf_i (+ mf_i 1)) (item.set_feat syl 'mf_syl mf_i)) (utt.relation.items utt 'Syllable))",
      `(set! fd (fopen "${seg}" "w"))`,
      `(format fd "utterances %d\\n" (length mf_utts))`,
      '(mapcar (lambda (s) (format fd "%f %f %s %s %s %s %s\\n" (item.feat s \'segment_start) (item.feat s \'end) (item.name s) (item.feat s "R:SylStructure.parent.mf_syl") (item.feat s "R:SylStructure.parent.parent.name") (item.feat s \'mf_split) (item.feat s \'mf_phone))) (utt.relation.items utt \'Segment))',
      '(fclose fd)',
      '',
    ].join('\n'),
  );
  const res = spawnSync(festival, ['--script', scm], { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (res.error) throw new ToolError(`could not run ${festival} (install it with scripts/install-corpus-deps.sh): ${res.error.message}`);
  // Festival exits 0 even when its Scheme fails, so its error line is looked for too.
  const siod = /SIOD ERROR[^\n]*/.exec(res.stderr ?? '');
  if (res.status !== 0 || siod || !fs.existsSync(wav) || !fs.existsSync(seg)) {
    const why = siod?.[0] ?? (res.stderr || res.stdout || '').trim().split('\n').slice(-1)[0];
    throw new CorpusError(
      `${festival} failed to sing song ${score.id} with voice ${score.voice.festivalVoice}: ${why || `exit ${res.status}`}`,
    );
  }
  const audio = readWav(fs.readFileSync(wav), wav);
  const phones = parseSegments(fs.readFileSync(seg, 'utf8'), score, seg);
  return { audio, phones };
}

/** Festival's segment dump → phone rows, checked against the score's syllables and words. */
export function parseSegments(text: string, score: Score, file: string): PhoneRow[] {
  const lines = text.trim().split('\n');
  const utts = /^utterances (\d+)$/.exec(lines[0] ?? '');
  if (utts?.[1] !== '1') throw new CorpusError(`${file}: Festival made ${utts?.[1] ?? 'no'} utterances, expected 1`, { file });
  const raw = lines.slice(1).map((line) => {
    const [s, e, name, syl, word, split, original] = line.split(' ');
    const isSplit = split === '1';
    return { start: Number(s), end: Number(e), phone: isSplit ? original : name, syl: Number(syl), word, split: isSplit };
  });
  // The Finnish front end reads the empty token singing mode ends the utterance with as the word "nil"
  // and gives it a zero-length syllable with no word; such syllables are not sung and are numbered
  // out, so the sung ones count 1, 2, … like the score's notes.
  const named = new Set(raw.filter((r) => r.syl > 0 && r.word).map((r) => r.syl));
  const renumber = new Map([...named].sort((a, b) => a - b).map((syl, i) => [syl, i + 1]));
  for (const r of raw) r.syl = r.syl > 0 ? (renumber.get(r.syl) ?? 0) : r.syl;
  // A long vowel is sung as onset, body and release (fix 4 in singing-mode.scm); only the body is in
  // a syllable, so the onset takes the syllable of the body after it and the release that of the body
  // before it, and the three are merged back into one row below.
  raw.forEach((r, i) => {
    if (!r.split || r.syl > 0) return;
    const body = raw[i + 1]?.split && raw[i + 1].syl > 0 ? raw[i + 1] : raw[i - 1]?.split && raw[i - 1].syl > 0 ? raw[i - 1] : undefined;
    if (!body) throw new CorpusError(`${file}: a split vowel at ${r.start} s has no body segment`, { file });
    r.syl = body.syl;
    r.word = body.word;
  });
  const rows: PhoneRow[] = [];
  let maxSyl = 0;
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i];
    const { start, end } = r;
    const phone = SILENCES.has(r.phone) ? SILENCE_PHONE : r.phone;
    let sylIndex = r.syl - 1; // 1-based in the script; 0 means "no syllable"
    if (!(end - start > 1e-7)) continue; // Festival's zero-length and 10 µs guard pauses carry nothing
    let word = r.word;
    const last = rows[rows.length - 1];
    if (last && r.split && raw[i - 1]?.split && last.phone === phone && last.syllable === sylIndex) {
      last.end = end; // the parts of one split vowel
      continue;
    }
    const prevSung = rows.length && rows[rows.length - 1].note >= 0 ? rows[rows.length - 1] : undefined;
    if (phone !== SILENCE_PHONE && sylIndex < 0 && prevSung) {
      // Post-lexical rules insert phones outside any syllable (a linking "r" in "every"): they are sung
      // in the flow of the previous syllable, so they belong to it.
      sylIndex = prevSung.syllable;
      word = prevSung.word;
    }
    const silent = phone === SILENCE_PHONE || sylIndex < 0;
    const note = silent ? -1 : sylIndex;
    if (!silent) {
      const n = score.notes[note];
      const w = n ? score.words[n.word] : undefined;
      if (!n || !w || w.text !== word) {
        throw new CorpusError(
          `${file}: Festival's syllable ${sylIndex} ("${word}") does not match the score's note ${note} ("${w?.text}"); its lexicon syllabifies a word differently`,
          { file },
        );
      }
      maxSyl = Math.max(maxSyl, sylIndex + 1);
    }
    const prev = rows[rows.length - 1];
    if (silent && prev && prev.note < 0) {
      prev.end = end; // one row per silence
      continue;
    }
    rows.push({
      start,
      end,
      phone: silent ? SILENCE_PHONE : phone,
      syllable: note,
      note,
      word: silent ? '' : word,
      midi: silent ? -1 : score.notes[note].midi,
    });
  }
  if (maxSyl !== score.notes.length) {
    throw new CorpusError(`${file}: Festival sang ${maxSyl} syllables, the score has ${score.notes.length} notes`, { file });
  }
  return rows;
}
