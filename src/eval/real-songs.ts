import { audioLength } from '../audio';
import { type StreamFeatures, videoFrameCount } from '../features';
import { generateTrack, type LoadedGenerator } from '../generator';
import type { ProgressCallback } from '../runtime';
import type { Separator } from '../separation';
import { audioToMfcc, songFeatures } from '../song-features';
import { type FaceTrack, weightCurve } from '../track';
import { findMultitracks, mixMultitrack, type MixedMultitrack, sumAudio } from './multitrack';
import { activeFrames, frameRmsDb, percentile } from './vocal-activity';

/** The mouth counts as open above this jawOpen (as in the vocal-silent check). */
export const OPEN_ABOVE = 0.1;

/** How one track sings one real song, against where its true stems sing. */
export interface RealSongScores {
  song: string;
  /** 'separated' (the mixture through the separator) or 'true-stems' (vocals = lead + backing, band). */
  input: string;
  gainDb: number;
  frames: number;
  leadFrames: number;
  /** Share of lead-sung frames with the mouth open. */
  openWhileLead: number;
  /** Share of frames where no vocal stem sings with the mouth open. */
  openNoVoice: number;
  /** Share of frames where backing vocals sing and the lead does not, with the mouth open (no target). */
  openBackingOnly: number;
  /** jawOpen over the lead-sung frames. */
  jaw: { mean: number; median: number; p90: number };
  /** Frames by which jawOpen trails the lead's level (peak of their cross-correlation within ±15 frames). */
  lagFrames: number;
  lagCorrelation: number;
}

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return xs.length ? s / xs.length : NaN;
}

/** Share (0…1) of the `where` frames that are `open`; NaN where there are none. */
export function share(open: boolean[], where: boolean[]): number {
  let n = 0;
  let k = 0;
  for (let t = 0; t < where.length; t++) {
    if (!where[t]) continue;
    n++;
    if (open[t]) k++;
  }
  return n ? k / n : NaN;
}

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] - ma;
    const y = b[i] - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

/** The lag (frames, positive = jaw later) at which jawOpen best follows the lead's level. */
function jawLag(jaw: Float32Array, leadDb: Float64Array, maxLag = 15): { lag: number; r: number } {
  const floor = percentile(leadDb, 95) - 40;
  const env = Float64Array.from(leadDb, (d) => Math.max(d, floor));
  let best = { lag: 0, r: -Infinity };
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    const a: number[] = [];
    const b: number[] = [];
    for (let t = Math.max(0, -lag); t < jaw.length && t + lag < jaw.length; t++) {
      a.push(env[t]);
      b.push(jaw[t + lag]);
    }
    const r = pearson(a, b);
    if (r > best.r) best = { lag, r };
  }
  return best;
}

/** Scores a track against the song's true stems (the activity rule of src/eval/vocal-activity.ts). */
export function scoreRealSong(track: FaceTrack, stems: MixedMultitrack, song: string, input: string, gainDb: number): RealSongScores {
  const T = track.frameCount;
  const lead = activeFrames(stems.lead, T, track.fps);
  const backing = audioLength(stems.backing) ? activeFrames(stems.backing, T, track.fps) : new Array<boolean>(T).fill(false);
  const jaw = weightCurve(track, 'jawOpen');
  const open = Array.from(jaw, (j) => j > OPEN_ABOVE);
  const sungJaw = Array.from(jaw).filter((_, t) => lead[t]);
  const lag = jawLag(jaw, frameRmsDb(stems.lead, T, track.fps));
  return {
    song,
    input,
    gainDb,
    frames: T,
    leadFrames: sungJaw.length,
    openWhileLead: share(open, lead),
    openNoVoice: share(
      open,
      lead.map((l, t) => !l && !backing[t]),
    ),
    openBackingOnly: share(
      open,
      lead.map((l, t) => !l && backing[t]),
    ),
    jaw: { mean: mean(sungJaw), median: percentile(sungJaw, 50), p90: percentile(sungJaw, 90) },
    lagFrames: lag.lag,
    lagCorrelation: lag.r,
  };
}

