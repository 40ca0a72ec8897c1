import type { Audio } from './audio';
import { clock } from './decode-damage';
import { joinErrorFamily } from '../runtime';

/** Decoded audio handed to the library that it cannot use; `message` is one sentence. */
export class InvalidAudioError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAudioError';
  }
}
joinErrorFamily(InvalidAudioError);

/**
 * Checks PCM given to the library instead of a file: a positive sample rate, one Float32Array per
 * channel, all the same length, every sample a finite number (one NaN would make the whole track NaN).
 * `what` names the audio in messages.
 */
export function checkAudio(audio: Audio, what = 'audio'): void {
  if (!audio || typeof audio !== 'object')
    throw new InvalidAudioError(
      `${what}: expected { sampleRate, channels: Float32Array[] }, got ${audio === null ? 'null' : typeof audio}`,
    );
  if (!(Number.isFinite(audio.sampleRate) && audio.sampleRate > 0))
    throw new InvalidAudioError(`${what}: sampleRate must be a positive number of Hz, got ${audio.sampleRate}`);
  if (!Array.isArray(audio.channels) || !audio.channels.length)
    throw new InvalidAudioError(`${what}: channels must be a non-empty array of Float32Array`);
  const n = audio.channels[0]?.length;
  audio.channels.forEach((c, k) => {
    if (!(c instanceof Float32Array)) throw new InvalidAudioError(`${what}: channel ${k} is not a Float32Array`);
    if (c.length !== n) throw new InvalidAudioError(`${what}: channel ${k} has ${c.length} samples, channel 0 has ${n}`);
    for (let i = 0; i < c.length; i++) {
      const v = c[i];
      if (v - v !== 0)
        throw new InvalidAudioError(
          `${what}: sample ${i} of channel ${k} (at ${clock(i / audio.sampleRate)}) is ${v}, not a finite number`,
        );
    }
  });
}
