import { decodeAudio } from '../audio';
import type { Stems } from './separator';
import { type Defaults, SeparatorError, withDefaults } from '../runtime';

export interface StemsFromFilesOptions {
  /** Largest length difference accepted, seconds; default one 30 fps video frame. */
  toleranceSeconds?: number;
}

export const STEMS_FROM_FILES_DEFAULTS: Defaults<StemsFromFilesOptions> = Object.freeze({ toleranceSeconds: 1 / 30 });

export const USER_STEMS = 'user-stems';

/**
 * Stems a user separated elsewhere (`--stems vocals.wav,accompaniment.wav`). The accompaniment is
 * decoded at the vocals' rate and channel count; lengths must agree within one video frame, and the
 * shorter is padded with silence to the longer.
 * Example: `const stems = await stemsFromFiles('vocals.wav', 'accompaniment.wav')`
 */
export async function stemsFromFiles(vocalsPath: string, accompanimentPath: string, options: StemsFromFilesOptions = {}): Promise<Stems> {
  const { toleranceSeconds } = withDefaults(STEMS_FROM_FILES_DEFAULTS, options);
  const vocals = await decodeAudio(vocalsPath);
  const accompaniment = await decodeAudio(accompanimentPath, { sampleRate: vocals.sampleRate, channels: vocals.channels.length });
  const rate = vocals.sampleRate;
  const nv = vocals.channels[0]?.length ?? 0;
  const na = accompaniment.channels[0]?.length ?? 0;
  if (Math.abs(nv - na) > toleranceSeconds * rate) {
    const [longer, shorter] = nv > na ? [vocalsPath, accompanimentPath] : [accompanimentPath, vocalsPath];
    throw new SeparatorError(
      `${shorter} is ${(Math.min(nv, na) / rate).toFixed(3)} s long but ${longer} is ${(Math.max(nv, na) / rate).toFixed(3)} s; stems must have the same duration (within ${(toleranceSeconds * 1000).toFixed(0)} ms)`,
      { file: shorter },
    );
  }
  const n = Math.max(nv, na);
  const fit = (ch: Float32Array) => {
    if (ch.length === n) return ch;
    const out = new Float32Array(n);
    out.set(ch);
    return out;
  };
  return {
    vocals: { sampleRate: rate, channels: vocals.channels.map(fit) },
    accompaniment: { sampleRate: rate, channels: accompaniment.channels.map(fit) },
    separator: USER_STEMS,
  };
}
