import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { createInferenceSession, type Device, ModelError } from '../runtime';
import { checkContract } from './contract';
import { DirectionCell } from './direction-cell';
import { type ModelCard, resolveModel } from './model-card';

export interface LoadGeneratorOptions {
  device?: Device;
  threads?: number;
  /** Fixture models (random weights, for tests) are refused unless this is set. */
  allowFixture?: boolean;
  log?: (line: string) => void;
}

export interface LoadedGenerator {
  card: ModelCard;
  cardPath: string;
  frame: InferenceSession;
  direction?: InferenceSession;
  /** The direction graph's LSTM stepped in JavaScript (pose-integrator.ts), when its weights are readable. */
  directionCell?: DirectionCell;
  provider: string;
}

function readGraph(dir: string, file: string, cardPath: string): Uint8Array {
  const p = path.join(dir, file);
  if (!fs.existsSync(p)) throw new ModelError(`${cardPath}: the graph it names, ${p}, does not exist`, { file: cardPath });
  return fs.readFileSync(p);
}

async function open(bytes: Uint8Array, file: string, options: LoadGeneratorOptions) {
  try {
    return await createInferenceSession(bytes, options);
  } catch (e) {
    throw new ModelError(`${file}: not a loadable ONNX model (${String((e as Error).message).split('\n')[0]})`, { file });
  }
}

/**
 * Loads a generator (name in models/, card path or .onnx path) and checks its contract.
 * Example: `const gen = await loadGenerator('musicface-full', { device: 'cpu' })`
 */
export async function loadGenerator(
  spec: string,
  featureParams: Readonly<Record<string, number | boolean>>,
  options: LoadGeneratorOptions = {},
): Promise<LoadedGenerator> {
  const { card, dir, cardPath } = resolveModel(spec);
  if (card.fixture && !options.allowFixture) {
    throw new ModelError(`${cardPath}: is a test fixture with random weights, not a trained model`, { file: cardPath });
  }
  const framePath = path.join(dir, card.contract?.graphs?.frame ?? '');
  const { session: frame, provider } = await open(readGraph(dir, card.contract.graphs.frame, cardPath), framePath, options);
  let direction: InferenceSession | undefined;
  let directionCell: DirectionCell | undefined;
  if (card.contract.graphs.direction) {
    const dirPath = path.join(dir, card.contract.graphs.direction);
    const bytes = readGraph(dir, card.contract.graphs.direction, cardPath);
    // The direction LSTM is stepped one frame at a time: one thread avoids per-step thread wake-ups.
    direction = (await open(bytes, dirPath, { ...options, threads: 1 })).session;
    const c = card.contract.direction;
    if (c) directionCell = await DirectionCell.fromGraph(bytes, c.featureDim, c.hidden);
  }
  checkContract(card, cardPath, featureParams, frame, direction);
  return { card, cardPath, frame, direction, directionCell, provider };
}
