import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Audio } from '../audio';
import { modelsDir } from '../generator';
import { type Device, createInferenceSession, SeparatorError } from '../runtime';
import { chunkedStream, separateViaStream } from './chunked-stream';
import { LEARNED_BINS as BINS, LEARNED_HOP as HOP, LEARNED_NFFT as NFFT, learnedSegment } from './learned-segment';
import type { LearnedJob } from './learned-worker';
import { resampledStream } from './resampled-stream';
import type { SeparateOptions, SeparationStream, Separator, Stems } from './separator';
import { defaultWorkerThreads, WorkerPool } from './worker-pool';

/**
 * The learned separator (models/separator-learned.onnx, trained by training/separation/train_learned.py
 * on the synthetic corpus and CC0 multitracks only): the built-in separator's transform (4096-point
 * periodic Hann, hop 1024, one complex FFT per stereo pair, at 44.1 kHz) around a small network that
 * predicts the vocal mask from the stereo spectrum. The graph takes [1, 4, T, 2048] (L re, L im, R re,
 * R im; bins 0…2047) and returns the mask [1, T, 2048]; the Nyquist bin gets 0. Its cues (mid and side
 * level, stereo centre, harmonicity) and the network are all inside the graph, so learned-segment.ts only
 * moves spectra. Streamed in 10-s cores with the graph's context (metadata `context_frames`) as margin: flat
 * memory, and streamed output equals whole-song output. Mono songs go in as L = R; more channels share the
 * mask of their mean.
 */
export const LEARNED_SEPARATOR_FILE = 'separator-learned.onnx';
const RATE = 44100;
const learnedPool = new WorkerPool<LearnedJob>(path.join(__dirname, 'learned-worker.js'));

export interface LearnedSeparatorOptions {
  device?: Device;
  /** ONNX Runtime intra-op threads of the calling thread's session (default: the machine's cores). */
  threads?: number;
  /** Segments processed at once on worker threads on the CPU (default: cores, at most 2); 1 = this thread only. */
  workers?: number;
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
  // On the CPU, segments run on worker threads with a session each (one ONNX Runtime thread per core):
  // ONNX Runtime's run blocks the calling thread, so this is what lets one segment's FFTs overlap another's graph.
  const workers = options.workers ?? defaultWorkerThreads();
  const pooled = workers > 1 && learnedPool.available();
  const cpu = (options.device ?? 'auto') === 'auto' || options.device === 'cpu';
  // With workers, this thread's session only checks the graph's contract: one thread, released after.
  const { session, provider } = await createInferenceSession(file, {
    device: options.device,
    threads: cpu && pooled ? 1 : options.threads,
  });
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
  // 10-s cores: 20 s cost as much time here (4-min song, 3.4 s either way) and 1.36 GB instead of 0.87 at peak
  const core = Math.round((10 * RATE) / HOP) * HOP;
  const margin = (NFFT / HOP + context + 4) * HOP;

  const onWorkers = provider === 'cpu' && pooled;
  if (onWorkers) {
    await session.release();
    learnedPool.start(workers);
  }
  // the chunk engine keeps only the core: the inverse transform skips frames that reach only the margins
  const keepOf = (segment: Float32Array[]): [number, number] => [margin, segment[0].length - margin];
  const process = (segment: Float32Array[]): Promise<Float32Array[]> =>
    onWorkers
      ? learnedPool.run(
          { file, segment, keep: keepOf(segment) },
          segment.map((x) => x.buffer as ArrayBuffer),
          workers,
        )
      : learnedSegment(session, segment, keepOf(segment));

  const separator: Separator = {
    name,
    stream(sampleRate: number, channelCount: number): SeparationStream {
      if (!(Number.isInteger(channelCount) && channelCount > 0))
        throw new SeparatorError(`${name}: channel count must be a positive integer, got ${channelCount}`);
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