export interface RealEvalOptions {
  /** A folder of multitrack song folders (or one song's folder); see src/eval/multitrack.ts. */
  dir: string;
  generators: LoadedGenerator[];
  separator: Separator;
  /** Gains (dB) applied to the whole mixture; default [0]. */
  gainsDb?: number[];
  /** Also run each song from its true stems (vocals = lead + backing, accompaniment = band). */
  trueStems?: boolean;
  seed?: number;
  onProgress?: ProgressCallback;
}

/** Per model, per song (and gain, and input) scores on real multitracks. */
export async function evaluateRealSongs(o: RealEvalOptions): Promise<Record<string, RealSongScores[]>> {
  const songs = findMultitracks(o.dir);
  const out: Record<string, RealSongScores[]> = Object.fromEntries(o.generators.map((g) => [g.card.id, []]));
  const needMixture = o.generators.some((g) => g.card.contract.inputs.includes('mixture'));
  for (const [i, mt] of songs.entries()) {
    const stems = await mixMultitrack(mt);
    const runs: { input: string; gainDb: number; streams: () => Promise<StreamFeatures & { duration: number }> }[] = [];
    for (const g of o.gainsDb ?? [0]) {
      runs.push({
        input: 'separated',
        gainDb: g,
        streams: () => songFeatures(sumAudio([stems.lead, stems.backing, stems.band], g), needMixture, { separator: o.separator }),
      });
    }
    if (o.trueStems) {
      runs.push({
        input: 'true-stems',
        gainDb: 0,
        streams: async () => {
          const vocals = sumAudio([stems.lead, stems.backing]);
          return {
            vocals: audioToMfcc(vocals),
            accompaniment: audioToMfcc(stems.band),
            mixture: needMixture ? audioToMfcc(sumAudio([vocals, stems.band])) : undefined,
            duration: audioLength(vocals) / vocals.sampleRate,
          };
        },
      });
    }
    for (const run of runs) {
      const streams = await run.streams();
      for (const gen of o.generators) {
        const { track } = await generateTrack(gen, streams, videoFrameCount(streams.duration), { seed: o.seed ?? 0 });
        out[gen.card.id].push(scoreRealSong(track, stems, mt.name, run.input, run.gainDb));
      }
    }
    o.onProgress?.({ stage: 'real songs', done: i + 1, total: songs.length, item: mt.name });
  }
  return out;
}

/** The real-song report as markdown: one table per model, a row per song/input/gain, then the overall. */
export function realScoresToMarkdown(scores: Record<string, RealSongScores[]>): string {
  const pc = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : '—');
  const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '—');
  const head = [
    'song',
    'input',
    'gain dB',
    'open while lead sings ↑',
    'open, no voice ↓',
    'open, backing only',
    'jaw mean / median / p90 (lead sung)',
    'lag (frames)',
  ];
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  const parts: string[] = [];
  for (const [model, rows] of Object.entries(scores)) {
    const body = rows.map((r) => [
      r.song,
      r.input,
      r.gainDb,
      pc(r.openWhileLead),
      pc(r.openNoVoice),
      pc(r.openBackingOnly),
      `${f(r.jaw.mean)} / ${f(r.jaw.median)} / ${f(r.jaw.p90)}`,
      `${r.lagFrames} (r ${f(r.lagCorrelation)})`,
    ]);
    const sep = rows.filter((r) => r.input === 'separated' && r.gainDb === 0);
    const m = (k: (r: RealSongScores) => number) => mean(sep.map(k).filter(Number.isFinite));
    const overall = [
      '**mean**',
      'separated',
      0,
      pc(m((r) => r.openWhileLead)),
      pc(m((r) => r.openNoVoice)),
      pc(m((r) => r.openBackingOnly)),
      `${f(m((r) => r.jaw.mean))} / ${f(m((r) => r.jaw.median))} / ${f(m((r) => r.jaw.p90))}`,
      f(
        m((r) => r.lagFrames),
        1,
      ),
    ];
    parts.push(`### ${model}\n\n${[line(head), line(head.map(() => '---')), ...body.map(line), line(overall)].join('\n')}\n`);
  }
  return parts.join('\n');
}
