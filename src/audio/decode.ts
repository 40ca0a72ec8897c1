import type { Audio } from './audio';
import { AudioFileError, ffmpegProblem } from './audio-file-error';
import { DamageWatch, type DecodePolicy, decodePolicy } from './decode-damage';
import { type AudioInfo, probeAudio } from './probe';
import { Resampler } from './resample';
import { baseArgs, inputArg, startFfmpeg } from './run-ffmpeg';
import { type ProgressCallback, noProgress, throttleProgress, type Defaults, InvalidOptionError } from '../runtime';

export interface DecodeOptions extends DecodePolicy {
  /** Output rate in Hz; default the file's own. Converted by `resample.ts` (same numbers as for in-memory audio). */
  sampleRate?: number;
  /** Output channels; default the file's own. 1 = the average of all channels (as `toMono`); other counts use FFmpeg's standard remix. */
  channels?: number;
  onProgress?: ProgressCallback;
}

export interface StreamOptions extends DecodePolicy {
  /** Length of each chunk in seconds (the last one may be shorter). */
  chunkSeconds?: number;
  sampleRate?: number;
  channels?: number;
}

export const STREAM_DEFAULTS: Defaults<Pick<StreamOptions, 'chunkSeconds'>> = Object.freeze({ chunkSeconds: 10 });

function checkOptions(file: string, o: { sampleRate?: number; channels?: number; chunkSeconds?: number }): void {
  if (o.sampleRate !== undefined && !(Number.isInteger(o.sampleRate) && o.sampleRate > 0)) {
    throw new InvalidOptionError('sampleRate', o.sampleRate, {
      message: `decode ${file}: sampleRate must be a positive integer (Hz), got ${o.sampleRate}`,
    });
  }
  if (o.channels !== undefined && !(Number.isInteger(o.channels) && o.channels > 0 && o.channels <= 64)) {
    throw new InvalidOptionError('channels', o.channels, {
      message: `decode ${file}: channels must be an integer from 1 to 64, got ${o.channels}`,
    });
  }
  if (o.chunkSeconds !== undefined && !(o.chunkSeconds > 0)) {
    throw new InvalidOptionError('chunkSeconds', o.chunkSeconds, {
      message: `decode ${file}: chunkSeconds must be positive, got ${o.chunkSeconds}`,
    });
  }
}

/**
 * Blocks of PCM (one array per output channel, any length) from FFmpeg's f32le pipe, converted to the
 * requested channels and rate. Memory stays flat: the pipe is pulled only as fast as the consumer reads.
 */
async function* pcmBlocks(
  file: string,
  info: AudioInfo,
  channels: number,
  sampleRate: number,
  policy: DecodePolicy,
): AsyncGenerator<Float32Array[]> {
  // Mono is averaged here (matching toMono on in-memory audio); other counts go through FFmpeg's remix.
  const decodeChannels = channels === 1 ? info.channels : channels;
  const args = [
    ...baseArgs(file),
    '-map',
    '0:a:0',
    '-vn',
    '-sn',
    '-dn',
    '-ac',
    String(decodeChannels),
    '-ar',
    String(info.sampleRate),
    '-f',
    'f32le',
    '-acodec',
    'pcm_f32le',
    'pipe:1',
  ];
  const run = startFfmpeg(args, true);
  const resamplers =
    sampleRate !== info.sampleRate ? Array.from({ length: channels }, () => new Resampler(info.sampleRate, sampleRate)) : undefined;
  const frameBytes = 4 * decodeChannels;
  let carry = Buffer.alloc(0);
  let samples = 0;
  let finished = false;
  // Damage shows as FFmpeg errors while it goes on decoding, and as audio shorter than the header says.
  const watch = new DamageWatch(file, info.durationSeconds, info.sampleRate, decodePolicy(policy));
  run.proc.stderr!.on('data', (text: string) => watch.stderr(text));
  try {
    for await (const piece of run.proc.stdout!) {
      const refused = await watch.refusal();
      if (refused) throw refused;
      const data = carry.length ? Buffer.concat([carry, piece as Buffer]) : (piece as Buffer);
      const frames = Math.floor(data.length / frameBytes);
      carry = Buffer.from(data.subarray(frames * frameBytes));
      if (!frames) continue;
      const inter = alignedFloats(data, frames * decodeChannels);
      watch.repairNonFinite(inter, decodeChannels, info.sampleRate, samples / info.sampleRate);
      if (watch.refused) throw watch.refused;
      samples += frames;
      let block =
        channels === 1 && decodeChannels > 1
          ? [averageInterleaved(inter, decodeChannels, frames)]
          : deinterleave(inter, decodeChannels, frames);
      if (resamplers) block = block.map((c, i) => resamplers[i].push(c));
      if (block[0].length) yield block;
    }
    const code = await run.exited;
    if (code !== 0) throw new AudioFileError(file, ffmpegProblem(run.stderr(), inputArg(file)));
    if (samples === 0) throw new AudioFileError(file, 'no audio could be decoded (the audio stream is empty or damaged)');
    const refused = await watch.refusal();
    if (refused) throw refused;
    await watch.finish(samples / info.sampleRate);
    if (resamplers) {
      const tail = resamplers.map((r) => r.flush());
      if (tail[0].length) yield tail;
    }
    finished = true;
  } finally {
    // The consumer stopped early or something failed: do not leave FFmpeg running.
    if (!finished && run.proc.exitCode === null) run.proc.kill('SIGKILL');
    await run.exited.catch(() => undefined);
  }
}

