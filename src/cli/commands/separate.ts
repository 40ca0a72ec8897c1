import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { type Audio, streamAudio, encodeWav, probeAudio } from '../../audio';
import { sweepStaleParts, tempPathFor, cleanupPath, checkOutputs, DEVICES, type Device, InvalidOptionError } from '../../runtime';
import { DEFAULT_SEPARATOR, SEPARATOR_SPEC_HELP, createSeparator } from '../../separation';
import type { Command } from '../command';
import { terminalProgress } from '../progress-bar';

const USAGE = `Usage: musicface separate SONG -o DIR [--separator SPEC] [--device auto|cpu|cuda|webgpu] [--threads N] [--bit-depth 16|24|32]

Splits SONG into DIR/vocals.wav and DIR/accompaniment.wav at the song's own sample rate and channels
(vocals + accompaniment = the song). Long songs stream in chunks: memory stays flat.

  -o, --out DIR        output folder (created if missing)
  --separator SPEC     ${SEPARATOR_SPEC_HELP}
  --device D           execution device for ONNX separators (default auto)
  --threads N          ONNX Runtime threads (default: all cores)
  --bit-depth B        16 (default) or 24-bit PCM, or 32 = float
  --strict             refuse a song that decodes only in part (default: a warning naming the time range)
  -q, --quiet          no progress bar

Examples:
  musicface separate song.mp3 -o stems
  musicface separate song.mp3 -o stems --separator mdx:Kim_Vocal_2.onnx --device cuda
  musicface separate song.mp3 -o stems --separator spleeter:sherpa-onnx-spleeter-2stems-fp16`;

/** WAV written as chunks arrive (header sizes patched at the end), into a temp file renamed by the caller. */
class WavSink {
  private readonly fd: number;
  private readonly headerBytes: number;
  private readonly hasFact: boolean;
  private frames = 0;
  private dataBytes = 0;
  constructor(
    readonly file: string,
    sampleRate: number,
    private readonly channels: number,
    private readonly bitDepth: 16 | 24 | 32,
  ) {
    const header = encodeWav({ sampleRate, channels: Array.from({ length: channels }, () => new Float32Array(0)) }, { bitDepth });
    this.headerBytes = header.length;
    this.hasFact = bitDepth === 32 || channels > 2;
    this.fd = fs.openSync(file, 'w');
    fs.writeSync(this.fd, header);
  }
  write(a: Audio): void {
    const n = a.channels[0]?.length ?? 0;
    if (n === 0) return;
    const bytes = n * this.channels * (this.bitDepth / 8);
    const encoded = encodeWav(a, { bitDepth: this.bitDepth });
    fs.writeSync(this.fd, encoded.subarray(this.headerBytes, this.headerBytes + bytes));
    this.frames += n;
    this.dataBytes += bytes;
  }
  close(): void {
    if (this.dataBytes & 1) fs.writeSync(this.fd, new Uint8Array(1));
    const total = this.headerBytes + this.dataBytes + (this.dataBytes & 1);
    if (total - 8 > 0xffffffff) throw new Error(`${this.file}: ${this.dataBytes} bytes of audio exceed the 4 GiB WAV limit`);
    const patch = (offset: number, value: number) => {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(value);
      fs.writeSync(this.fd, b, 0, 4, offset);
    };
    patch(4, total - 8);
    if (this.hasFact) patch(this.headerBytes - 12, this.frames);
    patch(this.headerBytes - 4, this.dataBytes);
    fs.closeSync(this.fd);
  }
  abort(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      /* already closed */
    }
    fs.rmSync(this.file, { force: true });
  }
}

const command: Command = {
  summary: 'song → vocals.wav + accompaniment.wav',
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        separator: { type: 'string', default: DEFAULT_SEPARATOR },
        device: { type: 'string', default: 'auto' },
        threads: { type: 'string' },
        'bit-depth': { type: 'string', default: '16' },
        quiet: { type: 'boolean', short: 'q' },
        strict: { type: 'boolean' },
      },
    });
    if (positionals.length !== 1 || !values.out) throw new Error(`give one SONG and -o DIR\n\n${USAGE}`);
    const song = positionals[0];
    const outDir = values.out;
    const device = values.device as Device;
    if (!DEVICES.includes(device))
      throw new InvalidOptionError('--device', values.device, {
        message: `--device must be one of ${DEVICES.join(', ')}, got "${values.device}"`,
      });
    const bitDepth = Number(values['bit-depth']);
    if (bitDepth !== 16 && bitDepth !== 24 && bitDepth !== 32)
      throw new InvalidOptionError('--bit-depth', values['bit-depth'], {
        message: `--bit-depth must be 16, 24 or 32, got "${values['bit-depth']}"`,
      });
    const threads = values.threads === undefined ? undefined : Number(values.threads);
    if (threads !== undefined && !(Number.isInteger(threads) && threads > 0))
      throw new InvalidOptionError('--threads', values.threads, {
        message: `--threads must be a positive integer, got "${values.threads}"`,
      });

    const finals = { vocals: path.join(outDir, 'vocals.wav'), accompaniment: path.join(outDir, 'accompaniment.wav') };
    checkOutputs([finals.vocals, finals.accompaniment], [song]);
    const info = await probeAudio(song);
    const separator = await createSeparator(values.separator, { device, threads });
    fs.mkdirSync(outDir, { recursive: true });
    for (const f of Object.values(finals)) sweepStaleParts(f);
    const temps = { vocals: tempPathFor(finals.vocals), accompaniment: tempPathFor(finals.accompaniment) };
    const forget = Object.values(temps).map((t) => cleanupPath(t)); // removed if a signal stops the run
    const sinks = {
      vocals: new WavSink(temps.vocals, info.sampleRate, info.channels, bitDepth),
      accompaniment: new WavSink(temps.accompaniment, info.sampleRate, info.channels, bitDepth),
    };
    const progress = values.quiet ? () => {} : terminalProgress();
    const started = Date.now();
    let seconds = 0;
    try {
      const stream = separator.stream(info.sampleRate, info.channels);
      const take = (s: { vocals: Audio; accompaniment: Audio }) => {
        sinks.vocals.write(s.vocals);
        sinks.accompaniment.write(s.accompaniment);
        seconds += (s.vocals.channels[0]?.length ?? 0) / info.sampleRate;
        progress({ stage: 'separate', done: Math.min(seconds, info.durationSeconds), total: info.durationSeconds });
      };
      for await (const chunk of streamAudio(song, { chunkSeconds: 10, strict: values.strict })) take(await stream.push(chunk));
      take(await stream.flush());
      progress({ stage: 'separate', done: info.durationSeconds, total: info.durationSeconds });
      sinks.vocals.close();
      sinks.accompaniment.close();
      fs.renameSync(sinks.vocals.file, finals.vocals);
      fs.renameSync(sinks.accompaniment.file, finals.accompaniment);
    } catch (e) {
      sinks.vocals.abort();
      sinks.accompaniment.abort();
      throw e;
    } finally {
      for (const f of forget) f();
    }
    const took = (Date.now() - started) / 1000;
    process.stdout.write(
      `${finals.vocals}, ${finals.accompaniment}: ${seconds.toFixed(1)} s of ${info.sampleRate} Hz ${info.channels}-channel audio separated by ${separator.name} in ${took.toFixed(1)} s\n`,
    );
    return 0;
  },
};
export default command;
