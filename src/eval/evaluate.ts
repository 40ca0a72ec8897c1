import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeAudio } from '../audio';
import { performSectionEmotions, type Score } from '../corpus';
import { FEATURE_PARAMS, videoFrameCount } from '../features';
import { cardSeparator, generateTrack, loadGenerator, type LoadedGenerator } from '../generator';
import type { EmotionChoice } from '../emotion';
import { type ProgressCallback, CorpusError } from '../runtime';
import { DEFAULT_SEPARATOR, createSeparator, type Separator } from '../separation';
import { songFeatures, type SongStreams } from '../song-features';
import { type FaceTrack, trackFromJson, blinkStats } from '../track';
import { cca } from './cca';
import { mouthBasis, mouthLmd, type MouthBasis } from './lmd';
import { beatAlignScore, motionBeats, poseRows, roughness, speedRows } from './motion';
import { silentMouthClosedFraction } from './silent-mouth';

export interface EvaluateOptions {
  /** Corpus made by `musicface corpus synth`; its test split is used. */
  corpus: string;
  /** Generator specs (names in models/ or card paths). */
  models: string[];
  /** Rigs for mouth LMD (glTF with ARKit-named morph targets). */
  rigs: string[];
  /** Real songs with true stems: [mixture, vocals] pairs for the vocal-silent mouth check. */
  realSongs?: { name: string; mixture: string; vocals: string }[];
  split?: string;
  /** Which manifest field holds the split ('split' by song, 'styleSplit' for held-out styles). */
  splitKey?: string;
  separator?: string;
  seed?: number;
  /** Score with the emotion layer on ('auto', 'joy', …); absent: the generator alone. */
  emotion?: EmotionChoice;
  /**
   * Score against the teacher performing the composer's section emotions (the corpus track with
   * corpus/teacher/emotion-face.ts played on it, as `performSong(…, { emotion: true })` makes it)
   * instead of the neutral teacher the corpus was made with.
   */
  truthEmotion?: boolean;
  maxSongs?: number;
  allowFixture?: boolean;
  onProgress?: ProgressCallback;
}

/** One model's scores: means over the test songs (and each real song). */
export interface ModelScores {
  model: string;
  variant: string;
  songs: number;
  lmd: Record<string, number>;
  ccaSpeed: number;
  ccaPose: number;
  rough: number;
  roughTruth: number;
  ccaEye: number;
  blinksPerSecond: number;
  blinksPerSecondTruth: number;
  meanBlinkSeconds: number;
  meanBlinkSecondsTruth: number;
  beatAlign: number;
  beatAlignTruth: number;
  silentMouthClosed: Record<string, number>;
}

