import type { Audio } from '../../audio';
import { CorpusError } from '../../runtime';

/**
 * WAV reading for the tools' outputs (Festival writes 16-bit PCM, fluidsynth 32-bit float) and
 * 16-bit writing from integer samples. The corpus keeps its stems as integers so that
 * mixture = vocals + accompaniment holds exactly in the stored samples (see mix-song.ts).
 */

/**
 * WAV bytes → Audio. Handles PCM 16/24/32-bit and IEEE float 32/64, plain or WAVE_FORMAT_EXTENSIBLE.
 * Example: `const audio = readWav(fs.readFileSync('acc.wav'), 'acc.wav')`
 */
export function readWav(bytes: Uint8Array, file = 'audio.wav'): Audio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o: number) => String.fromCharCode(bytes[o], bytes[o + 1], bytes[o + 2], bytes[o + 3]);
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new CorpusError(`${file}: not a WAV file`, { file });
  let format = 0;
  let channels = 0;
  let sampleRate = 0;
  let bits = 0;
  let data: [number, number] | null = null;
  for (let o = 12; o + 8 <= bytes.length; ) {
    const id = tag(o);
    let size = view.getUint32(o + 4, true);
    if (id === 'fmt ') {
      format = view.getUint16(o + 8, true);
      channels = view.getUint16(o + 10, true);
      sampleRate = view.getUint32(o + 12, true);
      bits = view.getUint16(o + 22, true);
      if (format === 0xfffe && size >= 40) format = view.getUint16(o + 32, true); // sub-format GUID starts with the tag
    } else if (id === 'data') {
      // Some writers leave the size at 0 or too large when streaming; take what is there.
      if (size === 0 || o + 8 + size > bytes.length) size = bytes.length - o - 8;
      data = [o + 8, size];
    }
    o += 8 + size + (size & 1);
  }
  if (!data || !channels || !sampleRate) throw new CorpusError(`${file}: WAV has no fmt or data chunk`, { file });
  const bytesPer = bits / 8;
  const frames = Math.floor(data[1] / (bytesPer * channels));
  const out = Array.from({ length: channels }, () => new Float32Array(frames));
  const read: (p: number) => number =
    format === 3 && bits === 32
      ? (p) => view.getFloat32(p, true)
      : format === 3 && bits === 64
        ? (p) => view.getFloat64(p, true)
        : format === 1 && bits === 16
          ? (p) => view.getInt16(p, true) / 32768
          : format === 1 && bits === 24
            ? (p) => (view.getUint8(p) | (view.getUint8(p + 1) << 8) | (view.getInt8(p + 2) << 16)) / 8388608
            : format === 1 && bits === 32
              ? (p) => view.getInt32(p, true) / 2147483648
              : () => {
                  throw new CorpusError(`${file}: unsupported WAV encoding (format ${format}, ${bits} bits)`, { file });
                };
  let p = data[0];
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels; c++, p += bytesPer) out[c][i] = read(p);
  }
  return { sampleRate, channels: out };
}

/**
 * Integer samples (one Int16Array per channel) → 16-bit PCM WAV bytes. Samples are stored as given.
 * Example: `fs.writeFileSync('vocals.wav', writeWavInt16([left, right], 44100))`
 */
export function writeWavInt16(channels: Int16Array[], sampleRate: number): Uint8Array {
  const n = channels[0]?.length ?? 0;
  const k = channels.length;
  for (const c of channels) if (c.length !== n) throw new Error('writeWavInt16: channels differ in length');
  const dataBytes = n * k * 2;
  const out = new Uint8Array(44 + dataBytes);
  const v = new DataView(out.buffer);
  const put = (o: number, s: string) => {
    for (let i = 0; i < 4; i++) out[o + i] = s.charCodeAt(i);
  };
  put(0, 'RIFF');
  v.setUint32(4, 36 + dataBytes, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, k, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * k * 2, true);
  v.setUint16(32, k * 2, true);
  v.setUint16(34, 16, true);
  put(36, 'data');
  v.setUint32(40, dataBytes, true);
  let o = 44;
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++, o += 2) v.setInt16(o, channels[c][i], true);
  return out;
}

/** Integer samples of a 16-bit PCM WAV (one Int16Array per channel), for exact checks. */
export function readWavInt16(bytes: Uint8Array, file = 'audio.wav'): { sampleRate: number; channels: Int16Array[] } {
  const a = readWav(bytes, file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(34, true) !== 16) throw new CorpusError(`${file}: not 16-bit PCM`, { file });
  const channels = a.channels.map((c) => {
    const out = new Int16Array(c.length);
    for (let i = 0; i < c.length; i++) out[i] = Math.round(c[i] * 32768);
    return out;
  });
  return { sampleRate: a.sampleRate, channels };
}
