import type { AnimateOptions } from '../animate';
import { DEVICES, Device } from '../runtime/onnx';
import { BLINK_SAMPLERS, BlinkSampler } from '../generator/generate-track';

/** The parseArgs options of every command that animates a song (animate, render, batch). */
export const ANIMATE_ARGS = {
  style: { type: 'string' },
  seed: { type: 'string' },
  blinks: { type: 'string' },
  separator: { type: 'string' },
  model: { type: 'string' },
  device: { type: 'string' },
  strict: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
} as const;

type Values = Record<string, string | boolean | undefined>;

/** The animateSong options those flags ask for; a bad seed or device throws one clear message. */
export function animateOptionsFrom(values: Values): Pick<AnimateOptions, 'style' | 'seed' | 'separator' | 'model' | 'device' | 'strict' | 'blinks'> {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const seedText = str('seed');
  const seed = seedText === undefined ? undefined : Number(seedText);
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0)) throw new Error(`--seed must be a non-negative integer, got ${seedText}`);
  const device = (str('device') ?? 'cpu') as Device;
  if (!DEVICES.includes(device)) throw new Error(`--device must be one of ${DEVICES.join(', ')}, got ${str('device')}`);
  const blinks = str('blinks') as BlinkSampler | undefined;
  if (blinks !== undefined && !BLINK_SAMPLERS.includes(blinks)) throw new Error(`--blinks must be one of ${BLINK_SAMPLERS.join(', ')}, got ${blinks}`);
  return { style: str('style'), seed, separator: str('separator'), model: str('model'), device, ...(values.strict ? { strict: true } : {}), ...(blinks ? { blinks } : {}) };
}

/** A positive number flag (size, fps), or its default when absent. */
export function positiveNumber(values: Values, name: string, fallback: number): number;
export function positiveNumber(values: Values, name: string, fallback?: number): number | undefined;
export function positiveNumber(values: Values, name: string, fallback?: number): number | undefined {
  const v = values[name];
  if (typeof v !== 'string') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got ${v}`);
  return n;
}
