import { type Audio, audioLength, streamAudio, Resampler, toMono } from './audio';
import { type Device, type ProgressCallback, Stopwatch } from './runtime';
import { DEFAULT_SEPARATOR, createSeparator, type Separator, type Stems } from './separation';
import { type Chroma, ChromaExtractor, FEATURE_PARAMS, MfccExtractor, type Mfcc, type StreamFeatures } from './features';

/**
 * One stream (vocals, accompaniment or mixture) of a song on its way to features: downmix, resample to
 * 16 kHz, MFCC+deltas — pushed chunk by chunk so a 60-minute song never holds its PCM.
 * Inference (`animateSong`) and the dataset builder both use this, so they cannot disagree.
 * With `chroma`, the same 16 kHz samples also give 10 Hz pitch-class rows (the emotion layer's mode cue).
 */
export class StreamFeaturizer {
  private resampler?: Resampler;
  private readonly mfcc = new MfccExtractor();
  private readonly chroma?: ChromaExtractor;
  private samples = 0;
  private rate = 0;

  constructor(
    private readonly clock?: Stopwatch,
    chroma = false,
  ) {
    if (chroma) this.chroma = new ChromaExtractor();
  }

  push(chunk: Audio): void {
    if (!chunk.channels.length || !chunk.channels[0].length) return;
    if (!this.resampler) {
      this.rate = chunk.sampleRate;
      this.resampler = new Resampler(chunk.sampleRate, FEATURE_PARAMS.sampleRate);
    } else if (chunk.sampleRate !== this.rate) {
      throw new Error(`sample rate changed mid-stream (${this.rate} → ${chunk.sampleRate} Hz)`);
    }
    const n = chunk.channels[0].length;
    this.samples += n;
    const x = this.resampler.push(toMono(chunk));
    this.clock?.lap('resample');
    this.mfcc.push(x);
    this.chroma?.push(x);
    this.clock?.lap('features');
  }

  /** Seconds of audio pushed so far. */
  get duration(): number {
    return this.rate ? this.samples / this.rate : 0;
  }

  finish(): Mfcc {
    if (this.resampler) {
      const tail = this.resampler.flush();
      this.mfcc.push(tail);
      this.chroma?.push(tail);
    }
    return this.mfcc.finish();
  }

  /** The chroma rows (after `finish`), when asked for at construction. */
  finishChroma(): Chroma | undefined {
    return this.chroma?.finish();
  }
}

/** Whole-audio convenience: Audio → 100 fps MFCC+delta rows. */
export function audioToMfcc(audio: Audio): Mfcc {
  const f = new StreamFeaturizer();
  f.push(audio);
  return f.finish();
}

export interface SongFeatureOptions {
  separator?: string | Separator;
  stems?: [string, string];
  device?: Device;
  threads?: number;
  onProgress?: ProgressCallback;
  signal?: AbortSignal;
}

/** Decoded audio arrives in pieces this long; separation and features stream through them. */
const CHUNK_SECONDS = 20;

function* chunksOf(audio: Audio, seconds: number): Generator<Audio> {
  const n = audioLength(audio);
  const step = Math.max(1, Math.round(seconds * audio.sampleRate));
  for (let i = 0; i < n; i += step) {
    yield { sampleRate: audio.sampleRate, channels: audio.channels.map((c) => c.subarray(i, Math.min(n, i + step))) };
  }
}

async function* zipStems(vocalsFile: string, accFile: string): AsyncGenerator<Stems> {
  const a = streamAudio(vocalsFile, { chunkSeconds: CHUNK_SECONDS })[Symbol.asyncIterator]();
  const b = streamAudio(accFile, { chunkSeconds: CHUNK_SECONDS })[Symbol.asyncIterator]();
  for (;;) {
    const [x, y] = await Promise.all([a.next(), b.next()]);
    if (x.done && y.done) return;
    const empty = (like: Audio | undefined): Audio => ({ sampleRate: like?.sampleRate ?? 44100, channels: [new Float32Array(0)] });
    yield {
      vocals: x.done ? empty(y.value) : x.value,
      accompaniment: y.done ? empty(x.value) : y.value,
      separator: 'user-stems',
    };
  }
}

