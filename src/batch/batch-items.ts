import * as fs from 'node:fs';
import * as path from 'node:path';
import { BatchError } from '../runtime';

/** One song of a batch. */
export interface BatchItem {
  /** The song file. */
  song: string;
  /** Output base name (no extension), unique in the batch; default: the song's name without extension. */
  name: string;
  /** Per-song animation options (override the batch's). */
  style?: string | number;
  seed?: number;
}

/** Endings of the songs a folder batch picks up. */
export const AUDIO_EXTENSIONS = [
  '.mp3',
  '.wav',
  '.flac',
  '.ogg',
  '.oga',
  '.opus',
  '.m4a',
  '.aac',
  '.wma',
  '.aif',
  '.aiff',
  '.webm',
  '.mka',
];

const baseName = (file: string) => path.basename(file).replace(/\.[^.]+$/, '');

/**
 * A folder (its audio files, sorted by name, not recursive) or a manifest (.json) → batch items.
 * Manifest: `{ "items": [ "a.mp3", { "song": "b.flac", "name": "b-take2", "style": "calm-ballad", "seed": 3 } ] }`
 * (or just the array); paths are relative to the manifest.
 * Example: `const items = batchItems('songs/')`
 */
export function batchItems(input: string): BatchItem[] {
  let st: fs.Stats;
  try {
    st = fs.statSync(input);
  } catch {
    throw new BatchError(`${input}: no such folder or manifest`, { file: input });
  }
  const items = st.isDirectory() ? fromFolder(input) : fromManifest(input);
  const seen = new Map<string, string>();
  for (const it of items) {
    const key = it.name.toLowerCase();
    if (seen.has(key))
      throw new BatchError(
        `${input}: two songs would write the same outputs "${it.name}" (${seen.get(key)} and ${it.song}); give one a "name"`,
        { file: input },
      );
    seen.set(key, it.song);
  }
  return items;
}

function fromFolder(dir: string): BatchItem[] {
  const files = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && AUDIO_EXTENSIONS.includes(path.extname(d.name).toLowerCase()) && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort();
  if (!files.length) throw new BatchError(`${dir}: no audio files (${AUDIO_EXTENSIONS.join(' ')}) in this folder`, { file: dir });
  return files.map((f) => ({ song: path.join(dir, f), name: baseName(f) }));
}

function fromManifest(file: string): BatchItem[] {
  if (path.extname(file).toLowerCase() !== '.json') throw new BatchError(`${file}: give a folder of songs or a manifest .json`, { file });
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new BatchError(`${file}: not valid JSON (${(e as Error).message})`, { file });
  }
  const list = Array.isArray(doc) ? doc : (doc as { items?: unknown })?.items;
  if (!Array.isArray(list) || !list.length)
    throw new BatchError(`${file}: expected a non-empty "items" array (or a top-level array) of songs`, { file });
  const dir = path.dirname(file);
  return list.map((entry, i) => {
    const e = typeof entry === 'string' ? { song: entry } : (entry as Record<string, unknown>);
    if (!e || typeof e.song !== 'string' || !e.song) throw new BatchError(`${file}: item ${i + 1} has no "song" path`, { file });
    if (e.name !== undefined && (typeof e.name !== 'string' || !/^[^/\\\0]+$/.test(e.name)))
      throw new BatchError(`${file}: item ${i + 1} has a "name" that is not a plain file name`, { file });
    if (e.seed !== undefined && !(Number.isInteger(e.seed) && (e.seed as number) >= 0))
      throw new BatchError(`${file}: item ${i + 1} has a "seed" that is not a non-negative integer`, { file });
    const song = path.resolve(dir, e.song);
    return {
      song,
      name: (e.name as string | undefined) ?? baseName(song),
      ...(e.style !== undefined ? { style: e.style as string | number } : {}),
      ...(e.seed !== undefined ? { seed: e.seed as number } : {}),
    };
  });
}
