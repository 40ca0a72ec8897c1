import * as fs from 'node:fs';
import * as path from 'node:path';
import { trackToJson } from '../track';
import { bandMidi, melodyMidi } from './band/band-midi';
import { renderBand } from './band/render-band';
import { VOICES, composeSong, songId } from './composer/compose-song';
import type { Score } from './composer/score';
import { writeMidi } from './midi/write-midi';
import { mixSong } from './mix/mix-song';
import { writeWavInt16 } from './mix/wav';
import { rngFor, CorpusError } from '../runtime';
import { phonesToCsv } from './singer/phone-table';
import { type Production, chooseProduction } from './production/choose-production';
import { vocalStem } from './production/vocal-stem';
import { performSong } from './teacher/perform-song';
import { STYLE_NAMES, type StyleName, styleIndex } from './teacher/styles';

export const SAMPLE_RATE = 44100;
export const FPS = 30;

export interface SynthSongOptions {
  /** Corpus directory; the song goes to `<out>/songs/<id>/`. */
  out: string;
  seed: number;
  index: number;
  seconds: number;
  /** Default: STYLE_NAMES[index % STYLE_NAMES.length], so every style gets the same share. */
  style?: StyleName;
  /** Default: chosen by seed (see composer/compose-song.ts VOICES). */
  voice?: string;
  festival?: string;
  fluidsynth?: string;
  soundfontDir?: string;
}

/** One song's line in the manifest (also stored as `song.json` in its directory). */
export interface SongEntry {
  id: string;
  index: number;
  seed: number;
  seconds: number;
  style: StyleName;
  styleIndex: number;
  voice: string;
  language: string;
  /** The stem the face follows: the lead singer alone, dry (mono). vocals.wav also holds the backing vocals and reverb. */
  lead: 'lead.wav';
  /** The singer's vibrato, breath and formants, the vocal chain, the backing vocals and the mix level. */
  production: Production;
  /** Vocal loudness above the band, LU (measured on the stored stems). */
  balanceLU: number;
  tempo: number;
  key: string;
  soundfont: string;
  notes: number;
  /** Seconds of the song with the singer singing. */
  vocalSeconds: number;
}

/** Wall-clock seconds per stage (not stored: files must not depend on timing). */
export type StageTimes = Record<'compose' | 'sing' | 'band' | 'mix' | 'teacher' | 'write', number>;

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Directory of song `index` in corpus `out`. */
export function songDir(out: string, index: number): string {
  return path.join(out, 'songs', songId(index));
}

/**
 * Makes one song of the corpus end to end — compose, sing (Festival), play (fluidsynth), mix, perform
 * (the teacher) — and writes it to `<out>/songs/<id>/`. Everything goes to a temporary directory
 * first and is renamed into place at the end, so a song directory is either complete or absent; an
 * existing one is left alone (resuming a run) and its entry returned.
 * Example: `synthSong({ out: 'corpus', seed: 1, index: 0, seconds: 30 })`
 */
