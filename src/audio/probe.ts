import { AudioFileError, checkReadableFile, ffmpegProblem } from './audio-file-error';
import { baseArgs, inputArg, startFfmpeg } from './run-ffmpeg';

export interface AudioInfo {
  /** From the container header (10 ms resolution); measured by decoding when the header has none. */
  durationSeconds: number;
  sampleRate: number;
  channels: number;
  /** FFmpeg's codec name: mp3, aac, flac, vorbis, opus, pcm_s16le, … */
  codec: string;
}

/** Channel counts of FFmpeg's named layouts (libavutil/channel_layout.c). */
const LAYOUT_CHANNELS: Readonly<Record<string, number>> = Object.freeze({
  mono: 1,
  stereo: 2,
  downmix: 2,
  '2.1': 3,
  '3.0': 3,
  '3.0(back)': 3,
  '4.0': 4,
  quad: 4,
  'quad(side)': 4,
  '3.1': 4,
  '5.0': 5,
  '5.0(side)': 5,
  '4.1': 5,
  '5.1': 6,
  '5.1(side)': 6,
  '6.0': 6,
  '6.0(front)': 6,
  hexagonal: 6,
  '6.1': 7,
  '6.1(back)': 7,
  '6.1(front)': 7,
  '7.0': 7,
  '7.0(front)': 7,
  '7.1': 8,
  '7.1(wide)': 8,
  '7.1(wide-side)': 8,
  '7.1(top)': 8,
  octagonal: 8,
  cube: 8,
  hexadecagonal: 16,
  '22.2': 24,
});

/** Channel count from FFmpeg's layout text: a name, `6 channels`, or `FL+FR+LFE`. */
export function layoutChannels(layout: string): number | undefined {
  const t = layout.trim();
  if (t in LAYOUT_CHANNELS) return LAYOUT_CHANNELS[t];
  const n = /^(\d+) channels\b/.exec(t);
  if (n) return Number(n[1]);
  if (/^[A-Z]+(\+[A-Z]+)+$/.test(t)) return t.split('+').length;
  return undefined;
}

/** Parses the `Input #0` section FFmpeg prints for `-i file` (first audio stream). Exported for tests. */
export function parseFfmpegInfo(
  log: string,
): (Omit<AudioInfo, 'durationSeconds'> & { durationSeconds?: number; layout: string }) | undefined {
  const stream = /^\s*Stream #\d+:\d+(?:\[[^\]]*\])?(?:\([^)]*\))?: Audio: (.*)$/m.exec(log);
  if (!stream) return undefined;
  const parts = stream[1].split(/,\s*/);
  const codec = parts[0].split(/\s/)[0];
  const rateAt = parts.findIndex((p) => /^\d+ Hz$/.test(p));
  const sampleRate = rateAt >= 0 ? parseInt(parts[rateAt], 10) : 0;
  const layout = rateAt >= 0 && parts[rateAt + 1] ? parts[rateAt + 1] : '';
  const channels = layoutChannels(layout) ?? 0;
  return { codec, sampleRate, channels, durationSeconds: parseDuration(log), layout };
}

/** The container duration in FFmpeg's `-i` report ("Duration: 00:03:25.41"), seconds. */
export function parseDuration(log: string): number | undefined {
  const d = /Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(log);
  return d ? Number(d[1]) * 3600 + Number(d[2]) * 60 + Number(d[3]) : undefined;
}

/**
 * Reads an audio file's header with the package's FFmpeg (the npm build has no ffprobe).
 * Example: `const { durationSeconds, sampleRate, channels, codec } = await probeAudio('song.mp3')`
 */
export async function probeAudio(file: string): Promise<AudioInfo> {
  checkReadableFile(file);
  // `-i` alone makes FFmpeg print the input section and exit 1 ("At least one output file…"): expected.
  const run = startFfmpeg(baseArgs(file, 'info'), false);
  await run.exited;
  const log = run.stderr();
  const info = parseFfmpegInfo(log);
  if (!info) {
    if (/^Input #/m.test(log)) throw new AudioFileError(file, 'not an audio file (FFmpeg found no audio stream)');
    throw new AudioFileError(file, ffmpegProblem(log, inputArg(file)));
  }
  if (!info.sampleRate) throw new AudioFileError(file, `audio stream has no sample rate (codec ${info.codec})`);
  if (!info.channels) throw new AudioFileError(file, `unsupported channel layout "${info.layout}"`);
  const durationSeconds = info.durationSeconds ?? (await measureDuration(file, info.sampleRate));
  return { durationSeconds, sampleRate: info.sampleRate, channels: info.channels, codec: info.codec };
}

/** Decodes the first audio stream to nowhere but counts its samples (for streams without a header duration). */
async function measureDuration(file: string, sampleRate: number): Promise<number> {
  const run = startFfmpeg([...baseArgs(file), '-map', '0:a:0', '-ac', '1', '-ar', String(sampleRate), '-f', 'f32le', 'pipe:1'], true);
  let bytes = 0;
  for await (const chunk of run.proc.stdout!) bytes += (chunk as Buffer).length;
  const code = await run.exited;
  if (code !== 0 && bytes === 0) throw new AudioFileError(file, ffmpegProblem(run.stderr(), inputArg(file)));
  return bytes / 4 / sampleRate;
}
