import * as fs from 'node:fs';
import { ToolError } from '../runtime';

/**
 * The one FFmpeg every stage uses (decode here, MP4 encoding in render/): the native static build that
 * `@ffmpeg-installer/ffmpeg` ships inside its npm package, so `npm ci` brings it and nothing is downloaded.
 * `MUSICFACE_FFMPEG=/path/to/ffmpeg` overrides it (e.g. on a platform that package does not cover).
 * Example: `spawn(ffmpegPath(), ['-i', 'song.mp3', ...])`
 */
export function ffmpegPath(): string {
  const override = process.env.MUSICFACE_FFMPEG;
  if (override) {
    if (!fs.existsSync(override)) throw new ToolError(`MUSICFACE_FFMPEG points to ${override}, which does not exist`);
    return override;
  }
  cached ??= locate();
  return cached;
}

let cached: string | undefined;

function locate(): string {
  try {
    // The installer throws a string (not an Error) for an unsupported platform.
    return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new ToolError(
      `no FFmpeg binary for ${process.platform}-${process.arch} in @ffmpeg-installer/ffmpeg (${why}); ` +
        'install FFmpeg and set MUSICFACE_FFMPEG to its path',
    );
  }
}