export function synthSong(opts: SynthSongOptions): { entry: SongEntry; skipped: boolean; times?: StageTimes } {
  const id = songId(opts.index);
  const dir = songDir(opts.out, opts.index);
  const done = path.join(dir, 'song.json');
  if (fs.existsSync(done)) return { entry: JSON.parse(fs.readFileSync(done, 'utf8')), skipped: true };
  if (fs.existsSync(dir)) throw new CorpusError(`${dir} exists but has no song.json; remove it and run again`, { file: dir });
  const songs = path.dirname(dir);
  fs.mkdirSync(songs, { recursive: true });
  // Leftovers of an interrupted run of this song.
  for (const f of fs.readdirSync(songs)) if (f.startsWith(`.${id}.`)) fs.rmSync(path.join(songs, f), { recursive: true, force: true });
  const tmp = path.join(songs, `.${id}.${process.pid}.tmp`);
  const work = path.join(tmp, 'work');
  fs.mkdirSync(work, { recursive: true });
  try {
    const { entry, times } = makeSong(opts, tmp, work);
    fs.rmSync(work, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
    return { entry, skipped: false, times };
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

function makeSong(opts: SynthSongOptions, dir: string, work: string): { entry: SongEntry; times: StageTimes } {
  const clock = (() => {
    let last = process.hrtime.bigint();
    return () => {
      const now = process.hrtime.bigint();
      const s = Number(now - last) / 1e9;
      last = now;
      return s;
    };
  })();
  const times = {} as StageTimes;
  const style = opts.style ?? STYLE_NAMES[opts.index % STYLE_NAMES.length];
  const score = composeSong({ seconds: opts.seconds, seed: opts.seed, index: opts.index, voice: opts.voice });
  times.compose = clock();

  const n = Math.round(opts.seconds * SAMPLE_RATE);
  const production = chooseProduction(opts.seed, opts.index, score.voice, VOICES);
  const vocal = vocalStem(score, production, {
    workDir: work,
    festival: opts.festival,
    sampleRate: SAMPLE_RATE,
    length: n,
    seed: opts.seed,
    index: opts.index,
  });
  const phones = vocal.phones;
  times.sing = clock();

  const band = renderBand(score, { workDir: work, fluidsynth: opts.fluidsynth, soundfontDir: opts.soundfontDir, sampleRate: SAMPLE_RATE });
  times.band = clock();

  const balance = rngFor(opts.seed, 'song', opts.index, 'mix').uniform(2, 8);
  const mix = mixSong(vocal.stereo, band, SAMPLE_RATE, { balanceLU: balance, peakDb: production.peakDb }, vocal.lead);
  times.mix = clock();

  const { track, labels } = performSong(score, phones, style, { fps: FPS });
  times.teacher = clock();

  const write = (name: string, data: string | Uint8Array) => fs.writeFileSync(path.join(dir, name), data);
  write('mixture.wav', writeWavInt16(mix.mixture, SAMPLE_RATE));
  write('vocals.wav', writeWavInt16(mix.vocals, SAMPLE_RATE));
  write('lead.wav', writeWavInt16([mix.lead!], SAMPLE_RATE));
  write('accompaniment.wav', writeWavInt16(mix.accompaniment, SAMPLE_RATE));
  write('score.json', JSON.stringify(score, null, 1) + '\n');
  write('band.mid', writeMidi(bandMidi(score)));
  write('melody.mid', writeMidi(melodyMidi(score)));
  write('phones.csv', phonesToCsv(phones));
  write('beats.json', JSON.stringify(beatGrid(score), null, 1) + '\n');
  write('track.json', trackToJson(track));
  write('labels.json', JSON.stringify(labels) + '\n');
  const vocalSeconds = phones.filter((p) => p.note >= 0).reduce((s, p) => s + p.end - p.start, 0);
  const entry: SongEntry = {
    id: score.id,
    index: opts.index,
    seed: opts.seed,
    seconds: opts.seconds,
    style,
    styleIndex: styleIndex(style),
    voice: score.voice.name,
    language: score.voice.language,
    lead: 'lead.wav',
    production,
    balanceLU: Math.round((mix.vocalLufs - mix.bandLufs) * 100) / 100,
    tempo: score.tempo,
    key: `${score.key.tonicName} ${score.key.mode}`,
    soundfont: score.soundfont,
    notes: score.notes.length,
    vocalSeconds: Math.round(vocalSeconds * 1000) / 1000,
  };
  write('song.json', JSON.stringify(entry, null, 1) + '\n');
  times.write = clock();
  return { entry, times };
}

/** beats.json: the beat grid, downbeats, tempo and sections (all times in seconds). */
export interface BeatGrid {
  tempo: number;
  beatsPerBar: number;
  beats: number[];
  downbeats: number[];
  sections: { name: string; start: number; end: number; energy: number; vocal: boolean; climax: boolean }[];
}

/** The beat grid of a score: every beat from 0 to the end of the song. */
export function beatGrid(score: Score): BeatGrid {
  const beat = 60 / score.tempo;
  const beats: number[] = [];
  for (let k = 0; k * beat < score.seconds - 1e-9; k++) beats.push(r6(k * beat));
  return {
    tempo: score.tempo,
    beatsPerBar: score.beatsPerBar,
    beats,
    downbeats: beats.filter((_, k) => k % score.beatsPerBar === 0),
    sections: score.sections.map((s) => ({
      name: s.name,
      start: r6(s.start),
      end: r6(s.end),
      energy: r6(s.energy),
      vocal: s.vocal,
      climax: s.climax,
    })),
  };
}
