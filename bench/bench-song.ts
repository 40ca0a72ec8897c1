import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ffmpegPath } from '../src/audio/ffmpeg-binary';

/** Third-party test data beside the repository (../shared/data; see its ATTRIBUTION.md). */
export const SHARED_DATA = path.resolve(__dirname, '..', '..', '..', 'shared', 'data');
const SOURCE = path.join(SHARED_DATA, 'audio', 'francium-55-115s-mixture.flac');

/**
 * The benches' song: the CC0 Francium excerpt looped to `minutes` and encoded to mp3 once (cached in
 * the temp folder), so every bench decodes a realistic file of the same length.
 */
export function benchSong(minutes: number): string {
  const file = path.join(os.tmpdir(), `musicface-bench-${minutes}min.mp3`);
  if (fs.existsSync(file)) return file;
  if (!fs.existsSync(SOURCE)) throw new Error(`${SOURCE}: bench song source missing (needs ../shared/data)`);
  const tmp = file + '.part.mp3';
  const r = spawnSync(ffmpegPath(), [
    '-v',
    'error',
    '-y',
    '-stream_loop',
    '-1',
    '-i',
    SOURCE,
    '-t',
    String(minutes * 60),
    '-c:a',
    'libmp3lame',
    '-b:a',
    '192k',
    tmp,
  ]);
  if (r.status !== 0) throw new Error(`ffmpeg could not make the bench song: ${r.stderr}`);
  fs.renameSync(tmp, file);
  return file;
}
