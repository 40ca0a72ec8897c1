import { type Audio, Resampler } from '../audio';
import type { SeparationStream, Stems } from './separator';

/**
 * Runs a stream that works at `modelRate` for audio at `sampleRate`: the input is resampled on the way in
 * and the vocal estimate on the way out (streaming, band-limited, no delay); the accompaniment is the
 * original input minus that vocal, so mixture = vocals + accompaniment holds at the original rate. The
 * input waiting for its output is kept (one model segment), so memory stays flat. Identity when the
 * rates match.
 * Example: `resampledStream((rate) => inner(rate), 48000, 44100, 2, 'spleeter')`
 */
export function resampledStream(
  makeInner: (rate: number) => SeparationStream,
  sampleRate: number,
  modelRate: number,
  channelCount: number,
  name: string,
): SeparationStream {
  if (sampleRate === modelRate) return makeInner(sampleRate);
  if (!(Number.isInteger(sampleRate) && sampleRate > 0))
    throw new Error(`${name}: sample rate must be a positive integer, got ${sampleRate}`);
  const inner = makeInner(modelRate);
  const down = Array.from({ length: channelCount }, () => new Resampler(sampleRate, modelRate));
  const up = Array.from({ length: channelCount }, () => new Resampler(modelRate, sampleRate));
  let pending: Float32Array[] = Array.from({ length: channelCount }, () => new Float32Array(0));
  let pushed = 0;
  let emitted = 0;

  const back = (vocalsAtModelRate: Float32Array[], final: boolean, separator: string): Stems => {
    let v = up.map((r, c) => {
      const x = r.push(vocalsAtModelRate[c]);
      return final ? cat(x, r.flush()) : x;
    });
    const n = final ? pushed - emitted : Math.min(v[0].length, pushed - emitted);
    v = v.map((ch) => {
      const out = new Float32Array(n);
      out.set(ch.subarray(0, Math.min(n, ch.length)));
      return out;
    });
    const a = v.map((ch, c) => {
      const out = new Float32Array(n);
      const x = pending[c];
      for (let i = 0; i < n; i++) out[i] = x[i] - ch[i];
      return out;
    });
    pending = pending.map((x) => x.slice(n));
    emitted += n;
    return { vocals: { sampleRate, channels: v }, accompaniment: { sampleRate, channels: a }, separator };
  };

  return {
    async push(chunk: Audio): Promise<Stems> {
      if (chunk.sampleRate !== sampleRate)
        throw new Error(`${name}: chunk sample rate ${chunk.sampleRate} Hz differs from the stream's ${sampleRate} Hz`);
      if (chunk.channels.length !== channelCount)
        throw new Error(`${name}: chunk has ${chunk.channels.length} channels, the stream ${channelCount}`);
      pushed += chunk.channels[0]?.length ?? 0;
      pending = pending.map((x, c) => cat(x, chunk.channels[c]));
      const x = chunk.channels.map((ch, c) => down[c].push(ch));
      const s = await inner.push({ sampleRate: modelRate, channels: x });
      return back(s.vocals.channels, false, s.separator);
    },
    async flush(): Promise<Stems> {
      const last = await inner.push({ sampleRate: modelRate, channels: down.map((r) => r.flush()) });
      const rest = await inner.flush();
      return back(
        last.vocals.channels.map((c, i) => cat(c, rest.vocals.channels[i])),
        true,
        rest.separator,
      );
    },
  };
}

function cat(a: Float32Array, b: Float32Array): Float32Array {
  if (b.length === 0) return a;
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
