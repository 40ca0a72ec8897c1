import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Audio, audioLength, decodeAudio } from '../audio';
import { CorpusError } from '../runtime';

/**
 * A real song given as its stems: the lead vocal (what the face sings), backing vocals (the face does
 * not sing them) and everything else (the band). Mixture = the sum of all of them.
 */
export interface Multitrack {
  name: string;
  dir: string;
  lead: string[];
  backing: string[];
  band: string[];
}

const AUDIO = /\.(wav|flac|mp3|m4a|aac|ogg|opus)$/i;
const VOCAL = /vox|vocal|voice|singer/i;
const LEAD = /lead|main vocal|^vocals?\./i;

/**
 * The stems of one song folder. A `stems.json` ({ "lead": [...], "backing": [...], "band": [...] }, file
 * names) decides when present; otherwise names do: a file whose name says vox/vocal/voice is a vocal,
 * the vocal whose name says lead (or the only vocal) is the lead, other vocals are backing, the rest band.
 */
export function readMultitrack(dir: string): Multitrack {
  const name = path.basename(path.resolve(dir));
  const manifest = path.join(dir, 'stems.json');
  if (fs.existsSync(manifest)) {
    let m: Partial<Record<'lead' | 'backing' | 'band', string[]>>;
    try {
      m = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    } catch (e) {
      throw new CorpusError(`${manifest}: not valid JSON (${(e as Error).message.split('\n')[0]})`, { file: manifest });
    }
    const files = (k: 'lead' | 'backing' | 'band') => (m[k] ?? []).map((f) => path.join(dir, f));
    const mt = { name, dir, lead: files('lead'), backing: files('backing'), band: files('band') };
    for (const f of [...mt.lead, ...mt.backing, ...mt.band])
      if (!fs.existsSync(f)) throw new CorpusError(`${manifest}: lists ${path.basename(f)}, which is not in ${dir}`, { file: manifest });
    if (!mt.lead.length) throw new CorpusError(`${manifest}: names no "lead" stem`, { file: manifest });
    return mt;
  }
  const files = fs
    .readdirSync(dir)
    .filter((f) => AUDIO.test(f))
    .sort();
  const vocals = files.filter((f) => VOCAL.test(f));
  let lead = vocals.filter((f) => LEAD.test(f));
  if (!lead.length && vocals.length === 1) lead = vocals;
  if (!lead.length)
    throw new CorpusError(`${dir}: no lead vocal stem (name one with "lead" in it, or list it in stems.json)`, { file: dir });
  const backing = vocals.filter((f) => !lead.includes(f));
  const band = files.filter((f) => !vocals.includes(f));
  const join = (xs: string[]) => xs.map((f) => path.join(dir, f));
  return { name, dir, lead: join(lead), backing: join(backing), band: join(band) };
}

/** `dir` is one song's folder (it holds audio files) or a folder of such folders. */
export function findMultitracks(dir: string): Multitrack[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw new CorpusError(`${dir}: not a folder of multitrack songs`, { file: dir });
  const entries = fs.readdirSync(dir);
  if (entries.some((f) => AUDIO.test(f))) return [readMultitrack(dir)];
  const songs = entries
    .sort()
    .map((e) => path.join(dir, e))
    .filter((p) => fs.statSync(p).isDirectory() && fs.readdirSync(p).some((f) => AUDIO.test(f)));
  if (!songs.length) throw new CorpusError(`${dir}: no song folders with audio stems in it`, { file: dir });
  return songs.map(readMultitrack);
}

/** The summed stems of a song, every part at the same rate and length. */
export interface MixedMultitrack {
  lead: Audio;
  backing: Audio;
  band: Audio;
}

/** Decodes and sums a group of stems into one stereo signal (missing stems → silence). */
async function sumStems(files: string[], sampleRate: number, length: number): Promise<Audio> {
  const out = [new Float32Array(length), new Float32Array(length)];
  for (const f of files) {
    const a = await decodeAudio(f, { sampleRate, channels: 2 });
    const n = Math.min(length, audioLength(a));
    for (let c = 0; c < 2; c++) {
      const src = a.channels[c];
      const dst = out[c];
      for (let i = 0; i < n; i++) dst[i] += src[i];
    }
  }
  return { sampleRate, channels: out };
}

/** Decodes a multitrack at 44.1 kHz stereo; its length is the lead stem's. */
export async function mixMultitrack(m: Multitrack, sampleRate = 44100): Promise<MixedMultitrack> {
  const first = await decodeAudio(m.lead[0], { sampleRate, channels: 2 });
  const length = audioLength(first);
  return {
    lead: await sumStems(m.lead, sampleRate, length),
    backing: await sumStems(m.backing, sampleRate, length),
    band: await sumStems(m.band, sampleRate, length),
  };
}

/** Sum of signals of one rate and length, times a gain in dB. */
export function sumAudio(parts: Audio[], gainDb = 0): Audio {
  const g = Math.pow(10, gainDb / 20);
  const n = audioLength(parts[0]);
  const channels = parts[0].channels.map((_, c) => {
    const out = new Float32Array(n);
    for (const p of parts) {
      const x = p.channels[c];
      for (let i = 0; i < n; i++) out[i] += x[i];
    }
    if (g !== 1) for (let i = 0; i < n; i++) out[i] *= g;
    return out;
  });
  return { sampleRate: parts[0].sampleRate, channels };
}
