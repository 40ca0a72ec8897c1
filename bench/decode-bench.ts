/**
 * Decode, resample and feature timings for the audio front end: seconds, the fastest of N runs (default 5),
 * the best estimate of the uncontended time on a shared machine.
 * Usage: npm run build && node dist/bench/decode-bench.js [--runs N]
 * Songs: the shared 10.9 s mp3 and 60 s flac (../shared/data/audio), plus 60 s and 4-minute mp3s encoded from
 * the flac once into the temp folder. If `@ffmpeg/core` (FFmpeg compiled to WebAssembly) can be required,
 * it is timed on the same files for comparison (`npm i --no-save @ffmpeg/core@0.12.10`).
 * The last line printed is one JSON object.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { decodeAudio } from '../src/audio/decode';
import { ffmpegPath } from '../src/audio/ffmpeg-binary';
import { resample } from '../src/audio/resample';
import { computeMfcc } from '../src/features/mfcc';
import { videoFrameCount, windowFeatures } from '../src/features/video-windows';

const AUDIO = path.resolve(__dirname, '..', '..', '..', 'shared', 'data', 'audio');
// Run from dist/bench (compiled) or bench/ (ts): find ../shared from the repository root either way.
const SHARED = fs.existsSync(AUDIO) ? AUDIO : path.resolve(__dirname, '..', '..', 'shared', 'data', 'audio');

function encodeMp3(source: string, seconds: number): string {
  const file = path.join(os.tmpdir(), `musicface-decode-bench-${seconds}s.mp3`);
  if (!fs.existsSync(file)) {
    const r = spawnSync(ffmpegPath(), [
      '-v',
      'error',
      '-y',
      '-stream_loop',
      '-1',
      '-i',
      source,
      '-t',
      String(seconds),
      '-c:a',
      'libmp3lame',
      '-b:a',
      '192k',
      file,
    ]);
    if (r.status !== 0) throw new Error(`could not make the bench song: ${r.stderr}`);
  }
  return file;
}

async function fastest(runs: number, f: () => unknown | Promise<unknown>): Promise<number> {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await f();
    t.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return Math.min(...t);
}

/** FFmpeg's own decode to a float pipe, no JavaScript work: the floor for the native binary. */
function nativeRaw(file: string): void {
  const r = spawnSync(ffmpegPath(), ['-nostdin', '-v', 'error', '-i', file, '-f', 'f32le', '-acodec', 'pcm_f32le', 'pipe:1'], {
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(String(r.stderr));
}

interface WasmCore {
  FS: { writeFile(p: string, d: Uint8Array): void; readFile(p: string): Uint8Array; unlink(p: string): void };
  exec(...a: string[]): number;
  setLogger(f: () => void): void;
}

async function loadWasm(): Promise<WasmCore | undefined> {
  let dir: string;
  try {
    dir = path.dirname(require.resolve('@ffmpeg/core'));
  } catch {
    return undefined;
  }
  // @ffmpeg/core expects a browser worker: two globals are enough under Node.
  const g = globalThis as unknown as { self: unknown };
  g.self = globalThis;
  (globalThis as unknown as { location: unknown }).location = { href: `file://${dir}/` };
  const create = require(path.join(dir, 'ffmpeg-core.js')) as (o: object) => Promise<WasmCore>;
  const core = await create({
    wasmBinary: fs.readFileSync(path.join(dir, 'ffmpeg-core.wasm')),
    locateFile: (p: string) => path.join(dir, p),
  });
  core.setLogger(() => {});
  return core;
}

function wasmDecode(core: WasmCore, file: string): void {
  const name = 'in' + path.extname(file);
  core.FS.writeFile(name, fs.readFileSync(file));
  core.exec('-i', name, '-f', 'f32le', '-acodec', 'pcm_f32le', 'out.raw');
  core.FS.readFile('out.raw');
  core.FS.unlink('out.raw');
  core.FS.unlink(name);
}

async function main() {
  const { values } = parseArgs({ options: { runs: { type: 'string' } } });
  const runs = Number(values.runs ?? 5);
  const flac = path.join(SHARED, 'francium-55-115s-mixture.flac');
  const mp3 = path.join(SHARED, 'slow-motion-dream-excerpt.mp3');
  if (!fs.existsSync(flac) || !fs.existsSync(mp3)) throw new Error(`${SHARED}: shared test songs missing`);
  const songs: Record<string, string> = {
    'mp3 10.9 s': mp3,
    'flac 60 s': flac,
    'mp3 60 s': encodeMp3(flac, 60),
    'mp3 240 s': encodeMp3(flac, 240),
  };
  const result: Record<string, Record<string, number>> = {};
  const t0 = process.hrtime.bigint();
  const wasm = await loadWasm();
  const wasmLoad = Number(process.hrtime.bigint() - t0) / 1e9;
  for (const [label, file] of Object.entries(songs)) {
    const r: Record<string, number> = {};
    r.nativeRawPipe = await fastest(runs, () => nativeRaw(file));
    r.decodeAudio = await fastest(runs, () => decodeAudio(file));
    r.decodeAudio16kMono = await fastest(runs, () => decodeAudio(file, { sampleRate: 16000, channels: 1 }));
    if (wasm) r.wasmCore = await fastest(runs, () => wasmDecode(wasm, file));
    result[label] = r;
    console.log(
      label.padEnd(12),
      Object.entries(r)
        .map(([k, v]) => `${k} ${v.toFixed(3)} s`)
        .join(', '),
    );
  }
  if (wasm) console.log(`@ffmpeg/core load ${wasmLoad.toFixed(3)} s`);
  else console.log('@ffmpeg/core not installed: WebAssembly FFmpeg not timed');

  // Resample and features on 4 minutes: the native-rate mono mixture, 44.1 kHz → 16 kHz → MFCC → windows.
  const song = await decodeAudio(songs['mp3 240 s'], { channels: 1 });
  const x = song.channels[0];
  let y: Float32Array = resample(x, song.sampleRate, 16000);
  const resampleS = await fastest(runs, () => (y = resample(x, song.sampleRate, 16000)));
  let mfcc = computeMfcc(y);
  const mfccS = await fastest(runs, () => (mfcc = computeMfcc(y)));
  const frames = videoFrameCount(y.length / 16000);
  const windowS = await fastest(runs, () => windowFeatures(mfcc, 0, frames));
  console.log(
    `4 min: resample 44.1→16 kHz ${resampleS.toFixed(3)} s, MFCC+deltas ${mfccS.toFixed(3)} s, 30 fps windows ${windowS.toFixed(3)} s (${frames} frames)`,
  );
  console.log(`cores ${os.cpus().length}, load average ${os.loadavg()[0].toFixed(2)}`);
  console.log(
    JSON.stringify({
      decode: result,
      wasmLoadSeconds: wasm ? wasmLoad : null,
      fourMinutes: { resample: resampleS, mfcc: mfccS, windows: windowS },
      loadAverage: os.loadavg()[0],
    }),
  );
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
