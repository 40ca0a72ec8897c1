import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { ffmpegPath } from './ffmpeg-binary';

/** FFmpeg's input argument for a local path: `file:` stops it reading `a:b.mp3` as a protocol or `-` as stdin. */
export function inputArg(file: string): string {
  return 'file:' + path.resolve(file);
}

/** Arguments every call shares: no stdin, no banner, local files only (a playlist cannot reach the network). */
export function baseArgs(file: string, logLevel = 'error'): string[] {
  return ['-nostdin', '-hide_banner', '-v', logLevel, '-protocol_whitelist', 'file,pipe', '-i', inputArg(file)];
}

export interface FfmpegRun {
  proc: ChildProcess;
  /** The last few KiB of stderr (FFmpeg repeats errors per damaged frame; only the end matters). */
  stderr(): string;
  /** Resolves with the exit code when the process and its pipes have closed. */
  exited: Promise<number | null>;
}

const STDERR_KEEP = 16384;

/** Starts FFmpeg with `args`; stdout is a pipe when `stdout` is true. */
export function startFfmpeg(args: string[], stdout: boolean): FfmpegRun {
  const bin = ffmpegPath();
  const proc = spawn(bin, args, { stdio: ['ignore', stdout ? 'pipe' : 'ignore', 'pipe'] });
  let err = '';
  proc.stderr!.setEncoding('utf8');
  proc.stderr!.on('data', (s: string) => {
    err += s;
    if (err.length > 2 * STDERR_KEEP) err = err.slice(-STDERR_KEEP);
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    proc.on('error', (e: NodeJS.ErrnoException) => {
      const hint = e.code === 'EACCES' ? `; make it executable: chmod +x ${bin}` : '';
      reject(new Error(`FFmpeg at ${bin} could not be started (${e.code ?? e.message})${hint}`));
    });
    proc.on('close', (code) => resolve(code));
  });
  // Callers await `exited` after reading the pipe; this keeps an early spawn failure from being "unhandled".
  exited.catch(() => undefined);
  return { proc, stderr: () => err, exited };
}
