import { spawn } from 'node:child_process';
import { ffmpegPath } from '../audio';
import { probeVideo, videoFrames, VideoFileError } from '../video';

/**
 * Writes RGB bytes (top row first) as a PNG with the project's FFmpeg.
 * Example: `await writePng('bg.png', rgb, 360, 288)`
 */
export function writePng(file: string, rgb: Uint8Array, width: number, height: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      ffmpegPath(),
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-y',
        '-f',
        'rawvideo',
        '-pix_fmt',
        'rgb24',
        '-video_size',
        `${width}x${height}`,
        '-i',
        'pipe:0',
        '-frames:v',
        '1',
        '-f',
        'image2',
        '-c:v',
        'png',
        file,
      ],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let err = '';
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('error', reject);
    proc.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${file}: FFmpeg could not write the PNG (${err.trim().split('\n').pop()})`)),
    );
    proc.stdin!.end(Buffer.from(rgb.buffer, rgb.byteOffset, rgb.byteLength));
  });
}

/** Reads an image (PNG, JPEG, …) as RGB bytes with the project's FFmpeg. */
export async function readImage(file: string): Promise<{ rgb: Uint8Array; width: number; height: number }> {
  const info = await probeVideo(file).catch((e: Error) => {
    throw e instanceof VideoFileError ? new VideoFileError(e.file, e.problem.replace('not a video', 'not an image')) : e;
  });
  for await (const f of videoFrames(file, info)) return { rgb: f.rgb, width: info.width, height: info.height };
  throw new VideoFileError(file, 'no picture in it');
}
