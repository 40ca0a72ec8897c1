import * as path from 'node:path';
import type { Audio } from '../audio';
import { type Defaults, ort, SeparatorError } from '../runtime';
import { chunkedStream, separateViaStream } from './chunked-stream';
import { type LoadOptions, type LoadedModel, loadSeparationModel } from './onnx-model';
import { resampledStream } from './resampled-stream';
import type { SeparateOptions, SeparationStream, Separator, Stems } from './separator';
import { checkChannels } from './spleeter-separator';
import { istft, stft } from './stft';

/**
 * UVR MDX-Net models (Kim_Vocal_2, UVR-MDX-NET-Voc_FT, …) as Ultimate Vocal Remover and
 * python-audio-separator run them. Contract: input "input", output "output", float32
 * [batch, 4, dim_f, dim_t]: channels (L re, L im, R re, R im) of a centred STFT (periodic Hann, n_fft per
 * model, hop 1024, reflect padding), bins 0…dim_f−1 by frames; the output is the primary stem's
 * spectrogram in the same layout. Bins 0–2 of the input are zeroed and bins ≥ dim_f of the output are
 * zero (as UVR). Each chunk of hop·(dim_t − 1) samples keeps its middle (n_fft/2 trimmed from each side);
 * the primary stem is multiplied by the model's `compensate` and the other stem is mixture − primary.
 */
export interface MdxParams {
  nFft: number;
  dimF: number;
  /** Frames per chunk (2^mdx_dim_t_set in UVR's model data). */
  dimT: number;
  hop: number;
  compensate: number;
  /** What the model outputs. */
  primaryStem: 'vocals' | 'instrumental';
}

export const MDX_RATE = 44100;

export const MDX_PARAM_DEFAULTS: Defaults<Pick<MdxParams, 'hop' | 'compensate' | 'primaryStem'>> = Object.freeze({
  hop: 1024,
  compensate: 1,
  primaryStem: 'vocals' as const,
});

/**
 * Published numbers of well-known vocal models (UVR's model_data.json entries), by file name; a model
 * not listed needs n_fft (and its compensate) from the spec or a sidecar JSON, see create-separator.ts.
 */
export const KNOWN_MDX_MODELS: Readonly<Record<string, Partial<MdxParams>>> = Object.freeze({
  kim_vocal_1: { nFft: 7680, dimF: 3072, dimT: 256, compensate: 1.009, primaryStem: 'vocals' },
  kim_vocal_2: { nFft: 7680, dimF: 3072, dimT: 256, compensate: 1.009, primaryStem: 'vocals' },
  'uvr-mdx-net-voc_ft': { nFft: 7680, dimF: 3072, dimT: 256, compensate: 1.021, primaryStem: 'vocals' },
});

/**
 * Loads an MDX-Net model; dim_f and dim_t default to the sizes stored in the graph.
 * Example: `const sep = await createMdxSeparator('Kim_Vocal_2.onnx', { nFft: 7680, compensate: 1.009 })`
 */
export async function createMdxSeparator(file: string, params: Partial<MdxParams> = {}, options: LoadOptions = {}): Promise<Separator> {
  const known =
    KNOWN_MDX_MODELS[
      path
        .basename(file)
        .replace(/\.onnx$/i, '')
        .toLowerCase()
    ] ?? {};
  const p: Partial<MdxParams> = { ...MDX_PARAM_DEFAULTS, ...known, ...params };
  const model = await loadSeparationModel(
    file,
    {
      describe: 'a UVR MDX-Net graph',
      input: { name: 'input', dims: [null, 4, p.dimF ?? null, p.dimT ?? null] },
      output: { name: 'output', dims: [null, 4, p.dimF ?? null, p.dimT ?? null] },
    },
    options,
  );
  const [, , fileF, fileT] = model.inputDims;
  const dimF = p.dimF ?? (typeof fileF === 'number' && fileF > 0 ? fileF : undefined);
  const dimT = p.dimT ?? (typeof fileT === 'number' && fileT > 0 ? fileT : undefined);
  const bad = (what: string) =>
    new Error(
      `${file}: ${what}; give it as mdx:${file}?n_fft=7680&dim_f=3072&dim_t=256&compensate=1.009 (your model's numbers) or in ${sidecarName(file)}`,
    );
  if (!dimF || !dimT) throw bad('the graph does not fix dim_f and dim_t');
  if (!p.nFft) throw bad('its n_fft is unknown (not a model this package knows by name)');
  const full: MdxParams = { nFft: p.nFft, dimF, dimT, hop: p.hop!, compensate: p.compensate!, primaryStem: p.primaryStem! };
  checkMdxParams(file, full);
  const name = `mdx:${path.basename(file)}`;
  const chunk = full.hop * (full.dimT - 1);
  const trim = full.nFft >> 1;
  const separator: Separator = {
    name,
    stream(sampleRate: number, channelCount: number): SeparationStream {
      checkChannels(name, channelCount);
      return resampledStream(
        (rate) => chunkedStream((seg) => mdxSegment(seg, model, full), { core: chunk - 2 * trim, margin: trim }, rate, channelCount, name),
        sampleRate,
        MDX_RATE,
        channelCount,
        name,
      );
    },
    separate(audio: Audio, sepOptions: SeparateOptions = {}): Promise<Stems> {
      return separateViaStream(separator.stream(audio.sampleRate, audio.channels.length), audio, sepOptions, name);
    },
  };
  return separator;
}

