import * as fs from 'node:fs';
import { MusicFaceError } from '../runtime';

/** A file that cannot be decoded; `message` is one sentence: `<file>: <problem>`. */
export class AudioFileError extends MusicFaceError {
  declare readonly file: string;
  constructor(
    file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`, { file });
  }
}

/**
 * Fails early, in plain words, for what FFmpeg would report cryptically: missing, unreadable, empty, a folder.
 * `what` names the kind of file expected ("an audio file", "a video").
 */
export function checkReadableFile(file: string, what = 'an audio file'): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new AudioFileError(file, 'file not found');
    if (code === 'EACCES') throw new AudioFileError(file, 'cannot be read (permission denied)');
    throw new AudioFileError(file, `cannot be read (${code ?? (e as Error).message})`);
  }
  if (st.isDirectory()) throw new AudioFileError(file, `is a folder, not ${what}`);
  if (!st.isFile()) throw new AudioFileError(file, 'is not a regular file');
  if (st.size === 0) throw new AudioFileError(file, 'empty file (0 bytes)');
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw new AudioFileError(file, 'cannot be read (permission denied)');
  }
}

/**
 * Turns FFmpeg's log into the reason a user can act on. FFmpeg prefixes lines with `[demuxer @ 0x…]`
 * and the input path; both are stripped so the message names the file once.
 */
export function ffmpegProblem(log: string, inputArg: string, what = 'an audio file'): string {
  const lines = log
    .split(/\r?\n/)
    .map((l) => l.replace(/^\[[^\]]*\]\s*/, '').trim())
    .filter((l) => l && !/^(Input|Output|Stream|Duration|Metadata|Press|size=|video:|\s)/.test(l));
  const last = lines.length ? lines[lines.length - 1] : '';
  const text = last.startsWith(inputArg) ? last.slice(inputArg.length).replace(/^:\s*/, '') : last;
  if (/Invalid data found|Invalid argument|could not find codec parameters|misdetection/i.test(log)) {
    return `not ${what} FFmpeg can read (unknown or damaged format)`;
  }
  return text ? `FFmpeg could not decode it (${text})` : 'FFmpeg could not decode it';
}
