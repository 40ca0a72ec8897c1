import type { LevelNorm } from '../features';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BLINK_DURATION, BLINK_INTERVAL, EYE_SMOOTH_SIGMA_FRAMES } from '../track';
import { ModelError } from '../runtime';

/** The JSON card beside every generator's ONNX graphs: what it needs, what it gives, what it learned from. */
export interface ModelCard {
  id: string;
  kind: 'musicface-generator';
  /** True for test fixtures with random weights; `animate` refuses them unless explicitly allowed. */
  fixture?: boolean;
  description?: string;
  styles: string[];
  features: Record<string, number | boolean>;
  contract: {
    variant: 'single' | 'two' | 'atm' | 'full';
    fps: number;
    window: number;
    featureDim: number;
    /** The frame graph's T must be a multiple of this (its U-Net strides). */
    frameMultiple?: number;
    inputs: string[];
    outputs: string[];
    styleCount: number;
    graphs: { frame: string; direction?: string };
    direction?: { featureDim: number; hidden: number };
  };
  /** Eye composition (paper 3.3.3, eq. 9); defaults below when absent. */
  eyes?: Partial<EyeParams>;
  /** Soft limits for integrated pose, per column (rad, rad, rad, m, m, m). */
  poseLimits?: number[];
  /** Where the integrated pose turns back, per column: the training targets' 99th percentile of |pose| (see PoseIntegrator). */
  poseRange?: number[];
  /** Level normalisation of every input stream (features/levels.ts), recorded by the shards it trained on; absent = none. */
  levels?: LevelNorm;
  /** The lips close where the lead-voice detector (lead-voice.ts) hears no lead; absent = never. */
  leadVoiceGate?: boolean;
  /**
   * The separator whose streams the generator learned (a spec: `learned`, `builtin`, …): `animate` and
   * `eval` use it when no separator is asked for; absent = the default separator.
   */
  separator?: string;
  [key: string]: unknown;
}

export interface EyeParams {
  /** Start-to-start blink interval range, seconds (paper: U(1.2, 2.0)). */
  blinkInterval: [number, number];
  /** Blink duration range, seconds (paper: U(0.10, 0.45)). */
  blinkDuration: [number, number];
  /** e_long above this replaces the blink state (eq. 9). */
  longThreshold: number;
  /** σ of the temporal gaussian on the composite eye state, in frames. */
  smoothingSigma: number;
}

export const DEFAULT_EYES: Readonly<EyeParams> = Object.freeze({
  blinkInterval: [...BLINK_INTERVAL] as [number, number],
  blinkDuration: [...BLINK_DURATION] as [number, number],
  longThreshold: 0.3,
  smoothingSigma: EYE_SMOOTH_SIGMA_FRAMES,
});

export const DEFAULT_POSE_LIMITS: readonly number[] = [0.6, 0.9, 0.5, 0.1, 0.1, 0.1];

/** The shipped models folder (works from src/ via ts and from dist/ after the build). */
export function modelsDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'models');
    dir = path.dirname(dir);
  }
  return path.join(__dirname, '..', '..', 'models');
}

/**
 * Finds a model's card from a name in models/ ("musicface-full"), a .json card or an .onnx path.
 * Example: `const { card, dir } = resolveModel('musicface-full')`
 */
export function resolveModel(spec: string): { card: ModelCard; dir: string; cardPath: string } {
  let cardPath: string;
  if (spec.endsWith('.json')) cardPath = spec;
  else if (spec.endsWith('.onnx')) cardPath = spec.replace(/(\.direction)?\.onnx$/, '.json');
  else cardPath = path.join(modelsDir(), `${spec}.json`);
  if (!fs.existsSync(cardPath)) {
    const available = listModels();
    throw new ModelError(
      `${cardPath}: no generator model card found` +
        (available.length ? ` (installed: ${available.join(', ')})` : ' (no model is installed in models/)'),
      { file: cardPath },
    );
  }
  let card: ModelCard;
  try {
    card = JSON.parse(fs.readFileSync(cardPath, 'utf8'));
  } catch (e) {
    throw new ModelError(`${cardPath}: model card is not valid JSON (${(e as Error).message})`, { file: cardPath });
  }
  if (card.kind !== 'musicface-generator')
    throw new ModelError(`${cardPath}: not a MusicFace generator card (kind is ${JSON.stringify(card.kind)})`, { file: cardPath });
  return { card, dir: path.dirname(cardPath), cardPath };
}

/** Names of the generator cards in models/. */
export function listModels(): string[] {
  const dir = modelsDir();
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .filter((f) => {
      try {
        return JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).kind === 'musicface-generator';
      } catch {
        return false;
      }
    })
    .map((f) => f.replace(/\.json$/, ''));
}

/**
 * The separator these generators' cards name (`separator`), for callers that name none; undefined when no
 * card names one. Cards that name different ones are refused: one separator's streams would be wrong for
 * the others.
 * Example: `createSeparator(options.separator ?? cardSeparator(gens) ?? DEFAULT_SEPARATOR)`
 */
export function cardSeparator(gens: readonly { card: ModelCard; cardPath: string }[]): string | undefined {
  const named = gens.filter((g) => g.card.separator !== undefined);
  const specs = [...new Set(named.map((g) => g.card.separator))];
  if (specs.length > 1 || (specs.length === 1 && named.length < gens.length))
    throw new ModelError(
      `these models learned different separators' streams (${gens.map((g) => `${path.basename(g.cardPath)}: ${g.card.separator ?? 'the default'}`).join(', ')}); name one with --separator or score them apart`,
    );
  return specs[0];
}
