import * as path from 'node:path';
import type { AnimateOptions } from './animate';
import { checkReadableFile, checkAudio, type Audio } from './audio';
import { InvalidInputError, InvalidOptionError } from './errors';
import { listModels } from './generator';
import { DEVICES } from './runtime';
import { CHANNELS, checkDirection, readDirection, EMOTION_CHOICES } from './emotion';

const kind = (v: unknown) =>
  v === null
    ? 'null'
    : Buffer.isBuffer(v)
      ? 'a Buffer'
      : Array.isArray(v)
        ? 'an array'
        : typeof v === 'object'
          ? 'an object'
          : `${typeof v} ${JSON.stringify(v)}`;

/**
 * Checks animateSong's input and options before any work (no model loaded, nothing decoded), with the
 * same rules as the CLI's flags, so a library caller gets a typed one-sentence error instead of seed 0's
 * output for `seed: -1`, `"seed": null` for NaN, or a TypeError from deep inside for a Buffer.
 */
export function checkAnimateArguments(input: unknown, o: AnimateOptions): void {
  if (typeof input === 'string') {
    if (!input) throw new InvalidInputError('input: an empty string is not a file path');
    // With stems the song itself is never read: the input only names the track's source.
    if (o?.stems === undefined) checkReadableFile(input);
  } else if (input && typeof input === 'object' && !Buffer.isBuffer(input) && 'channels' in input) {
    checkAudio(input as Audio);
  } else {
    throw new InvalidInputError(
      `input: expected a file path (string) or decoded audio { sampleRate, channels: Float32Array[] }, got ${kind(input)}`,
    );
  }
  if (o === null || typeof o !== 'object') throw new InvalidOptionError('options', o, `expected an object, got ${kind(o)}`);
  if (o.seed !== undefined && !(Number.isInteger(o.seed) && o.seed >= 0 && o.seed <= 0xffffffff)) {
    throw new InvalidOptionError('seed', o.seed, `must be a whole number from 0 to 4294967295, got ${kind(o.seed)}`);
  }
  if (o.style !== undefined && !(typeof o.style === 'string' ? o.style.length > 0 : Number.isInteger(o.style) && o.style >= 0)) {
    throw new InvalidOptionError('style', o.style, `must be a style name of the model or its index, got ${kind(o.style)}`);
  }
  if (o.device !== undefined && !DEVICES.includes(o.device)) {
    throw new InvalidOptionError('device', o.device, `must be one of ${DEVICES.join(', ')}, got ${kind(o.device)}`);
  }
  if (o.threads !== undefined && !(Number.isInteger(o.threads) && o.threads > 0)) {
    throw new InvalidOptionError('threads', o.threads, `must be a whole number of at least 1, got ${kind(o.threads)}`);
  }
  checkModelSpec(o.model);
  checkEmotionOptions(o);
  const sep = o.separator;
  if (sep !== undefined && typeof sep !== 'string' && !(sep && typeof sep === 'object' && typeof sep.stream === 'function')) {
    throw new InvalidOptionError(
      'separator',
      sep,
      `must be a spec (builtin, spleeter:DIR, mdx:MODEL.onnx) or a Separator object, got ${kind(sep)}`,
    );
  }
  if (o.stems !== undefined) {
    if (!(Array.isArray(o.stems) && o.stems.length === 2 && o.stems.every((s) => typeof s === 'string' && s))) {
      throw new InvalidOptionError('stems', o.stems, `must be [vocals file, accompaniment file], got ${kind(o.stems)}`);
    }
    for (const s of o.stems) checkReadableFile(s);
    if (o.separator !== undefined) {
      throw new InvalidOptionError(
        'separator',
        o.separator,
        'has no effect with stems (they are already separated); give one or the other',
      );
    }
  }
  for (const k of ['onProgress', 'onWarning'] as const) {
    if (o[k] !== undefined && typeof o[k] !== 'function') throw new InvalidOptionError(k, o[k], `must be a function, got ${kind(o[k])}`);
  }
  if (o.signal !== undefined && !(o.signal && typeof o.signal.aborted === 'boolean' && typeof o.signal.addEventListener === 'function')) {
    throw new InvalidOptionError('signal', o.signal, `must be an AbortSignal, got ${kind(o.signal)}`);
  }
}

/** A model spec: a name in models/, a .json card, an .onnx graph, or a generator already loaded. */
export function checkModelSpec(model: AnimateOptions['model']): void {
  if (model === undefined) return;
  if (typeof model === 'object' && model && 'card' in model && 'frame' in model) return;
  if (typeof model !== 'string' || !model) {
    throw new InvalidOptionError(
      'model',
      model,
      `must be a model name, a .json card or an .onnx path, or a loaded generator, got ${kind(model)}`,
    );
  }
  const ext = path.extname(model).toLowerCase();
  const looksLikePath = model.includes('/') || model.includes('\\') || ext !== '';
  if (looksLikePath && ext !== '.json' && ext !== '.onnx') {
    const installed = listModels();
    throw new InvalidOptionError(
      'model',
      model,
      `${model} is not a model: give a model name${installed.length ? ` (installed: ${installed.join(', ')})` : ''}, a .json model card or an .onnx graph`,
    );
  }
}

/** emotion, intensity, direction (a file is read and checked now), gains, mouthOnly. */
function checkEmotionOptions(o: AnimateOptions): void {
  if (o.emotion !== undefined && !EMOTION_CHOICES.includes(o.emotion)) {
    throw new InvalidOptionError('emotion', o.emotion, `must be one of ${EMOTION_CHOICES.join(', ')}, got ${kind(o.emotion)}`);
  }
  if (o.intensity !== undefined && !(typeof o.intensity === 'number' && o.intensity >= 0 && o.intensity <= 1)) {
    throw new InvalidOptionError('intensity', o.intensity, `must be a number from 0 to 1, got ${kind(o.intensity)}`);
  }
  if (o.direction !== undefined) {
    try {
      if (typeof o.direction === 'string') readDirection(o.direction);
      else checkDirection(o.direction, 'direction');
    } catch (e) {
      // A file's message starts with its name; an object's with "direction: ", which the error adds itself.
      const msg = (e as Error).message;
      throw new InvalidOptionError(
        'direction',
        typeof o.direction === 'string' ? o.direction : 'object',
        typeof o.direction === 'string' ? msg : msg.replace(/^direction: /, ''),
      );
    }
  }
  if (o.gains !== undefined) {
    if (!o.gains || typeof o.gains !== 'object')
      throw new InvalidOptionError('gains', o.gains, `must be an object { ${CHANNELS.join(', ')} }, got ${kind(o.gains)}`);
    for (const [k, v] of Object.entries(o.gains)) {
      if (!(CHANNELS as readonly string[]).includes(k))
        throw new InvalidOptionError('gains', k, `has no channel "${k}"; the channels are ${CHANNELS.join(', ')}`);
      if (v !== undefined && !(typeof v === 'number' && v >= 0 && v <= 2))
        throw new InvalidOptionError('gains', v, `${k} must be a number from 0 to 2, got ${kind(v)}`);
    }
  }
  if (o.mouthOnly !== undefined && typeof o.mouthOnly !== 'boolean')
    throw new InvalidOptionError('mouthOnly', o.mouthOnly, `must be true or false, got ${kind(o.mouthOnly)}`);
}
