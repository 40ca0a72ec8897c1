import type { Audio } from '../audio';

/**
 * Signal-to-distortion ratio exactly as museval (BSS Eval v4, "images" mode, SiSEC 2018) reports it.
 *
 * In v4 the distortion filters are fitted once over the whole track, and the four error terms of a
 * frame (spatial, interference, artefacts) add up to `estimate − reference`; the SDR of a frame is
 * therefore `10·log10(Σ reference² / Σ (estimate − reference)²)` over that frame's samples and channels
 * (museval computes it through the projections and agrees to ~1e-9 dB; see tests/separation/sdr.test.ts).
 * A frame where any reference or any estimate is "silent" (museval: the sum over channels is 0 at every
 * sample) is NaN and left out of the median, as in museval's aggregation.
 */
export interface SdrOptions {
  /** Frame length in samples; museval's default is 44100 (1 s at 44.1 kHz). Default: one second. */
  window?: number;
  /** Hop in samples; default = window (no overlap), as museval. */
  hop?: number;
}

export interface SdrResult {
  /** Per source, per frame, in dB (NaN where museval reports NaN). */
  frames: Float64Array[];
  /** Per source: median over the frames that are not NaN (NaN if none), as museval's EvalStore. */
  median: number[];
}

/**
 * Framewise SDR of each estimate against its reference (same order), museval v4 semantics.
 * Estimates are zero-padded or truncated to the reference length, as museval's `pad_or_truncate`.
 * Example: `bssEvalSdr([vocals, accompaniment], [stems.vocals, stems.accompaniment]).median[0]`
 */
export function bssEvalSdr(references: Audio[], estimates: Audio[], options: SdrOptions = {}): SdrResult {
  if (references.length === 0 || references.length !== estimates.length) {
    throw new Error(`bssEvalSdr: need as many estimates as references (got ${estimates.length} and ${references.length})`);
  }
  const n = references[0].channels[0]?.length ?? 0;
  const channels = references[0].channels.length;
  for (const a of [...references, ...estimates]) {
    if (a.channels.length !== channels) throw new Error(`bssEvalSdr: every signal needs ${channels} channels, got ${a.channels.length}`);
  }
  for (const r of references) {
    if (r.channels[0].length !== n) throw new Error('bssEvalSdr: references differ in length');
  }
  const window = Math.floor(options.window ?? references[0].sampleRate);
  const hop = Math.floor(options.hop ?? window);
  if (!(window > 0 && hop > 0)) throw new Error('bssEvalSdr: window and hop must be positive');
  // museval's Framing: whole windows only; one frame of the whole signal when the window is longer.
  const nwin = window < n ? Math.floor((n - window + hop) / hop) : 1;
  const frameOf = (t: number): [number, number] => (window < n ? [t * hop, Math.min(t * hop + window, n)] : [0, n]);

  const silent = (a: Audio, start: number, end: number): boolean => {
    for (let i = start; i < end; i++) {
      let s = 0;
      for (const ch of a.channels) s += i < ch.length ? ch[i] : 0;
      if (s !== 0) return false;
    }
    return true;
  };

  const frames = references.map(() => new Float64Array(nwin));
  for (let t = 0; t < nwin; t++) {
    const [start, end] = frameOf(t);
    const undefinedFrame = references.some((r) => silent(r, start, end)) || estimates.some((e) => silent(e, start, end));
    for (let j = 0; j < references.length; j++) {
      if (undefinedFrame) {
        frames[j][t] = NaN;
        continue;
      }
      let num = 0;
      let den = 0;
      for (let c = 0; c < channels; c++) {
        const r = references[j].channels[c];
        const e = estimates[j].channels[c];
        for (let i = start; i < end; i++) {
          const rv = r[i];
          const d = (i < e.length ? e[i] : 0) - rv;
          num += rv * rv;
          den += d * d;
        }
      }
      frames[j][t] = den === 0 ? Infinity : 10 * Math.log10(num / den);
    }
  }
  return { frames, median: frames.map(nanMedian) };
}

/** Median of the non-NaN values (NaN when there are none); ±Infinity count as values, as in pandas. */
export function nanMedian(values: ArrayLike<number>): number {
  const v = Array.from(values).filter((x) => !Number.isNaN(x));
  if (v.length === 0) return NaN;
  v.sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}