interface TestSong {
  id: string;
  style: string;
  dir: string;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

function testSongs(o: EvaluateOptions): TestSong[] {
  const file = path.join(o.corpus, 'manifest.json');
  if (!fs.existsSync(file))
    throw new CorpusError(`${o.corpus}: no manifest.json (make a corpus with \`musicface corpus synth\`)`, { file: o.corpus });
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { songs: Record<string, string>[] };
  const key = o.splitKey ?? 'split';
  const songs = manifest.songs
    .filter((s) => s[key] === (o.split ?? 'test'))
    .map((s) => ({ id: s.id, style: s.style, dir: path.join(o.corpus, 'songs', s.id) }));
  if (!songs.length) throw new CorpusError(`${file}: no songs with ${key} = ${o.split ?? 'test'}`, { file });
  return o.maxSongs ? songs.slice(0, o.maxSongs) : songs;
}

function beatFrames(dir: string, fps: number): number[] {
  const grid = JSON.parse(fs.readFileSync(path.join(dir, 'beats.json'), 'utf8')) as { beats: number[] };
  return grid.beats.map((b) => Math.round(b * fps));
}

interface SongScores {
  lmd: number[];
  ccaSpeed: number;
  ccaPose: number;
  rough: number;
  roughTruth: number;
  ccaEye: number;
  blinks: number;
  blinksTruth: number;
  blinkSeconds: number;
  blinkSecondsTruth: number;
  ba: number;
  baTruth: number;
}

function scoreSong(
  pred: FaceTrack,
  eyeLong: Float32Array,
  truth: FaceTrack,
  truthEyeLong: number[],
  beats: number[],
  bases: MouthBasis[],
): SongScores {
  const T = Math.min(pred.frameCount, truth.frameCount);
  const eyeRows = (x: ArrayLike<number>) => Array.from({ length: T }, (_, t) => [x[t]]);
  const bp = blinkStats(
    pred.eyes.filter((_, i) => i % 2 === 0),
    pred.fps,
  );
  const bt = blinkStats(
    truth.eyes.filter((_, i) => i % 2 === 0),
    truth.fps,
  );
  return {
    lmd: bases.map((b) => mouthLmd(b, pred, truth)),
    ccaSpeed: cca(speedRows(pred).slice(0, T), speedRows(truth).slice(0, T)),
    ccaPose: cca(poseRows(pred).slice(0, T), poseRows(truth).slice(0, T)),
    rough: roughness(pred),
    roughTruth: roughness(truth),
    ccaEye: cca(eyeRows(eyeLong), eyeRows(truthEyeLong)),
    blinks: bp.blinksPerSecond,
    blinksTruth: bt.blinksPerSecond,
    blinkSeconds: bp.meanBlinkSeconds,
    blinkSecondsTruth: bt.meanBlinkSeconds,
    ba: beatAlignScore(beats, motionBeats(pred)),
    baTruth: beatAlignScore(beats, motionBeats(truth)),
  };
}

async function generate(gen: LoadedGenerator, streams: SongStreams, style: string | undefined, seed: number, emotion?: EmotionChoice) {
  const frames = videoFrameCount(streams.duration);
  const known = style !== undefined && gen.card.styles.includes(style);
  // The corpus' teacher blinks with the paper's sampler (3.3.3), so its blink statistics are the truth
  // only for that sampler; the human one (the default elsewhere) would differ by design.
  return generateTrack(gen, streams, frames, {
    style: known ? style : undefined,
    seed,
    blinks: 'paper',
    ...(emotion ? { emotion: { emotion } } : {}),
  });
}

/**
 * The paper's Table 1 metrics for each model on the corpus test songs, plus the real-song check.
 * Example: `await evaluate({ corpus: 'corpus', models: ['musicface-full'], rigs: [defaultHeadPath()] })`
 */
export async function evaluate(o: EvaluateOptions): Promise<ModelScores[]> {
  const songs = testSongs(o);
  const seed = o.seed ?? 0;
  const gens = await Promise.all(o.models.map((m) => loadGenerator(m, FEATURE_PARAMS, { allowFixture: o.allowFixture })));
  const needMixture = gens.some((g) => g.card.contract.inputs.includes('mixture'));
  const bases = await Promise.all(o.rigs.map((r) => mouthBasis(r)));
  const separator: Separator = await createSeparator(o.separator ?? cardSeparator(gens) ?? DEFAULT_SEPARATOR);
  const per: SongScores[][] = gens.map(() => []);
  for (const [i, song] of songs.entries()) {
    const truth = trackFromJson(fs.readFileSync(path.join(song.dir, 'track.json'), 'utf8'), path.join(song.dir, 'track.json'));
    if (o.truthEmotion) performSectionEmotions(truth, JSON.parse(fs.readFileSync(path.join(song.dir, 'score.json'), 'utf8')) as Score);
    const labels = JSON.parse(fs.readFileSync(path.join(song.dir, 'labels.json'), 'utf8')) as { eyeLong: number[] };
    const streams = await songFeatures(path.join(song.dir, 'mixture.wav'), needMixture, { separator });
    const beats = beatFrames(song.dir, truth.fps);
    for (const [k, gen] of gens.entries()) {
      const { track, eyeLong } = await generate(gen, streams, song.style, seed, o.emotion);
      per[k].push(scoreSong(track, eyeLong, truth, labels.eyeLong, beats, bases));
    }
    o.onProgress?.({ stage: 'eval', done: i + 1, total: songs.length, item: song.id });
  }
  const real: Record<string, number>[] = gens.map(() => ({}));
  for (const r of o.realSongs ?? []) {
    const streams = await songFeatures(r.mixture, needMixture, { separator });
    const vocals = await decodeAudio(r.vocals);
    for (const [k, gen] of gens.entries()) {
      const { track } = await generate(gen, streams, undefined, seed, o.emotion);
      real[k][r.name] = silentMouthClosedFraction(track, vocals).fraction;
    }
  }
  return gens.map((gen, k) => {
    const s = per[k];
    const m = (f: (x: SongScores) => number) => mean(s.map(f));
    return {
      model: gen.card.id,
      variant: gen.card.contract.variant,
      songs: s.length,
      lmd: Object.fromEntries(o.rigs.map((r, j) => [path.basename(r), m((x) => x.lmd[j])])),
      ccaSpeed: m((x) => x.ccaSpeed),
      ccaPose: m((x) => x.ccaPose),
      rough: m((x) => x.rough),
      roughTruth: m((x) => x.roughTruth),
      ccaEye: m((x) => x.ccaEye),
      blinksPerSecond: m((x) => x.blinks),
      blinksPerSecondTruth: m((x) => x.blinksTruth),
      meanBlinkSeconds: m((x) => x.blinkSeconds),
      meanBlinkSecondsTruth: m((x) => x.blinkSecondsTruth),
      beatAlign: m((x) => x.ba),
      beatAlignTruth: m((x) => x.baTruth),
      silentMouthClosed: real[k],
    };
  });
}

/** The scores as the paper's Table 1 (markdown). */
export function scoresToMarkdown(scores: ModelScores[]): string {
  const f = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : '—');
  const rigs = Object.keys(scores[0]?.lmd ?? {});
  const reals = Object.keys(scores[0]?.silentMouthClosed ?? {});
  const head = [
    'variant',
    ...rigs.map((r) => `LMD ${r.replace(/\.glb$/, '')} (mm) ↓`),
    'CCA speed ↑',
    'CCA pose ↑',
    'Rough ↓',
    'CCA eye ↑',
    'blinks/s',
    'blink s',
    'BA ↑',
    ...reals.map((r) => `mouth closed, ${r} vocal-silent ↑`),
  ];
  const rows = scores.map((s) => [
    s.model === s.variant ? s.variant : `${s.variant} (${s.model})`,
    ...rigs.map((r) => f(s.lmd[r], 2)),
    f(s.ccaSpeed),
    f(s.ccaPose),
    f(s.rough),
    f(s.ccaEye),
    f(s.blinksPerSecond),
    f(s.meanBlinkSeconds),
    f(s.beatAlign),
    ...reals.map((r) => f(s.silentMouthClosed[r])),
  ]);
  const t = scores[0];
  const truth = t
    ? [
        'ground truth',
        ...rigs.map(() => '0'),
        '1',
        '1',
        f(t.roughTruth),
        '1',
        f(t.blinksPerSecondTruth),
        f(t.meanBlinkSecondsTruth),
        f(t.beatAlignTruth),
        ...reals.map(() => '—'),
      ]
    : [];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line), ...(t ? [line(truth)] : [])].join('\n') + '\n';
}
