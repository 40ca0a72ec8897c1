import * as fs from 'node:fs';
import * as path from 'node:path';
import { resample } from '../../audio';
import { rngFor } from '../../runtime';
import { VOICES } from '../composer/compose-song';
import type { Score } from '../composer/score';
import { addBreath } from '../singer/breath';
import { shiftFormants } from '../singer/formant-shift';
import { type PhoneRow, isSilence } from '../singer/phone-table';
import { singFestival } from '../singer/sing-festival';
import { type VibratoParams, applyVibrato } from '../singer/vibrato';
import { applyVocalDynamics } from '../singer/vocal-dynamics';
import { backingScore } from './backing-score';
import { biquads } from './biquad';
import type { Production } from './choose-production';
import { compress } from './compressor';
import { reverb } from './reverb';

export interface VocalStemOptions {
  workDir: string;
  festival?: string;
  sampleRate: number;
  /** Length of the song, samples at `sampleRate`. */
  length: number;
  seed: number;
  index: number;
}

export interface VocalStem {
  /** The vocal stem: lead, backing vocals and reverb, two channels. */
  stereo: [Float32Array, Float32Array];
  /** The lead alone, dry (breath, EQ, compression; no reverb, no backing), mono. */
  lead: Float32Array;
  /** The lead's phone table (the teacher's input). */
  phones: PhoneRow[];
}

/**
 * Sings the score and produces the vocal stem as a record would: the lead (Festival, its note dynamics,
 * the singer's formants and vibrato, breath, then EQ and compression), the backing vocals
 * (`production.backing`: each its own Festival take, produced the same way, panned), and a reverb
 * on the whole. The phone table is the lead's alone.
 * Example: `const v = vocalStem(score, production, { workDir, sampleRate: 44100, length, seed: 1, index: 0 })`
 */
export function vocalStem(score: Score, production: Production, opts: VocalStemOptions): VocalStem {
  const sr = opts.sampleRate;
  const n = opts.length;
  const rng = (part: string) => rngFor(opts.seed, 'song', opts.index, 'vocal', part);
  const leadTake = sing(score, production.formant, production.vibrato, path.join(opts.workDir, 'lead'), opts);
  const lead = leadTake.audio;
  addBreath(lead, sr, leadTake.phones, production.breath, rng('breath'));
  const leadRms = sungRms(lead, sr, leadTake.phones);
  channelStrip(lead, sr, production, leadRms);

  const L = lead.slice();
  const R = lead.slice();
  production.backing.forEach((part, k) => {
    const voice = VOICES.find((v) => v.name === part.voice);
    if (!voice) throw new Error(`song ${score.id}: backing voice "${part.voice}" is not one of VOICES`);
    const bs = backingScore(score, part, voice, rng(`backing${k}`));
    if (!bs.notes.length) return;
    // A second singer's vibrato is not in step with the lead's: its own rate and depth near the lead's.
    const v = rng(`vibrato${k}`);
    const vibrato = production.vibrato && {
      ...production.vibrato,
      rate: production.vibrato.rate * v.uniform(0.9, 1.1),
      depthCents: production.vibrato.depthCents * v.uniform(0.7, 1.3),
    };
    const take = sing(bs, part.formant, vibrato, path.join(opts.workDir, `backing${k}`), opts);
    const x = take.audio;
    const rms = sungRms(x, sr, take.phones);
    if (!(rms > 0)) return;
    const g = (leadRms / rms) * Math.pow(10, part.gainDb / 20);
    for (let i = 0; i < n; i++) x[i] *= g;
    channelStrip(x, sr, production, leadRms * Math.pow(10, part.gainDb / 20));
    // Constant-power pan, unity in each channel at the centre.
    const a = ((part.pan + 1) * Math.PI) / 4;
    const gl = Math.SQRT2 * Math.cos(a);
    const gr = Math.SQRT2 * Math.sin(a);
    for (let i = 0; i < n; i++) {
      L[i] += gl * x[i];
      R[i] += gr * x[i];
    }
  });

  if (production.reverb) {
    const send = new Float32Array(n);
    for (let i = 0; i < n; i++) send[i] = 0.5 * (L[i] + R[i]);
    // The reverb runs at half the rate (its comb filters are most of the vocal chain's time); the
    // return above 11 kHz is what a plate's damping removes anyway.
    const half = Math.round(sr / 2);
    const [wl, wr] = reverb(resample(send, sr, half), half, production.reverb).map((c) => {
      const out = new Float32Array(n);
      out.set(resample(c, half, sr).subarray(0, n));
      return out;
    });
    for (let i = 0; i < n; i++) {
      L[i] += wl[i];
      R[i] += wr[i];
    }
  }
  return { stereo: [L, R], lead, phones: leadTake.phones };
}

/** One Festival take of `score`, its note dynamics, formants and vibrato, at the song's rate and length. */
function sing(
  score: Score,
  formant: number,
  vibrato: VibratoParams | null,
  workDir: string,
  opts: VocalStemOptions,
): { audio: Float32Array; phones: PhoneRow[] } {
  fs.mkdirSync(workDir, { recursive: true });
  const sung = singFestival(score, { workDir, festival: opts.festival });
  const rate = sung.audio.sampleRate;
  let x = sung.audio.channels[0];
  applyVocalDynamics(x, rate, score, sung.phones);
  x = shiftFormants(x, rate, formant, { f0At: noteFreqAt(score) });
  if (vibrato) x = applyVibrato(x, rate, score, vibrato);
  const out = new Float32Array(opts.length);
  out.set(resample(x, rate, opts.sampleRate).subarray(0, opts.length));
  return { audio: out, phones: sung.phones };
}

/** EQ, then compression with the threshold set below the voice's sung RMS `rms`. */
function channelStrip(x: Float32Array, sr: number, p: Production, rms: number): void {
  biquads(x, sr, p.eq);
  if (p.compressor && rms > 0) {
    const { thresholdBelowRmsDb, ...c } = p.compressor;
    compress(x, sr, { ...c, thresholdDb: 20 * Math.log10(rms) - thresholdBelowRmsDb });
  }
}

/** RMS of `x` over the sung (non-silent) phones. */
export function sungRms(x: Float32Array, sr: number, phones: readonly PhoneRow[]): number {
  let sum = 0;
  let count = 0;
  for (const r of phones) {
    if (isSilence(r)) continue;
    for (let i = Math.max(0, Math.round(r.start * sr)); i < Math.min(x.length, Math.round(r.end * sr)); i++) {
      sum += x[i] * x[i];
      count++;
    }
  }
  return count ? Math.sqrt(sum / count) : 0;
}

/** The score's note frequency at time t (NaN between notes), by binary search over the sorted notes. */
function noteFreqAt(score: Score): (t: number) => number {
  const notes = score.notes;
  return (t) => {
    let lo = 0;
    let hi = notes.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (notes[mid].end <= t) lo = mid + 1;
      else if (notes[mid].start > t) hi = mid - 1;
      else return notes[mid].freq;
    }
    return NaN;
  };
}
