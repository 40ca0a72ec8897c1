import { deriveSeed, InvalidOptionError } from '../runtime';
import { FPS, SAMPLE_RATE, type SongEntry } from './synth-song';
import { STYLE_NAMES, type StyleName } from './teacher/styles';

export type Split = 'train' | 'val' | 'test';

export interface ManifestSong extends SongEntry {
  /** Split by song: test songs are never seen in training. */
  split: Split;
  /** Split for the held-out-style test: every song of `heldOutStyle` is test, the rest train/val. */
  styleSplit: Split;
}

export interface Manifest {
  format: 'musicface.corpus';
  version: 1;
  seed: number;
  seconds: number;
  sampleRate: number;
  fps: number;
  /** The generator's style one-hot order (STYLE_NAMES). */
  styles: readonly string[];
  heldOutStyle: StyleName;
  /** Shares used for the split by song. */
  splitShares: { train: number; val: number; test: number };
  totalSeconds: number;
  counts: { split: Record<Split, number>; styleSplit: Record<Split, number>; style: Record<string, number> };
  songs: ManifestSong[];
}

export const SPLIT_SHARES = { train: 0.8, val: 0.1, test: 0.1 } as const;

/** The default held-out style: its parameters lie inside the range of the others (nods, moderate face). */
export const DEFAULT_HELD_OUT_STYLE: StyleName = 'rhythmic-nodder';

/**
 * Split of song `index` by song: a hash of (seed, index), so a song keeps its split when the corpus
 * grows, and no song is in two splits.
 */
export function songSplit(seed: number, index: number): Split {
  const u = deriveSeed(seed, 'split', index) / 4294967296;
  return u < SPLIT_SHARES.train ? 'train' : u < SPLIT_SHARES.train + SPLIT_SHARES.val ? 'val' : 'test';
}

/**
 * The corpus manifest from its song entries (in index order).
 * Example: `writeFileAtomic('corpus/manifest.json', JSON.stringify(buildManifest(entries, 1, 30), null, 1))`
 */
export function buildManifest(
  entries: SongEntry[],
  seed: number,
  seconds: number,
  heldOutStyle: StyleName = DEFAULT_HELD_OUT_STYLE,
): Manifest {
  if (!STYLE_NAMES.includes(heldOutStyle))
    throw new InvalidOptionError('heldOutStyle', heldOutStyle, {
      message: `unknown held-out style "${heldOutStyle}" (known: ${STYLE_NAMES.join(', ')})`,
    });
  const zero = (): Record<Split, number> => ({ train: 0, val: 0, test: 0 });
  const counts = { split: zero(), styleSplit: zero(), style: Object.fromEntries(STYLE_NAMES.map((s) => [s, 0])) as Record<string, number> };
  const songs = entries.map((e) => {
    const split = songSplit(seed, e.index);
    const styleSplit: Split = e.style === heldOutStyle ? 'test' : split === 'val' ? 'val' : 'train';
    counts.split[split]++;
    counts.styleSplit[styleSplit]++;
    counts.style[e.style]++;
    return { ...e, split, styleSplit };
  });
  return {
    format: 'musicface.corpus',
    version: 1,
    seed,
    seconds,
    sampleRate: SAMPLE_RATE,
    fps: FPS,
    styles: STYLE_NAMES,
    heldOutStyle,
    splitShares: { ...SPLIT_SHARES },
    totalSeconds: entries.reduce((s, e) => s + e.seconds, 0),
    counts,
    songs,
  };
}
