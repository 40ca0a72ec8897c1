import { type ChildProcess, spawn } from 'node:child_process';
import { ffmpegPath } from '../audio';
import { type Defaults, cleanupProcess } from '../runtime';

export interface Mp4EncoderOptions {
  width: number;
  height: number;
  fps: number;
  /** The song, muxed as AAC from the file as it is (FFmpeg reads it; nothing is decoded in Node). */
  audio?: string;
  /** x264 constant rate factor (lower = better, bigger). */
  crf?: number;
  /** x264 preset. */
  preset?: string;
  /** Encoder threads; fixed so the same input gives the same bytes on any machine. */
  threads?: number;
  /** Rows arrive bottom row first (WebGL readPixels): flip them. */
  bottomUp?: boolean;
}

export const MP4_DEFAULTS: Defaults<Omit<Mp4EncoderOptions, 'width' | 'height' | 'fps' | 'audio'>> = Object.freeze({
  crf: 20,
  preset: 'veryfast',
  threads: 2,
  bottomUp: true,
});

/** FFmpeg arguments for raw RGBA frames on stdin → H.264 (yuv420p) + AAC MP4 with +faststart. */
export function mp4Args(options: Mp4EncoderOptions, out: string): string[] {
  const o = { ...MP4_DEFAULTS, ...options };
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgba',
    '-video_size',
    `${o.width}x${o.height}`,
    '-framerate',
    String(o.fps),
    '-i',
    'pipe:0',
    ...(o.audio ? ['-i', o.audio] : []),
    '-map',
    '0:v:0',
    ...(o.audio ? ['-map', '1:a:0'] : []),
    ...(o.bottomUp ? ['-vf', 'vflip'] : []),
    '-c:v',
    'libx264',
    '-preset',
    o.preset,
    '-crf',
    String(o.crf),
    '-pix_fmt',
    'yuv420p',
    '-threads',
    String(o.threads),
    ...(o.audio ? ['-c:a', 'aac', '-b:a', '192k'] : []),
    '-map_metadata',
    '-1',
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    out,
  ];
}

/**
 * Streams raw frames into FFmpeg: `write` waits while FFmpeg's pipe is full, so memory stays flat.
 * Example: `const enc = new Mp4Encoder({ width: 512, height: 512, fps: 30, audio: 'song.mp3' }, 'out.mp4'); await enc.write(rgba); await enc.finish();`
 */
export class Mp4Encoder {
  private readonly proc: ChildProcess;
  private readonly done: Promise<void>;
  private stderr = '';
  private failed: Error | null = null;

  constructor(options: Mp4EncoderOptions, out: string) {
    this.proc = spawn(ffmpegPath(), mp4Args(options, out), { stdio: ['pipe', 'ignore', 'pipe'] });
    // Stopped by a signal: kill FFmpeg before its file is removed (with +faststart it reopens the file).
    const forget = cleanupProcess(this.proc);
    this.proc.once('close', forget);
    this.proc.stderr!.on('data', (d: Buffer) => {
      if (this.stderr.length < 8000) this.stderr += d.toString();
    });
    this.proc.stdin!.on('error', () => {}); // reported through the exit code below
    this.done = new Promise((resolve, reject) => {
      this.proc.on('error', (e) => reject((this.failed = new Error(`cannot run FFmpeg: ${e.message}`))));
      this.proc.on('close', (code, signal) => {
        if (code === 0) return resolve();
        const why = this.stderr.trim().split('\n').filter(Boolean).pop() ?? `exit ${code ?? signal}`;
        reject((this.failed = new Error(`FFmpeg failed to write the MP4: ${why}`)));
      });
    });
    this.done.catch(() => {});
  }

  /** Queues bytes; resolves once FFmpeg can take more. */
  write(chunk: Uint8Array): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    const stdin = this.proc.stdin!;
    if (stdin.write(chunk)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onDrain = () => resolve();
      stdin.once('drain', onDrain);
      this.done.then(
        () => {},
        (e) => {
          stdin.off('drain', onDrain);
          reject(e);
        },
      );
    });
  }

  /** Ends the input and waits for FFmpeg to finish the file. */
  async finish(): Promise<void> {
    this.proc.stdin!.end();
    await this.done;
  }

  /** Stops FFmpeg (the caller removes the partial file). */
  async abort(): Promise<void> {
    this.proc.stdin!.destroy();
    this.proc.kill('SIGKILL');
    await this.done.catch(() => {});
  }
}
