import { baseArgs, startFfmpeg } from './run-ffmpeg';

/** Where the decoder hit damage, in seconds of decoded audio: the first and the last error. */
export interface DamageSpan {
  from: number;
  to: number;
}

/** One line per decoded frame from FFmpeg's `ashowinfo` filter; only its sample count is needed. */
const FRAME_LINE = /Parsed_ashowinfo.*\bnb_samples:(\d+)/;

/**
 * Finds where a file's damage sits by decoding it once more with nothing but FFmpeg's log: each decoded
 * frame (`ashowinfo`) and each decoder error arrive in one stream, in the order FFmpeg met them, so the
 * audio decoded before an error is exact. The streaming decode cannot tell this: its error lines and its
 * PCM pipe reach Node out of step (measured seconds apart under load). Costs one decode-only pass
 * (~250× real time for mp3), paid only by damaged files.
 */
export async function locateDamage(file: string, sampleRate: number, isDecodeError: (line: string) => boolean): Promise<DamageSpan | null> {
  const args = [...baseArgs(file, 'info'), '-map', '0:a:0', '-vn', '-sn', '-dn', '-af', 'ashowinfo', '-f', 'null', '-'];
  const run = startFfmpeg(args, false);
  let pending = '';
  let samples = 0;
  let span: DamageSpan | null = null;
  const take = (line: string) => {
    const frame = FRAME_LINE.exec(line);
    if (frame) {
      samples += Number(frame[1]);
      return;
    }
    if (!isDecodeError(line)) return;
    const at = samples / sampleRate;
    span = span ? { from: span.from, to: at } : { from: at, to: at };
  };
  run.proc.stderr!.on('data', (text: string) => {
    const lines = (pending + text).split('\n');
    pending = lines.pop()!;
    lines.forEach(take);
  });
  const code = await run.exited.catch(() => null);
  if (pending) take(pending);
  return code === 0 ? span : null;
}
