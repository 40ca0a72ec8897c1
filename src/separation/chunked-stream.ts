import type { Audio } from '../audio';
import type { SeparateOptions, SeparationStream, Stems } from './separator';

/**
 * The one streaming engine every separator uses. The song is cut into cores of `core` samples; each
 * core is processed with `margin` samples of context on both sides (zeros before the start and after
 * the end) and only the core is kept, so memory is one segment whatever the song's length. A separator
 * whose result at a sample depends only on its segment (STFT frames aligned to a grid that the core
 * length is a multiple of, masks with bounded context) gives the same bytes streamed or whole.
 */
export interface ChunkLayout {
  /** Samples kept from each segment (a multiple of the separator's hop). */
  core: number;
  /** Context samples on each side of the core. */
  margin: number;
}

/** Segments in flight at once (the built-in separator's worker pool has at most 4 threads). */
const MAX_CONCURRENT_SEGMENTS = 4;

/** Returns the vocal estimate for a segment (same channels and length); accompaniment = segment − vocals. */
export type SegmentProcessor = (segment: Float32Array[], sampleRate: number) => Promise<Float32Array[]> | Float32Array[];

/**
 * A SeparationStream over `process`. Every push returns the stems of the cores completed so far;
 * flush returns the rest, so the parts concatenate to exactly the pushed length.
 * Example: `const s = chunkedStream(processSegment, { core: 440320, margin: 16384 }, 44100, 2, 'builtin')`
 */
export function chunkedStream(
  process: SegmentProcessor,
  layout: ChunkLayout,
  sampleRate: number,
  channelCount: number,
  name: string,
): SeparationStream {
  const { core, margin } = layout;
  if (!(Number.isInteger(core) && core > 0 && Number.isInteger(margin) && margin >= 0)) {
    throw new Error(`${name}: bad chunk layout (core ${core}, margin ${margin})`);
  }
  if (!(Number.isInteger(channelCount) && channelCount > 0))
    throw new Error(`${name}: channel count must be a positive integer, got ${channelCount}`);
  const segLen = core + 2 * margin;
  // buf[c][i] holds absolute sample bufStart + i; absolute samples < 0 are the leading zero margin.
  let buf = Array.from({ length: channelCount }, () => new Float32Array(segLen + margin));
  let bufStart = -margin;
  let bufLen = margin; // the leading zeros
  let next = 0; // absolute start of the next core to emit
  let pushed = 0;
  let finished = false;

  const ensure = (extra: number) => {
    if (bufLen + extra <= buf[0].length) return;
    const cap = Math.max(bufLen + extra, segLen + margin);
    buf = buf.map((b) => {
      const g = new Float32Array(cap);
      g.set(b.subarray(0, bufLen));
      return g;
    });
  };

  /** Cuts the segment of the core starting at `at` (copies: the processor may keep or transfer them). */
  const cut = (at: number, keep: number) => {
    const off = at - margin - bufStart;
    const segment = buf.map((b) => {
      const seg = new Float32Array(segLen);
      const avail = Math.max(0, Math.min(segLen, bufLen - off));
      seg.set(b.subarray(off, off + avail));
      return seg;
    });
    const mixture = segment.map((seg) => seg.slice(margin, margin + keep));
    return { segment, mixture, keep };
  };

  /** The stems of one processed segment: its core of the vocal estimate, and mixture − vocals. */
  const stemsOf = (j: ReturnType<typeof cut>, vocalsSeg: Float32Array[]): Stems => {
    if (vocalsSeg.length !== channelCount || vocalsSeg.some((v) => v.length !== segLen)) {
      throw new Error(`${name}: a segment came back with the wrong shape`);
    }
    // views, not copies: the parts are joined into new arrays (concatStems) before anyone sees them
    const vocals = vocalsSeg.map((v) => v.subarray(margin, margin + j.keep));
    const accompaniment = j.mixture.map((m, c) => subtractInto(m, vocals[c]));
    return { vocals: { sampleRate, channels: vocals }, accompaniment: { sampleRate, channels: accompaniment }, separator: name };
  };

  // Segments in flight, in song order. They span pushes: a push that makes 3 cores ready on a 2-thread
  // pool no longer waits for the third alone (a 60 s song took 4 rounds of 2 threads instead of 3).
  const inFlight: { done: boolean; stems: Promise<Stems> }[] = [];

  /** Starts the core at `next` (`keep` samples); first waits for the oldest segment when the window is full. */
  const start = async (keep: number, parts: Stems[]): Promise<void> => {
    if (inFlight.length >= MAX_CONCURRENT_SEGMENTS) parts.push(await inFlight.shift()!.stems);
    const job = cut(next, keep);
    next += keep;
    // drop what no later segment needs (the job holds its own copies)
    const drop = next - margin - bufStart;
    if (drop > 0) {
      for (const b of buf) b.copyWithin(0, drop, bufLen);
      bufStart += drop;
      bufLen -= drop;
    }
    const entry = { done: false, stems: Promise.resolve(process(job.segment, sampleRate)).then((v) => stemsOf(job, v)) };
    entry.stems.then(
      () => (entry.done = true),
      () => {},
    ); // a failure is rethrown where it is awaited, in order
    inFlight.push(entry);
  };

  /** The stems of the finished segments at the head of the queue (all of them when `all`), in order. */
  const collect = async (parts: Stems[], all: boolean): Promise<Stems[]> => {
    // one macrotask: every settled segment (a worker's reply, or work an async processor did before
    // returning) has run its callbacks and marked itself done, however many promise steps that took
    await new Promise((resolve) => setImmediate(resolve));
    while (inFlight.length && (all || inFlight[0].done)) parts.push(await inFlight.shift()!.stems);
    return parts;
  };

  return {
    async push(chunk: Audio): Promise<Stems> {
      if (finished) throw new Error(`${name}: push after flush`);
      if (chunk.sampleRate !== sampleRate)
        throw new Error(`${name}: chunk sample rate ${chunk.sampleRate} Hz differs from the stream's ${sampleRate} Hz`);
      if (chunk.channels.length !== channelCount)
        throw new Error(`${name}: chunk has ${chunk.channels.length} channels, the stream ${channelCount}`);
      const n = chunk.channels[0]?.length ?? 0;
      ensure(n);
      for (let c = 0; c < channelCount; c++) buf[c].set(chunk.channels[c], bufLen);
      bufLen += n;
      pushed += n;
      const parts: Stems[] = [];
      while (pushed - margin - next >= core) await start(core, parts);
      return concatStems(await collect(parts, false), sampleRate, channelCount, name);
    },
    async flush(): Promise<Stems> {
      if (finished) throw new Error(`${name}: flush called twice`);
      finished = true;
      const parts: Stems[] = [];
      while (next < pushed) await start(Math.min(core, pushed - next), parts);
      return concatStems(await collect(parts, true), sampleRate, channelCount, name);
    },
  };
}

