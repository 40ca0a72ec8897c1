import * as fs from 'node:fs';
import * as path from 'node:path';
import { arkitIndex, trackFromJson } from '../../track';
import { DRUM } from '../composer/compose-band';
import type { Language, Score } from '../composer/score';
import type { Manifest } from '../manifest';
import { readWavInt16 } from '../mix/wav';
import { type PhoneRow, phonesFromCsv } from '../singer/phone-table';
import type { SongLabels } from '../teacher/perform-song';
import { energyOnsets, nearestErrors, quantile, vocalOnsetErrors } from './onsets';

export interface SongCheck {
  id: string;
  /** Samples where mixture ≠ vocals + accompaniment (must be 0). */
  mixMismatches: number;
  /** Phrase-onset errors, seconds (energy onset − labelled phone start). */
  vocalOnsetErrors: number[];
  /** Beat errors, seconds (nearest accompaniment onset − drum hit on the beat grid); NaN = no onset found. */
  beatErrors: number[];
  /** Sung vowels of 0.25 s or more whose middle is more than 40 dB below the vocal's loudest 10 ms. */
  silentVowels: number;
  /** Largest jawOpen in frames where vocalActive is 0. */
  restJawMax: number;
  /** Problems with the labels (empty when fine). */
  labelProblems: string[];
}

/**
 * Checks one song directory against its own audio: exact mix, phone and beat alignment, mouth closed
 * in rests, labels in range.
 * Example: `const c = checkSong('corpus/songs/s00000')`
 */
export function checkSong(dir: string): SongCheck {
  const read = (f: string) => fs.readFileSync(path.join(dir, f));
  const mix = readWavInt16(read('mixture.wav'), 'mixture.wav');
  const voc = readWavInt16(read('vocals.wav'), 'vocals.wav');
  const acc = readWavInt16(read('accompaniment.wav'), 'accompaniment.wav');
  let mixMismatches = 0;
  for (let c = 0; c < 2; c++)
    for (let i = 0; i < mix.channels[c].length; i++) if (mix.channels[c][i] !== voc.channels[c][i] + acc.channels[c][i]) mixMismatches++;

  const sr = mix.sampleRate;
  const phones = phonesFromCsv(read('phones.csv').toString('utf8'), path.join(dir, 'phones.csv'));
  // The phone table is the lead's: it is checked against the lead alone where the song has one
  // (backing vocals and reverb in vocals.wav sound where the lead does not).
  const leadFile = path.join(dir, 'lead.wav');
  const leadCh = fs.existsSync(leadFile) ? readWavInt16(fs.readFileSync(leadFile), 'lead.wav').channels[0] : voc.channels[0];
  const vocal = new Float32Array(leadCh.length);
  for (let i = 0; i < vocal.length; i++) vocal[i] = leadCh[i] / 32768;
  const vocalErrs = vocalOnsetErrors(vocal, sr, phones);
  const score = JSON.parse(read('score.json').toString('utf8')) as Score;
  const silentVowels = countSilentVowels(vocal, sr, phones, VOWELS[score.voice.language ?? 'english']);

  const beat = 60 / score.tempo;
  const drums = score.band.find((p) => p.name === 'drums');
  const hits = [
    ...new Set(
      (drums?.notes ?? [])
        .filter(
          (n) =>
            Number.isInteger(n.beat) &&
            (n.pitch === DRUM.kick || n.pitch === DRUM.snare || n.pitch === DRUM.clap || n.pitch === DRUM.crash || n.pitch === DRUM.stick),
        )
        .map((n) => n.beat * beat)
        .filter((t) => t < score.seconds - 0.1),
    ),
  ].sort((a, b) => a - b);
  const accMono = new Float32Array(acc.channels[0].length);
  for (let i = 0; i < accMono.length; i++) accMono[i] = (acc.channels[0][i] + acc.channels[1][i]) / 65536;
  const beatErrs = nearestErrors(hits, energyOnsets(accMono, sr));

  const track = trackFromJson(read('track.json').toString('utf8'), path.join(dir, 'track.json'));
  const labels = JSON.parse(read('labels.json').toString('utf8')) as SongLabels;
  const problems: string[] = [];
  const T = track.frameCount;
  if (T !== Math.round(score.seconds * track.fps)) problems.push(`frameCount ${T} is not round(${score.seconds} s × ${track.fps})`);
  if (labels.eyeLong.length !== T || labels.vocalActive.length !== T) problems.push('labels are not one value per frame');
  if (labels.eyeLong.some((v) => !(v >= 0 && v <= 1))) problems.push('eyeLong outside 0…1');
  if (labels.vocalActive.some((v) => v !== 0 && v !== 1)) problems.push('vocalActive not 0/1');
  if (labels.blinks.some(([a, b]) => !(a >= 0 && b <= T && b > a))) problems.push('blink outside the song');
  for (let i = 0; i < T * 6; i++) {
    const v = track.pose[i];
    const limit = i % 6 < 3 ? 0.5 : 0.1;
    if (!(Math.abs(v) < limit)) {
      problems.push(`pose column ${i % 6} at frame ${Math.floor(i / 6)} is ${v}, beyond ±${limit}`);
      break;
    }
  }
  const jaw = arkitIndex('jawOpen');
  let restJawMax = 0;
  for (let t = 0; t < T; t++) if (!labels.vocalActive[t]) restJawMax = Math.max(restJawMax, track.expression[t * 52 + jaw]);
  return {
    id: path.basename(dir),
    mixMismatches,
    vocalOnsetErrors: vocalErrs,
    beatErrors: beatErrs,
    silentVowels,
    restJawMax,
    labelProblems: problems,
  };
}

