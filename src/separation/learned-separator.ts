import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Audio } from '../audio';
import { modelsDir } from '../generator';
import { type Device, createInferenceSession, ort, SeparatorError } from '../runtime';
import { chunkedStream, separateViaStream } from './chunked-stream';
import { forwardPair, inversePair } from './mask-segment';
import { resampledStream } from './resampled-stream';
import type { SeparateOptions, SeparationStream, Separator, Stems } from './separator';
import { checkChannels } from './spleeter-separator';

/**
 * The learned separator (models/separator-learned.onnx, trained by training/separation/train_learned.py
 * on the synthetic corpus and CC0 multitracks only): the built-in separator's transform (4096-point
 * periodic Hann, hop 1024, one complex FFT per stereo pair, at 44.1 kHz) around a small network that
 * predicts the vocal mask from the stereo spectrum. The graph takes [1, 4, T, 2048] (L re, L im, R re,
 * R im; bins 0…2047) and returns the mask [1, T, 2048]; the Nyquist bin gets 0. Its cues (mid and side
 * level, stereo centre, harmonicity) and the network are all inside the graph, so this file only moves
 * spectra. Streamed in 10-s cores with the graph's context (metadata `context_frames`) as margin: flat
 * memory, and streamed output equals whole-song output. Mono songs go in as L = R.
 */
export const LEARNED_SEPARATOR_FILE = 'separator-learned.onnx';
const RATE = 44100;
const NFFT = 4096;
const HOP = 1024;
const BINS = 2048;

export interface LearnedSeparatorOptions {
  device?: Device;
  /** ONNX Runtime intra-op threads (default: the machine's cores). */
  threads?: number;
  /** Another graph with the same contract (tests, retrained models). */
  file?: string;
}

/** The graph's card (`<graph>.json`, written by train_learned.py): what the runtime needs from it. */
export interface LearnedSeparatorCard {
  sampleRate: number;
  nFft: number;
  hop: number;
  bins: number;
  /** STFT frames of context the graph reads on each side of a frame. */
  contextFrames: number;
}

function readCard(file: string): LearnedSeparatorCard {
  const json = file.replace(/\.onnx$/i, '') + '.json';
  let card: Partial<LearnedSeparatorCard>;
  try {
    card = JSON.parse(fs.readFileSync(json, 'utf8'));
  } catch (e) {
    throw new SeparatorError(`${json}: cannot read the learned separator's card (${(e as Error).message.split('\n')[0]})`, { file: json });
  }
  if (
    card.sampleRate !== RATE ||
    card.nFft !== NFFT ||
    card.hop !== HOP ||
    card.bins !== BINS ||
    !(Number.isInteger(card.contextFrames) && card.contextFrames! >= 0)
  ) {
    throw new SeparatorError(`${json}: expected sampleRate ${RATE}, nFft ${NFFT}, hop ${HOP}, bins ${BINS} and an integer contextFrames`, {
      file: json,
    });
  }
  return card as LearnedSeparatorCard;
}

export async function createLearnedSeparator(options: LearnedSeparatorOptions = {}): Promise<Separator> {
  const file = options.file ?? path.join(modelsDir(), LEARNED_SEPARATOR_FILE);
  if (!fs.existsSync(file))
    throw new SeparatorError(
      `${file} does not exist (the learned separator's graph; reinstall the package or retrain it with training/separation/train_learned.py)`,
      { file },
    );
  const { session } = await createInferenceSession(file, { device: options.device, threads: options.threads });
  const input = session.inputMetadata[0];
  const shape = input?.isTensor ? input.shape : [];
  if (
    session.inputNames.join() !== 'stft' ||
    session.outputNames.join() !== 'mask' ||
    shape.length !== 4 ||
    shape[1] !== 4 ||
    shape[3] !== BINS
  ) {
    await session.release();
    throw new SeparatorError(
      `${file}: expected input "stft" [1, 4, frames, ${BINS}] and output "mask" [1, frames, ${BINS}] (a graph made by training/separation/train_learned.py)`,
      { file },
    );
  }
  const context = readCard(file).contextFrames;
  const name = `learned:${path.basename(file)}`;
  const core = Math.round((10 * RATE) / HOP) * HOP;
  const margin = (NFFT / HOP + context + 4) * HOP;

  const process = async (segment: Float32Array[]): Promise<Float32Array[]> => {
    const len = segment[0].length;
    const frames = len >= NFFT ? Math.floor((len - NFFT) / HOP) + 1 : 0;
    const l = segment[0];
    const r = segment[1] ?? segment[0];
    const outL = new Float32Array(len);
    const outR = new Float32Array(len);
    if (frames > 0) {
      const z = forwardPair(l, r, frames, NFFT, HOP);
      const plane = frames * BINS;
      const x = new Float32Array(4 * plane);
      const n2 = 2 * NFFT;
      for (let f = 0; f < frames; f++) {
        const zo = f * n2;
        const row = f * BINS;
        for (let k = 0; k < BINS; k++) {
          // Z = FFT(l + i·r): L = (Z[k] + conj Z[N−k])/2, R = (Z[k] − conj Z[N−k])/(2i)
          const j = k === 0 ? 0 : NFFT - k;
          const ar = z[zo + 2 * k];
          const ai = z[zo + 2 * k + 1];
          const br = z[zo + 2 * j];
          const bi = -z[zo + 2 * j + 1];
          x[row + k] = 0.5 * (ar + br);
          x[plane + row + k] = 0.5 * (ai + bi);
          x[2 * plane + row + k] = 0.5 * (ai - bi);
          x[3 * plane + row + k] = -0.5 * (ar - br);
        }
      }
      const O = ort();
      const res = await session.run({ stft: new O.Tensor('float32', x, [1, 4, frames, BINS]) });
      const m = res.mask.data as Float32Array;
      const mask = new Float32Array(frames * (BINS + 1)); // the Nyquist bin stays 0
      for (let f = 0; f < frames; f++) mask.set(m.subarray(f * BINS, (f + 1) * BINS), f * (BINS + 1));
      inversePair(z, mask, frames, NFFT, HOP, outL, outR);
    }
    if (segment.length === 2) return [outL, outR];
    for (let i = 0; i < len; i++) outL[i] = 0.5 * (outL[i] + outR[i]);
    return [outL];
  };

  const separator: Separator = {
    name,
    stream(sampleRate: number, channelCount: number): SeparationStream {
      checkChannels(name, channelCount);
      return resampledStream(
        (rate) => chunkedStream(process, { core, margin }, rate, channelCount, name),
        sampleRate,
        RATE,
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
