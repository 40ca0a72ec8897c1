/**
 * Which Festival voices sing? For each installed voice: sings a scale of "la" notes (one syllable,
 * 0.6 s, a 0.25 s rest between) through our singing mode and measures, from its own phone table and
 * audio, the pitch error (YIN over the middle half of each vowel, cents) and the timing error
 * (each sung syllable's last phone end − the note end, ms). Writes the table in docs/corpus/voices.md.
 * Run: `node -r ./tests/corpus/helpers/ts-register.js bench/measure-voices.ts`
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cents, pitchAt } from '../src/corpus/measure/pitch';
import { readWav } from '../src/corpus/mix/wav';
import { packageFile } from '../src/corpus/package-file';

interface Candidate {
  voice: string;
  language: string;
  dir: string;
}

const CANDIDATES: Candidate[] = [
  { voice: 'kal_diphone', language: 'English (US), male', dir: 'english/kal_diphone' },
  { voice: 'ked_diphone', language: 'English (US), male', dir: 'english/ked_diphone' },
  { voice: 'lp_diphone', language: 'Italian, female', dir: 'italian/lp_diphone' },
  { voice: 'pc_diphone', language: 'Italian, male', dir: 'italian/pc_diphone' },
  { voice: 'suo_fi_lj_diphone', language: 'Finnish, female', dir: 'finnish/suo_fi_lj_diphone' },
  { voice: 'hy_fi_mv_diphone', language: 'Finnish, male', dir: 'finnish/hy_fi_mv_diphone' },
  { voice: 'czech_dita', language: 'Czech, female', dir: 'czech/czech_dita' },
  { voice: 'czech_machac', language: 'Czech, male', dir: 'czech/czech_machac' },
  { voice: 'czech_ph', language: 'Czech, male', dir: 'czech/czech_ph' },
  { voice: 'msu_ru_nsh_clunits', language: 'Russian, male', dir: 'russian/msu_ru_nsh_clunits' },
  { voice: 'cmu_us_slt_arctic_hts', language: 'English (US), female (HTS)', dir: 'us/cmu_us_slt_arctic_hts' },
  { voice: 'upc_ca_ona_hts', language: 'Catalan, female (HTS)', dir: 'catalan/upc_ca_ona_hts' },
];

const MIDI = [40, 43, 45, 48, 50, 52, 55, 57, 60, 62, 64, 67, 69, 71];
const NOTE = 0.6;
const REST = 0.25;
const hz = (m: number) => 440 * Math.pow(2, (m - 69) / 12);
const median = (v: number[]) => (v.length ? v.slice().sort((a, b) => a - b)[v.length >> 1] : NaN);

function measure(c: Candidate, work: string): string {
  const xml = path.join(work, 'la.xml');
  const wav = path.join(work, `${c.voice}.wav`);
  const seg = path.join(work, `${c.voice}.txt`);
  const notes = MIDI.map((m, i) => ({ midi: m, start: REST + i * (NOTE + REST), end: REST + i * (NOTE + REST) + NOTE }));
  fs.writeFileSync(
    xml,
    [
      '<?xml version="1.0"?>',
      '<!DOCTYPE SINGING PUBLIC "-//SINGING//DTD SINGING mark up//EN" "Singing.v0_1.dtd" []>',
      '<SINGING BPM="60">',
      ...notes.flatMap((n) => [
        `<REST SECONDS="${REST}"></REST>`,
        `<DURATION SECONDS="${NOTE}"><PITCH FREQ="${hz(n.midi).toFixed(3)}">la</PITCH></DURATION>`,
      ]),
      '</SINGING>',
      '',
    ].join('\n'),
  );
  const scm = path.join(work, 'sing.scm');
  fs.writeFileSync(
    scm,
    [
      '(load (path-append datadir "init.scm"))',
      `(load "${packageFile('src/corpus/singer/singing-mode.scm')}")`,
      `(voice_${c.voice})`,
      '(set! mf_utts nil)',
      '(define (mf_collect utt) (set! mf_utts (cons utt mf_utts)) utt)',
      '(set! tts_hooks (list utt.synth mf_collect))',
      `(tts_file "${xml}" 'singing)`,
      '(set! utt (car mf_utts))',
      `(utt.save.wave utt "${wav}" 'riff)`,
      `(set! fd (fopen "${seg}" "w"))`,
      '(mapcar (lambda (s) (format fd "%f %f %s %s\\n" (item.feat s \'segment_start) (item.feat s \'end) (item.name s) (item.feat s "R:SylStructure.parent.parent.name"))) (utt.relation.items utt \'Segment))',
      '(fclose fd)',
      '',
    ].join('\n'),
  );
  const res = spawnSync('festival', ['--script', scm], { encoding: 'utf8', timeout: 120000 });
  const siod = /SIOD ERROR[^\n]*/.exec(res.stderr ?? '')?.[0];
  if (siod || !fs.existsSync(wav) || !fs.existsSync(seg))
    return `| ${c.voice} | ${c.language} | — | — | — | fails: ${siod ?? (res.stderr || '').trim().split('\n').pop()} |`;
  const audio = readWav(fs.readFileSync(wav), wav);
  const x = audio.channels[0];
  const rows = fs
    .readFileSync(seg, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(' '))
    .map(([s, e, ph, w]) => ({ start: Number(s), end: Number(e), phone: ph, word: w }));
  // The sung syllables: runs of non-silence phones (a split vowel's onset and release are outside the
  // syllable structure, so the word feature cannot be used to group them).
  const silence = rows[0].phone;
  const syls: (typeof rows)[] = [];
  let inSyl = false;
  for (const r of rows) {
    if (r.phone === silence || !(r.end - r.start > 1e-4)) {
      if (r.phone === silence) inSyl = false;
      continue;
    }
    if (!inSyl) syls.push([]);
    inSyl = true;
    syls[syls.length - 1].push(r);
  }
  const length = x.length / audio.sampleRate;
  const expected = notes[notes.length - 1].end;
  if (syls.length !== notes.length)
    return `| ${c.voice} | ${c.language} | — | — | ${length.toFixed(2)} s for ${expected.toFixed(2)} s | phone table has ${syls.length} sung syllables for ${notes.length} notes |`;
  const pitchErr: string[] = [];
  const allCents: number[] = [];
  const timing: number[] = [];
  notes.forEach((n, i) => {
    const vowel = syls[i].filter((r) => r.phone !== 'l').reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
    const v: number[] = [];
    for (let t = vowel.start + 0.25 * (vowel.end - vowel.start); t < vowel.start + 0.75 * (vowel.end - vowel.start); t += 0.01) {
      const p = pitchAt(x, audio.sampleRate, t);
      if (p > 0) v.push(cents(p, hz(n.midi)));
    }
    const m = median(v);
    allCents.push(Math.abs(m));
    pitchErr.push(`${n.midi}:${Number.isFinite(m) ? Math.round(m) : 'unvoiced'}`);
    timing.push(Math.abs(syls[i][syls[i].length - 1].end - n.end) * 1000);
  });
  const inTune = notes.filter((_, i) => allCents[i] <= 20).map((n) => n.midi);
  return `| ${c.voice} | ${c.language} | ${Math.round(median(allCents.filter(Number.isFinite)))} (${pitchErr.join(' ')}) | ${inTune.length ? `${inTune[0]}–${inTune[inTune.length - 1]}` : 'none'} | ${length.toFixed(2)} s for ${expected.toFixed(2)} s; syllable ends ±${Math.round(Math.max(...timing))} ms | ${rows[0].phone} |`;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-voices-'));
const lines = [
  '| voice | language | median \\|pitch error\\|, cents (per MIDI note) | notes within 20 cents | length, timing | silence phone / notes |',
  '| --- | --- | --- | --- | --- | --- |',
];
for (const c of CANDIDATES) {
  if (!fs.existsSync(path.join('/usr/share/festival/voices', c.dir))) {
    lines.push(`| ${c.voice} | ${c.language} | not installed | | | |`);
    continue;
  }
  lines.push(measure(c, work));
  console.error(lines[lines.length - 1]);
}
fs.rmSync(work, { recursive: true, force: true });
console.log(lines.join('\n'));
