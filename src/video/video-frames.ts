import { AudioFileError, checkReadableFile, ffmpegProblem, parseDuration, baseArgs, inputArg, startFfmpeg } from '../audio';
import { VideoFileError } from './video-file-error';

const VIDEO = 'a video';

export interface VideoInfo {
  width: number;
  height: number;
  /** Frames per second from the stream header (e.g. 25 for GRID). */
  fps: number;
  /** Seconds, from the container header (0 when it has none). */
  durationSeconds: number;
}

/** Parses the first video stream of FFmpeg's `-i` report. Exported for tests. */
export function parseVideoInfo(log: string): VideoInfo | undefined {
  const stream = /^\s*Stream #\d+:\d+(?:\[[^\]]*\])?(?:\([^)]*\))?: Video: (.*)$/m.exec(log);
  if (!stream) return undefined;
  const size = /(?:^|[\s,])(\d{2,5})x(\d{2,5})(?:[\s,\]]|$)/.exec(stream[1]);
  const rate = /([\d.]+)(k?) (?:fps|tbr)\b/.exec(stream[1]);
  if (!size) return undefined;
  return {
    width: Number(size[1]),
    height: Number(size[2]),
    fps: rate ? Number(rate[1]) * (rate[2] ? 1000 : 1) : 0,
    durationSeconds: parseDuration(log) ?? 0,
  };
}

/**
 * Reads a video's size, rate and duration with the package's FFmpeg (the npm build has no ffprobe).
 * Example: `const { width, height, fps } = await probeVideo('clip.mpg')`
 */
export async function probeVideo(file: string): Promise<VideoInfo> {
  try {
    checkReadableFile(file, VIDEO);
  } catch (e) {
    throw e instanceof AudioFileError ? new VideoFileError(e.file, e.problem) : e;
  }
  const run = startFfmpeg(baseArgs(file, 'info'), false);
  await run.exited;
  const log = run.stderr();
  const info = parseVideoInfo(log);
  if (!info) {
    if (/^Input #/m.test(log)) throw new VideoFileError(file, 'not a video (FFmpeg found no video stream)');
    throw new VideoFileError(file, ffmpegProblem(log, inputArg(file), VIDEO));
  }
  if (!(info.fps > 0)) throw new VideoFileError(file, 'the video stream has no frame rate');
  return info;
}

export interface VideoFrame {
  /** 0-based frame number. */
  index: number;
  /** RGB bytes, top row first, width × height × 3. */
  rgb: Uint8Array;
}

/**
 * Decodes a video to RGB frames one at a time (flat memory: FFmpeg's pipe is read only as fast as the
 * caller consumes frames).
 * Example: `for await (const f of videoFrames('clip.mpg', info)) use(f.rgb)`
 */
export async function* videoFrames(file: string, info: Pick<VideoInfo, 'width' | 'height'>): AsyncGenerator<VideoFrame> {
  const args = [
    ...baseArgs(file),
    '-map',
    '0:v:0',
    '-an',
    '-sn',
    '-dn',
    '-vsync',
    'passthrough',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    'pipe:1',
  ];
  const run = startFfmpeg(args, true);
  const frameBytes = info.width * info.height * 3;
  let buffer = Buffer.alloc(frameBytes);
  let filled = 0;
  let index = 0;
  let finished = false;
  try {
    for await (const piece of run.proc.stdout!) {
      const data = piece as Buffer;
      for (let at = 0; at < data.length; ) {
        const n = Math.min(frameBytes - filled, data.length - at);
        data.copy(buffer, filled, at, at + n);
        filled += n;
        at += n;
        if (filled === frameBytes) {
          yield { index: index++, rgb: new Uint8Array(buffer.buffer, buffer.byteOffset, frameBytes) };
          buffer = Buffer.alloc(frameBytes);
          filled = 0;
        }
      }
    }
    const code = await run.exited;
    finished = true;
    if (code !== 0 && index === 0) throw new VideoFileError(file, ffmpegProblem(run.stderr(), inputArg(file), VIDEO));
  } finally {
    if (!finished) run.proc.kill('SIGKILL');
  }
}