/** The first `count` floats of `data` as a Float32Array: a view when aligned (the usual case), else a copy. Little-endian hosts. */
function alignedFloats(data: Buffer, count: number): Float32Array {
  if (data.byteOffset % 4 === 0) return new Float32Array(data.buffer, data.byteOffset, count);
  const out = new Float32Array(count);
  new Uint8Array(out.buffer).set(data.subarray(0, count * 4));
  return out;
}

function deinterleave(inter: Float32Array, channels: number, frames: number): Float32Array[] {
  if (channels === 1) return [inter.slice()];
  const out = Array.from({ length: channels }, () => new Float32Array(frames));
  for (let c = 0; c < channels; c++) {
    const o = out[c];
    for (let i = 0, j = c; i < frames; i++, j += channels) o[i] = inter[j];
  }
  return out;
}

/** Mean of the channels, rounded exactly as `toMono` does it (float32 running sum, then divide). */
function averageInterleaved(inter: Float32Array, channels: number, frames: number): Float32Array {
  const out = new Float32Array(frames);
  for (let i = 0, j = 0; i < frames; i++) {
    let acc = 0;
    for (let c = 0; c < channels; c++, j++) acc = Math.fround(acc + inter[j]);
    out[i] = acc / channels;
  }
  return out;
}

/**
 * Decodes a whole audio file (wav, mp3, flac, ogg/vorbis, opus, m4a/aac, … any rate and channel count)
 * with the package's FFmpeg. A damaged or truncated file yields the audio that could be decoded; a file
 * with no decodable audio fails with one sentence naming the file (`AudioFileError`).
 * Example: `const audio = await decodeAudio('song.mp3', { sampleRate: 16000, channels: 1 })`
 */
export async function decodeAudio(file: string, options: DecodeOptions = {}): Promise<Audio> {
  checkOptions(file, options);
  const info = await probeAudio(file);
  const channels = options.channels ?? info.channels;
  const sampleRate = options.sampleRate ?? info.sampleRate;
  const progress = throttleProgress(options.onProgress ?? noProgress);
  const total = info.durationSeconds;
  // Grow-as-needed buffers sized from the header's duration, so a song is not held twice while joining.
  let capacity = Math.ceil((total + 0.5) * sampleRate) + 1024;
  let bufs = Array.from({ length: channels }, () => new Float32Array(capacity));
  let length = 0;
  for await (const block of pcmBlocks(file, info, channels, sampleRate, options)) {
    const n = block[0].length;
    if (length + n > capacity) {
      capacity = Math.max(length + n, Math.ceil(capacity * 1.5));
      bufs = bufs.map((b) => {
        const g = new Float32Array(capacity);
        g.set(b.subarray(0, length));
        return g;
      });
    }
    for (let c = 0; c < channels; c++) bufs[c].set(block[c], length);
    length += n;
    progress({ stage: 'decode', done: Math.min(length / sampleRate, total), total });
  }
  progress({ stage: 'decode', done: total, total });
  // Release unused capacity when the header's estimate was generous.
  const trim = (b: Float32Array) => (b.length > length * 1.02 + 1024 ? b.slice(0, length) : b.subarray(0, length));
  return { sampleRate, channels: bufs.map(trim) };
}

/**
 * Decodes a file as a sequence of fixed-length chunks (the last may be shorter), holding only about one
 * chunk in memory: a 60-minute song streams in constant space. Stopping early ends FFmpeg.
 * Example:
 * ```ts
 * for await (const chunk of streamAudio('long.flac', { chunkSeconds: 30, sampleRate: 16000, channels: 1 })) extractor.push(chunk.channels[0]);
 * ```
 */
export async function* streamAudio(file: string, options: StreamOptions = {}): AsyncGenerator<Audio> {
  checkOptions(file, options);
  const info = await probeAudio(file);
  const channels = options.channels ?? info.channels;
  const sampleRate = options.sampleRate ?? info.sampleRate;
  const size = Math.max(1, Math.round((options.chunkSeconds ?? STREAM_DEFAULTS.chunkSeconds) * sampleRate));
  let chunk = Array.from({ length: channels }, () => new Float32Array(size));
  let fill = 0;
  for await (const block of pcmBlocks(file, info, channels, sampleRate, options)) {
    let at = 0;
    const n = block[0].length;
    while (at < n) {
      const take = Math.min(size - fill, n - at);
      for (let c = 0; c < channels; c++) chunk[c].set(block[c].subarray(at, at + take), fill);
      fill += take;
      at += take;
      if (fill === size) {
        yield { sampleRate, channels: chunk };
        chunk = Array.from({ length: channels }, () => new Float32Array(size));
        fill = 0;
      }
    }
  }
  if (fill > 0) yield { sampleRate, channels: chunk.map((c) => c.slice(0, fill)) };
}