const VOWELS: Record<Language, Set<string>> = {
  english: new Set(['aa', 'ae', 'ah', 'ao', 'aw', 'ax', 'ay', 'eh', 'er', 'ey', 'ih', 'iy', 'ow', 'oy', 'uh', 'uw']),
  italian: new Set(['i', 'e', 'E', 'a', 'o', 'O', 'u', 'i1', 'e1', 'E1', 'a1', 'o1', 'O1', 'u1']),
  finnish: new Set(['a', 'e', 'i', 'o', 'u', 'y', '&', 'a:', 'e:', 'i:', 'o:', 'u:', 'y:']),
};

/** A synthesizer that lacks a unit sings silence; every long sung vowel must be heard. */
function countSilentVowels(vocal: Float32Array, sr: number, phones: readonly PhoneRow[], vowels: Set<string>): number {
  const win = Math.round(sr / 100);
  const rms = (a: number) => {
    let s = 0;
    for (let i = a; i < a + win && i < vocal.length; i++) s += vocal[i] * vocal[i];
    return Math.sqrt(s / win);
  };
  let peak = 0;
  for (let a = 0; a + win <= vocal.length; a += win) peak = Math.max(peak, rms(a));
  let silent = 0;
  for (const p of phones) {
    if (!vowels.has(p.phone) || p.end - p.start < 0.25) continue;
    const mid = Math.round(((p.start + p.end) / 2) * sr);
    if (rms(mid) < peak * 0.01) silent++;
  }
  return silent;
}

export interface CorpusCheck {
  songs: number;
  mixMismatches: number;
  vocal: { count: number; medianMs: number; medianAbsMs: number; p95AbsMs: number };
  beats: { count: number; found: number; medianAbsMs: number; p95AbsMs: number };
  silentVowels: number;
  restJawMax: number;
  labelProblems: string[];
}

/**
 * Checks the first `limit` songs of a corpus and summarises the alignment errors.
 * Example: `checkCorpus('corpus', 10).vocal.p95AbsMs`
 */
export function checkCorpus(out: string, limit = Infinity): CorpusCheck {
  const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
  const checks = manifest.songs.slice(0, limit).map((s) => checkSong(path.join(out, 'songs', s.id)));
  const v = checks.flatMap((c) => c.vocalOnsetErrors);
  const b = checks.flatMap((c) => c.beatErrors);
  const ms = (x: number) => Math.round(x * 10000) / 10;
  return {
    songs: checks.length,
    mixMismatches: checks.reduce((s, c) => s + c.mixMismatches, 0),
    vocal: {
      count: v.length,
      medianMs: ms(quantile(v, 0.5)),
      medianAbsMs: ms(quantile(v.map(Math.abs), 0.5)),
      p95AbsMs: ms(quantile(v.map(Math.abs), 0.95)),
    },
    beats: {
      count: b.length,
      found: b.filter(Number.isFinite).length,
      medianAbsMs: ms(quantile(b.map(Math.abs), 0.5)),
      p95AbsMs: ms(quantile(b.map(Math.abs), 0.95)),
    },
    silentVowels: checks.reduce((s, c) => s + c.silentVowels, 0),
    restJawMax: Math.max(0, ...checks.map((c) => c.restJawMax)),
    labelProblems: checks.flatMap((c) => c.labelProblems.map((p) => `${c.id}: ${p}`)),
  };
}
