import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Audio } from '../audio';
import { ort, SeparatorError } from '../runtime';
import { chunkedStream, separateViaStream } from './chunked-stream';
import { type LoadOptions, type LoadedModel, type ModelContract, loadSeparationModel } from './onnx-model';
import { resampledStream } from './resampled-stream';
import type { SeparateOptions, SeparationStream, Separator, Stems } from './separator';
import { istft, stft } from './stft';

/**
 * Deezer's Spleeter 2-stem model as sherpa-onnx exports it (k2-fsa/sherpa-onnx, scripts/spleeter): two
 * graphs, vocals and accompaniment, each mapping STFT magnitudes to that stem's magnitudes.
 * Contract: input "x", output "y", float32 [2, num_splits, 512, 1024] = (audio channel, split of 512
 * frames, frame, bin); STFT 4096 points, hop 1024, periodic Hann, 44.1 kHz, bins 0…1023 (0–11 kHz).
 * The two outputs become Wiener-style ratio masks (v² + ε/2)/(v² + a² + ε) as sherpa-onnx does; bins
 * above 11 kHz get no vocal (Spleeter's "zeros" mask extension) and so stay in the accompaniment.
 * Each 512-frame split is run with 64 frames (1.5 s) of context on both sides, keeping the middle.
 */
export const SPLEETER_RATE = 44100;
export const SPLEETER_N_FFT = 4096;
export const SPLEETER_HOP = 1024;
export const SPLEETER_FRAMES = 512;
export const SPLEETER_BINS = 1024;
const CONTEXT_FRAMES = 64;
const EPS = 1e-10;

export const SPLEETER_CONTRACT: ModelContract = Object.freeze({
  describe: 'a sherpa-onnx Spleeter 2-stem graph',
  input: { name: 'x', dims: [2, null, SPLEETER_FRAMES, SPLEETER_BINS] },
  output: { name: 'y', dims: [2, null, SPLEETER_FRAMES, SPLEETER_BINS] },
});

export interface SpleeterFiles {
  vocals: string;
  accompaniment: string;
}

/** Preference when a folder holds several exports (sherpa-onnx ships fp32, fp16 and int8). */
const VARIANTS = ['', '.fp16', '.int8'];

/**
 * `vocals.onnx` and `accompaniment.onnx` (or their .fp16/.int8 variants) in a folder.
 * Example: `findSpleeterFiles('sherpa-onnx-spleeter-2stems-fp16')`
 */
export function findSpleeterFiles(dir: string): SpleeterFiles {
  if (!fs.existsSync(dir)) throw new SeparatorError(`spleeter: ${dir} does not exist`, { file: dir });
  if (!fs.statSync(dir).isDirectory())
    throw new SeparatorError(
      `spleeter: ${dir} is not a folder (give a folder with vocals.onnx and accompaniment.onnx, or the two files separated by a comma)`,
      { file: dir },
    );
  for (const v of VARIANTS) {
    const vocals = path.join(dir, `vocals${v}.onnx`);
    const accompaniment = path.join(dir, `accompaniment${v}.onnx`);
    if (fs.existsSync(vocals) && fs.existsSync(accompaniment)) return { vocals, accompaniment };
  }
  throw new SeparatorError(`spleeter: ${dir} has no vocals.onnx + accompaniment.onnx pair (nor .fp16/.int8 variants)`, { file: dir });
}

/**
 * Example:
 * ```ts
 * const sep = await createSpleeterSeparator(findSpleeterFiles('models/spleeter-2stems'), { device: 'cuda' });
 * const stems = await sep.separate(audio);
 * ```
 */
export async function createSpleeterSeparator(files: SpleeterFiles, options: LoadOptions = {}): Promise<Separator> {
  const vocalsModel = await loadSeparationModel(files.vocals, SPLEETER_CONTRACT, options);
  const accModel = await loadSeparationModel(files.accompaniment, SPLEETER_CONTRACT, options);
  const name = `spleeter-2stems:${path.basename(files.vocals)}`;
  const core = (SPLEETER_FRAMES - 2 * CONTEXT_FRAMES) * SPLEETER_HOP;
  const margin = CONTEXT_FRAMES * SPLEETER_HOP;
  const segLen = (SPLEETER_FRAMES - 1) * SPLEETER_HOP + SPLEETER_N_FFT;
  // core + 2·margin must equal one split's samples: pad the core's right margin with the remainder
  const rightExtra = segLen - (core + 2 * margin);
  const separator: Separator = {
    name,
    stream(sampleRate: number, channelCount: number): SeparationStream {
      checkChannels(name, channelCount);
      return resampledStream(
        (rate) =>
          chunkedStream((seg) => spleeterSegment(seg, vocalsModel, accModel, rightExtra), { core, margin }, rate, channelCount, name),
        sampleRate,
        SPLEETER_RATE,
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

export function checkChannels(name: string, channelCount: number): void {
  if (channelCount !== 1 && channelCount !== 2) {
    throw new SeparatorError(`${name} takes mono or stereo audio, this has ${channelCount} channels (downmix it first)`);
  }
}

async function spleeterSegment(
  segment: Float32Array[],
  vocalsModel: LoadedModel,
  accModel: LoadedModel,
  rightExtra: number,
): Promise<Float32Array[]> {
  const len = segment[0].length;
  // the model sees the segment plus `rightExtra` zeros so that it spans exactly 512 frames
  const padded = (x: Float32Array) => {
    const y = new Float32Array(len + rightExtra);
    y.set(x);
    return y;
  };
  const opts = { nFft: SPLEETER_N_FFT, hop: SPLEETER_HOP, frames: SPLEETER_FRAMES };
  const specs = (segment.length === 2 ? segment : [segment[0], segment[0]]).map((x) => stft(padded(x), opts));
  const bins = specs[0].bins;
  const plane = SPLEETER_FRAMES * SPLEETER_BINS;
  const x = new Float32Array(2 * plane);
  specs.forEach((s, c) => {
    for (let f = 0; f < SPLEETER_FRAMES; f++) {
      for (let k = 0; k < SPLEETER_BINS; k++) {
        const re = s.re[f * bins + k];
        const im = s.im[f * bins + k];
        x[c * plane + f * SPLEETER_BINS + k] = Math.sqrt(re * re + im * im);
      }
    }
  });
  const O = ort();
  const dims = [2, 1, SPLEETER_FRAMES, SPLEETER_BINS];
  const v = (await vocalsModel.session.run({ x: new O.Tensor('float32', x, dims) })).y.data as Float32Array;
  const a = (await accModel.session.run({ x: new O.Tensor('float32', x.slice(), dims) })).y.data as Float32Array;
  const out = specs.map((s, c) => {
    const re = new Float32Array(s.re.length);
    const im = new Float32Array(s.im.length);
    for (let f = 0; f < SPLEETER_FRAMES; f++) {
      for (let k = 0; k < SPLEETER_BINS; k++) {
        const i = c * plane + f * SPLEETER_BINS + k;
        const v2 = v[i] * v[i];
        const m = (v2 + EPS / 2) / (v2 + a[i] * a[i] + EPS);
        re[f * bins + k] = s.re[f * bins + k] * m;
        im[f * bins + k] = s.im[f * bins + k] * m;
      }
    }
    return istft({ frames: s.frames, bins, re, im }, { ...opts, length: len + rightExtra }).subarray(0, len);
  });
  if (segment.length === 2) return out.map((o) => o.slice());
  const mono = new Float32Array(len);
  for (let i = 0; i < len; i++) mono[i] = 0.5 * (out[0][i] + out[1][i]);
  return [mono];
}
