import type { Audio } from './audio';
import { type Defaults, InvalidOptionError, withDefaults } from '../runtime';
import { InvalidAudioError } from './check-audio';

export interface EncodeWavOptions {
  /** 16 or 24 = integer PCM (clipped to [-1, 1)), 32 = IEEE float (lossless for our Float32Arrays). */
  bitDepth?: 16 | 24 | 32;
}

export const ENCODE_WAV_DEFAULTS: Defaults<EncodeWavOptions> = Object.freeze({ bitDepth: 16 });

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** Speaker masks for 1…8 channels in WAVEFORMATEXTENSIBLE order (mono, stereo, 2.1, quad, 5.0, 5.1, 6.1, 7.1). */
const CHANNEL_MASKS = [0x4, 0x3, 0x7, 0x33, 0x37, 0x3f, 0x13f, 0x63f];

/**
 * Encodes PCM as a RIFF/WAVE file. Up to two channels use the plain PCM/float header every reader knows;
 * more channels use WAVE_FORMAT_EXTENSIBLE with a speaker mask, as the format's specification asks.
 * Integer samples are round(x · 2^(bits−1)) clipped, so 16-bit audio decoded as x = s / 32768 round-trips exactly.
 * Example: `writeFileAtomic('vocals.wav', encodeWav(stems.vocals, { bitDepth: 32 }))`
 */
export function encodeWav(audio: Audio, options: EncodeWavOptions = {}): Uint8Array {
  const { bitDepth } = withDefaults(ENCODE_WAV_DEFAULTS, options);
  if (bitDepth !== 16 && bitDepth !== 24 && bitDepth !== 32)
    throw new InvalidOptionError('bitDepth', bitDepth, { message: `encodeWav: bitDepth must be 16, 24 or 32, got ${bitDepth}` });
  const channels = audio.channels.length;
  if (channels < 1) throw new InvalidAudioError('encodeWav: audio has no channels');
  if (!(Number.isInteger(audio.sampleRate) && audio.sampleRate > 0))
    throw new InvalidAudioError(`encodeWav: sampleRate must be a positive integer, got ${audio.sampleRate}`);
  const frames = audio.channels[0].length;
  for (const ch of audio.channels) if (ch.length !== frames) throw new InvalidAudioError('encodeWav: channels differ in length');
  const bytesPerSample = bitDepth / 8;
  const blockAlign = bytesPerSample * channels;
  const dataBytes = frames * blockAlign;
  const extensible = channels > 2;
  const isFloat = bitDepth === 32;
  const fmtBytes = extensible ? 40 : isFloat ? 18 : 16;
  const factBytes = isFloat || extensible ? 12 : 0; // non-PCM formats carry a fact chunk (sample frames)
  const header = 12 + 8 + fmtBytes + factBytes + 8;
  const total = header + dataBytes + (dataBytes & 1);
  if (total - 8 > 0xffffffff) throw new InvalidAudioError(`encodeWav: ${dataBytes} bytes of audio exceed the 4 GiB WAV limit`);
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  let o = 0;
  const tag = (s: string) => {
    for (let i = 0; i < 4; i++) out[o++] = s.charCodeAt(i);
  };
  const u16 = (x: number) => {
    v.setUint16(o, x, true);
    o += 2;
  };
  const u32 = (x: number) => {
    v.setUint32(o, x, true);
    o += 4;
  };
  tag('RIFF');
  u32(total - 8);
  tag('WAVE');
  tag('fmt ');
  u32(fmtBytes);
  u16(extensible ? WAVE_FORMAT_EXTENSIBLE : isFloat ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM);
  u16(channels);
  u32(audio.sampleRate);
  u32(audio.sampleRate * blockAlign);
  u16(blockAlign);
  u16(bitDepth);
  if (extensible) {
    u16(22);
    u16(bitDepth);
    u32(channels <= 8 ? CHANNEL_MASKS[channels - 1] : 0);
    // SubFormat GUID: the format code followed by 00000000-0010-8000-00AA00389B71.
    u32(isFloat ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM);
    for (const b of [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71]) out[o++] = b;
  } else if (isFloat) {
    u16(0);
  }
  if (factBytes) {
    tag('fact');
    u32(4);
    u32(frames);
  }
  tag('data');
  u32(dataBytes);
  const chans = audio.channels;
  if (bitDepth === 32) {
    for (let i = 0; i < frames; i++) for (let c = 0; c < channels; c++, o += 4) v.setFloat32(o, chans[c][i], true);
  } else if (bitDepth === 16) {
    for (let i = 0; i < frames; i++) for (let c = 0; c < channels; c++, o += 2) v.setInt16(o, quantize(chans[c][i], 32768), true);
  } else {
    for (let i = 0; i < frames; i++) {
      for (let c = 0; c < channels; c++, o += 3) {
        const s = quantize(chans[c][i], 8388608);
        out[o] = s & 0xff;
        out[o + 1] = (s >> 8) & 0xff;
        out[o + 2] = (s >> 16) & 0xff;
      }
    }
  }
  return out;
}

/** round(x · scale) clipped to the integer range; NaN becomes 0. */
function quantize(x: number, scale: number): number {
  const s = Math.round(x * scale);
  return s >= scale ? scale - 1 : s < -scale ? -scale : Number.isNaN(s) ? 0 : s;
}
