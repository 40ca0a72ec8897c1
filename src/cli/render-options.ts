import type { Framing } from '../scene';
import { InvalidOptionError } from '../runtime';

/** `--framing` → Framing (default face), or one sentence naming the choices. */
export function parseFraming(value: string | undefined): Framing {
  const framing = value ?? 'face';
  if (framing !== 'face' && framing !== 'bust' && framing !== 'full')
    throw new InvalidOptionError('--framing', value, { message: `--framing must be face, bust or full, got ${value}` });
  return framing;
}