/** vocals + accompaniment, for single-stream models given user stems. */
function mixStems(stems: Stems): Audio {
  const n = Math.min(audioLength(stems.vocals), audioLength(stems.accompaniment));
  const k = Math.min(stems.vocals.channels.length, stems.accompaniment.channels.length);
  const channels = Array.from({ length: k }, (_, c) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = stems.vocals.channels[c][i] + stems.accompaniment.channels[c][i];
    return out;
  });
  return { sampleRate: stems.vocals.sampleRate, channels };
}

export interface SongStreams extends StreamFeatures {
  vocals: Mfcc;
  accompaniment: Mfcc;
  mixture?: Mfcc;
  duration: number;
  separator: string;
}

/** Decode → separate → features, streamed chunk by chunk so memory stays flat for long songs. */
export async function songFeatures(
  input: string | Audio,
  needMixture: boolean,
  options: SongFeatureOptions,
  clock: Stopwatch = new Stopwatch(),
): Promise<SongStreams> {
  const v = new StreamFeaturizer(clock);
  const a = new StreamFeaturizer(clock, true);
  const m = needMixture ? new StreamFeaturizer(clock) : undefined;
  const progress = options.onProgress;
  let separatorName = 'user-stems';
  let done = 0;
  const push = (stems: Stems) => {
    clock.lap('separate');
    v.push(stems.vocals);
    a.push(stems.accompaniment);
    clock.lap('features');
  };
  if (options.stems) {
    for await (const stems of zipStems(options.stems[0], options.stems[1])) {
      options.signal?.throwIfAborted();
      clock.lap('decode');
      if (m) m.push(mixStems(stems));
      push(stems);
      done += audioLength(stems.vocals) / stems.vocals.sampleRate;
      progress?.({ stage: 'features', done, total: done + CHUNK_SECONDS });
    }
  } else {
    const separator =
      typeof options.separator === 'object'
        ? options.separator
        : await createSeparator(options.separator ?? DEFAULT_SEPARATOR, { device: options.device, threads: options.threads });
    separatorName = separator.name;
    const source: AsyncIterable<Audio> | Iterable<Audio> =
      typeof input === 'string' ? streamAudio(input, { chunkSeconds: CHUNK_SECONDS }) : chunksOf(input, CHUNK_SECONDS);
    const total = typeof input === 'string' ? undefined : audioLength(input) / input.sampleRate;
    let stream: ReturnType<Separator['stream']> | undefined;
    // One chunk in flight: while the separator's workers split chunk k, this thread computes the
    // features of chunk k−1 (pushes stay in order and never overlap, so the bytes are unchanged).
    let inflight: Promise<Stems> | undefined;
    for await (const chunk of source) {
      options.signal?.throwIfAborted();
      clock.lap('decode');
      const sep = (stream ??= separator.stream(chunk.sampleRate, chunk.channels.length));
      m?.push(chunk);
      const previous = inflight && (await inflight);
      inflight = sep.push(chunk);
      inflight.catch(() => {}); // rethrown where it is awaited; not an unhandled rejection meanwhile
      if (previous) push(previous);
      done += audioLength(chunk) / chunk.sampleRate;
      progress?.({ stage: 'separate + features', done, total: total ?? done + CHUNK_SECONDS });
    }
    if (inflight) push(await inflight);
    if (stream) push(await stream.flush());
  }
  const duration = v.duration;
  const vocals = v.finish();
  const accompaniment = a.finish();
  const mixture = m?.finish();
  const chroma = { accompaniment: a.finishChroma() };
  clock.lap('features');
  progress?.({ stage: 'separate + features', done: duration, total: duration });
  return { vocals, accompaniment, mixture, chroma, duration, separator: separatorName };
}
