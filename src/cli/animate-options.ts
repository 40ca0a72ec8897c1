import type { AnimateOptions } from '../animate';
import { DEVICES, type Device, InvalidOptionError } from '../runtime';
import { BLINK_SAMPLERS, type BlinkSampler } from '../generator';
import { CHANNELS, type ChannelGains, readDirection, EMOTION_CHOICES, type EmotionChoice } from '../emotion';

/** The parseArgs options of every command that animates a song (animate, render, batch). */
export const ANIMATE_ARGS = {
  style: { type: 'string' },
  seed: { type: 'string' },
  blinks: { type: 'string' },
  separator: { type: 'string' },
  model: { type: 'string' },
  device: { type: 'string' },
  strict: { type: 'boolean' },
  emotion: { type: 'string' },
  intensity: { type: 'string' },
  direction: { type: 'string' },
  lips: { type: 'string' },
  head: { type: 'string' },
  brows: { type: 'string' },
  'mouth-only': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
} as const;

type Values = Record<string, string | boolean | undefined>;

type FlagOptions = Pick<
  AnimateOptions,
  'style' | 'seed' | 'separator' | 'model' | 'device' | 'strict' | 'blinks' | 'emotion' | 'intensity' | 'direction' | 'gains' | 'mouthOnly'
>;

/** The animateSong options those flags ask for; a bad flag throws one clear message. */
export function animateOptionsFrom(values: Values): FlagOptions {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const seedText = str('seed');
  const seed = seedText === undefined ? undefined : Number(seedText);
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0))
    throw new InvalidOptionError('--seed', seedText, { message: `--seed must be a non-negative integer, got ${seedText}` });
  const device = (str('device') ?? 'cpu') as Device;
  if (!DEVICES.includes(device))
    throw new InvalidOptionError('--device', device, { message: `--device must be one of ${DEVICES.join(', ')}, got ${str('device')}` });
  // --blinks is the sampler (human | paper) or the blink channel's gain (0 … 2).
  const blinkText = str('blinks');
  const blinkGain = blinkText !== undefined && /^[\d.]+$/.test(blinkText) ? Number(blinkText) : undefined;
  const blinks = blinkGain === undefined ? (blinkText as BlinkSampler | undefined) : undefined;
  if (blinks !== undefined && !BLINK_SAMPLERS.includes(blinks))
    throw new InvalidOptionError('--blinks', blinks, {
      message: `--blinks must be one of ${BLINK_SAMPLERS.join(', ')} or a gain from 0 to 2, got ${blinks}`,
    });
  const emotion = str('emotion') as EmotionChoice | undefined;
  if (emotion !== undefined && !EMOTION_CHOICES.includes(emotion))
    throw new InvalidOptionError('--emotion', emotion, {
      message: `--emotion must be one of ${EMOTION_CHOICES.join(', ')}, got ${emotion}`,
    });
  const intensityText = str('intensity');
  const intensity = intensityText === undefined ? undefined : Number(intensityText);
  if (intensity !== undefined && !(intensity >= 0 && intensity <= 1))
    throw new InvalidOptionError('--intensity', intensityText, {
      message: `--intensity must be a number from 0 to 1, got ${intensityText}`,
    });
  const gains: ChannelGains = {};
  for (const k of CHANNELS) {
    const text = k === 'blinks' ? (blinkGain === undefined ? undefined : blinkText) : str(k);
    if (text === undefined) continue;
    const g = Number(text);
    if (!(text.trim() !== '' && g >= 0 && g <= 2))
      throw new InvalidOptionError(`--${k}`, text, { message: `--${k} must be a gain from 0 to 2, got ${text}` });
    gains[k] = g;
  }
  const directionFile = str('direction');
  if (directionFile) readDirection(directionFile); // a bad file fails now, before the song is decoded
  return {
    style: str('style'),
    seed,
    separator: str('separator'),
    model: str('model'),
    device,
    ...(values.strict ? { strict: true } : {}),
    ...(blinks ? { blinks } : {}),
    ...(emotion ? { emotion } : {}),
    ...(intensity !== undefined ? { intensity } : {}),
    ...(directionFile ? { direction: directionFile } : {}),
    ...(Object.keys(gains).length ? { gains } : {}),
    ...(values['mouth-only'] ? { mouthOnly: true } : {}),
  };
}

/** A positive number flag (size, fps), or its default when absent. */
export function positiveNumber(values: Values, name: string, fallback: number): number;
export function positiveNumber(values: Values, name: string, fallback?: number): number | undefined;
export function positiveNumber(values: Values, name: string, fallback?: number): number | undefined {
  const v = values[name];
  if (typeof v !== 'string') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidOptionError(`--${name}`, v, { message: `--${name} must be a positive number, got ${v}` });
  return n;
}
