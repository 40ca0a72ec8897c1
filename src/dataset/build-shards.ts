import * as fs from 'node:fs';
import * as path from 'node:path';
import { FEATURE_PARAMS, LEVEL_NORM, normalizeLevel } from '../features';
import { type Defaults, type ProgressCallback, writeFileAtomic, CorpusError, DatasetError, withDefaults } from '../runtime';
import { DEFAULT_SEPARATOR, createSeparator, type Separator } from '../separation';
import { songFeatures } from '../song-features';
import { trackFromJson } from '../track';
import { LABEL_COLUMNS, labelRows, type ShardEntry, type ShardIndex } from './shard-format';
import { windowIndex } from './window-index';

export interface BuildShardsOptions {
  /** Separator run on every mixture, as at inference (the paper trains on separated streams). */
  separator?: string;
  onProgress?: ProgressCallback;
  signal?: AbortSignal;
}

const DEFAULTS: Defaults<Omit<BuildShardsOptions, 'onProgress' | 'signal'>> = Object.freeze({ separator: DEFAULT_SEPARATOR });

interface CorpusSong {
  id: string;
  style: string;
  split?: string;
  styleSplit?: string;
  [k: string]: unknown;
}

interface CorpusManifest {
  styles: string[];
  songs: CorpusSong[];
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new DatasetError(`${file}: cannot read (${(e as Error).message.split('\n')[0]})`, { file });
  }
}

function writeBinary(file: string, data: Float32Array | Int32Array): void {
  writeFileAtomic(file, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

/** Writes one song's shard files; the labels file is written last, so its presence marks a finished song. */
async function shardSong(
  corpus: string,
  out: string,
  song: CorpusSong,
  separator: Separator,
  styles: string[],
  signal?: AbortSignal,
): Promise<ShardEntry> {
  const dir = path.join(corpus, 'songs', song.id);
  const track = trackFromJson(fs.readFileSync(path.join(dir, 'track.json'), 'utf8'), path.join(dir, 'track.json'));
  const labels = readJson<{ eyeLong: number[]; vocalActive: number[] }>(path.join(dir, 'labels.json'));
  const s = await songFeatures(path.join(dir, 'mixture.wav'), true, { separator, signal });
  const T = track.frameCount;
  const base = path.join(out, song.id);
  // Level-normalised as the runtime does for a card that records LEVEL_NORM (written into index.json).
  writeBinary(`${base}.vocals.f32`, normalizeLevel(s.vocals, LEVEL_NORM).data);
  writeBinary(`${base}.accompaniment.f32`, normalizeLevel(s.accompaniment, LEVEL_NORM).data);
  writeBinary(`${base}.mixture.f32`, normalizeLevel(s.mixture!, LEVEL_NORM).data);
  writeBinary(`${base}.widx.i32`, windowIndex(s.vocals.frames, T));
  writeBinary(`${base}.labels.f32`, labelRows(track, labels.eyeLong, labels.vocalActive));
  return entryFor(song, T, s.vocals.frames, styles);
}

function entryFor(song: CorpusSong, frames: number, mfccFrames: number, styles: string[]): ShardEntry {
  const styleIndex = styles.indexOf(song.style);
  if (styleIndex < 0) throw new CorpusError(`song ${song.id}: style "${song.style}" is not in the corpus style list`);
  return {
    id: song.id,
    frames,
    mfccFrames,
    style: song.style,
    styleIndex,
    split: song.split ?? 'train',
    styleSplit: song.styleSplit ?? 'train',
    source: typeof song.source === 'string' ? song.source : 'synthetic',
  };
}

/**
 * Corpus (from `musicface corpus synth`) → training shards, with the separator and feature code of
 * inference. Resumable: finished songs are kept.
 * Example: `await buildShards('corpus', 'shards', { separator: 'builtin' })`
 */
export async function buildShards(corpus: string, out: string, options: BuildShardsOptions = {}): Promise<ShardIndex> {
  const o = withDefaults(DEFAULTS, options);
  const manifestPath = path.join(corpus, 'manifest.json');
  if (!fs.existsSync(manifestPath))
    throw new CorpusError(`${corpus}: no manifest.json (make a corpus with \`musicface corpus synth\`)`, { file: corpus });
  const manifest = readJson<CorpusManifest>(manifestPath);
  fs.mkdirSync(out, { recursive: true });
  const separator = await createSeparator(o.separator);
  const indexPath = path.join(out, 'index.json');
  const previous = fs.existsSync(indexPath) ? readJson<ShardIndex>(indexPath) : undefined;
  // Songs written with another separator, level normalisation or label layout are redone (an index
  // without labelColumns predates the field, not the layout: its labels are kept and the field added).
  const reusable =
    previous &&
    previous.separator === separator.name &&
    JSON.stringify(previous.levels) === JSON.stringify(LEVEL_NORM) &&
    JSON.stringify(previous.labelColumns ?? LABEL_COLUMNS) === JSON.stringify(LABEL_COLUMNS);
  const done = new Map((reusable ? previous.songs : []).map((e) => [e.id, e]));
  const songs: ShardEntry[] = [];
  for (const [i, song] of manifest.songs.entries()) {
    options.signal?.throwIfAborted();
    const prev = done.get(song.id);
    const finished = prev && fs.existsSync(path.join(out, `${song.id}.labels.f32`));
    songs.push(
      finished
        ? { ...prev, split: song.split ?? prev.split, styleSplit: song.styleSplit ?? prev.styleSplit }
        : await shardSong(corpus, out, song, separator, manifest.styles, options.signal),
    );
    options.onProgress?.({ stage: 'shards', done: i + 1, total: manifest.songs.length, item: song.id });
    if (!finished && (i % 10 === 9 || i === manifest.songs.length - 1)) writeIndex(indexPath, manifest.styles, separator.name, songs);
  }
  return writeIndex(indexPath, manifest.styles, separator.name, songs);
}

function writeIndex(file: string, styles: string[], separator: string, songs: ShardEntry[]): ShardIndex {
  const index: ShardIndex = {
    format: 'musicface.shards',
    version: 1,
    styles,
    features: { ...FEATURE_PARAMS },
    levels: { ...LEVEL_NORM },
    labelColumns: LABEL_COLUMNS,
    separator,
    songs,
  };
  writeFileAtomic(file, JSON.stringify(index, null, 1) + '\n');
  return index;
}