/** m −= v over m's length, in place; returns m. */
function subtractInto(m: Float32Array, v: Float32Array): Float32Array {
  for (let i = 0; i < m.length; i++) m[i] -= v[i];
  return m;
}

/** Joins stems parts in order (an empty list gives zero-length stems). */
export function concatStems(parts: Stems[], sampleRate: number, channelCount: number, name: string): Stems {
  const join = (pick: (s: Stems) => Audio): Audio => {
    const n = parts.reduce((t, p) => t + pick(p).channels[0].length, 0);
    const channels = Array.from({ length: channelCount }, (_, c) => {
      const out = new Float32Array(n);
      let at = 0;
      for (const p of parts) {
        out.set(pick(p).channels[c], at);
        at += pick(p).channels[c].length;
      }
      return out;
    });
    return { sampleRate, channels };
  };
  return { vocals: join((s) => s.vocals), accompaniment: join((s) => s.accompaniment), separator: name };
}

/**
 * Whole-song separation through a stream, in pieces of `pieceSeconds`, with progress in seconds and
 * abort between pieces. Output is preallocated so the song is held once per stem.
 * Example: `return separateViaStream(this.stream(a.sampleRate, a.channels.length), a, options, this.name)`
 */
export async function separateViaStream(
  stream: SeparationStream,
  audio: Audio,
  options: SeparateOptions,
  name: string,
  pieceSeconds = 40,
): Promise<Stems> {
  const n = audio.channels[0]?.length ?? 0;
  const k = audio.channels.length;
  const total = n / audio.sampleRate;
  const vocals = Array.from({ length: k }, () => new Float32Array(n));
  const accompaniment = Array.from({ length: k }, () => new Float32Array(n));
  let written = 0;
  const take = (s: Stems) => {
    for (let c = 0; c < k; c++) {
      vocals[c].set(s.vocals.channels[c], written);
      accompaniment[c].set(s.accompaniment.channels[c], written);
    }
    written += s.vocals.channels[0]?.length ?? 0;
    options.onProgress?.({ stage: 'separate', done: written / audio.sampleRate, total });
  };
  const piece = Math.max(1, Math.round(pieceSeconds * audio.sampleRate));
  options.onProgress?.({ stage: 'separate', done: 0, total });
  for (let at = 0; at < n; at += piece) {
    if (options.signal?.aborted) throw new Error(`${name}: separation aborted`);
    take(
      await stream.push({ sampleRate: audio.sampleRate, channels: audio.channels.map((ch) => ch.subarray(at, Math.min(n, at + piece))) }),
    );
  }
  take(await stream.flush());
  return {
    vocals: { sampleRate: audio.sampleRate, channels: vocals },
    accompaniment: { sampleRate: audio.sampleRate, channels: accompaniment },
    separator: name,
  };
}