export function sidecarName(file: string): string {
  return file.replace(/\.onnx$/i, '') + '.json';
}

function checkMdxParams(file: string, p: MdxParams): void {
  const int = (v: number) => Number.isInteger(v) && v > 0;
  if (!int(p.nFft) || !int(p.dimF) || !int(p.dimT) || !int(p.hop))
    throw new SeparatorError(`${file}: n_fft, dim_f, dim_t and hop must be positive integers`, { file });
  if (p.dimF > (p.nFft >> 1) + 1)
    throw new SeparatorError(`${file}: dim_f ${p.dimF} exceeds the ${(p.nFft >> 1) + 1} bins of n_fft ${p.nFft}`, { file });
  if (p.hop * (p.dimT - 1) <= p.nFft)
    throw new SeparatorError(`${file}: a chunk of hop·(dim_t−1) = ${p.hop * (p.dimT - 1)} samples must be longer than n_fft ${p.nFft}`, {
      file,
    });
  if (!(p.compensate > 0)) throw new SeparatorError(`${file}: compensate must be positive`, { file });
}

/** torch.stft(center=True) pads n_fft/2 on each side by reflection (without repeating the edge sample). */
function reflectPad(x: Float32Array, pad: number): Float32Array {
  const n = x.length;
  const y = new Float32Array(n + 2 * pad);
  y.set(x, pad);
  for (let i = 1; i <= pad; i++) {
    y[pad - i] = x[Math.min(i, n - 1)];
    y[pad + n - 1 + i] = x[Math.max(0, n - 1 - i)];
  }
  return y;
}

async function mdxSegment(segment: Float32Array[], model: LoadedModel, p: MdxParams): Promise<Float32Array[]> {
  const len = segment[0].length; // = hop·(dim_t − 1)
  const half = p.nFft >> 1;
  const opts = { nFft: p.nFft, hop: p.hop, frames: p.dimT };
  const stereo = segment.length === 2 ? segment : [segment[0], segment[0]];
  const specs = stereo.map((x) => stft(reflectPad(x, half), opts));
  const bins = specs[0].bins;
  const plane = p.dimF * p.dimT;
  const input = new Float32Array(4 * plane);
  specs.forEach((s, c) => {
    for (let k = 3; k < p.dimF; k++) {
      for (let t = 0; t < p.dimT; t++) {
        input[2 * c * plane + k * p.dimT + t] = s.re[t * bins + k];
        input[(2 * c + 1) * plane + k * p.dimT + t] = s.im[t * bins + k];
      }
    }
  });
  const O = ort();
  const result = await model.session.run({ input: new O.Tensor('float32', input, [1, 4, p.dimF, p.dimT]) });
  const y = result.output.data as Float32Array;
  const primary = specs.map((s, c) => {
    const re = new Float32Array(s.re.length);
    const im = new Float32Array(s.im.length);
    for (let k = 0; k < p.dimF; k++) {
      for (let t = 0; t < p.dimT; t++) {
        re[t * bins + k] = y[2 * c * plane + k * p.dimT + t];
        im[t * bins + k] = y[(2 * c + 1) * plane + k * p.dimT + t];
      }
    }
    const wave = istft({ frames: p.dimT, bins, re, im }, { ...opts, length: len + 2 * half });
    const out = new Float32Array(len);
    for (let i = 0; i < len; i++) out[i] = wave[half + i] * p.compensate;
    return out;
  });
  const vocals =
    p.primaryStem === 'vocals'
      ? primary
      : primary.map((inst, c) => {
          const v = new Float32Array(len);
          for (let i = 0; i < len; i++) v[i] = stereo[c][i] - inst[i];
          return v;
        });
  if (segment.length === 2) return vocals;
  const mono = new Float32Array(len);
  for (let i = 0; i < len; i++) mono[i] = 0.5 * (vocals[0][i] + vocals[1][i]);
  return [mono];
}
