import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { defaultRig, loadRig, type Rig } from '../retarget';
import { type Device, createInferenceSession, ort, ModelError } from '../runtime';
import { type ConditioningContext, conditioningContext } from './conditioning';
import { readImage } from './image-file';
import type { NeuralPerson } from './person';

/** The card written beside a renderer by training/renderer/export.py. */
export interface NeuralRendererCard {
  format: 'musicface-neural-renderer';
  version: number;
  input: { name: string; shape: (string | number)[] };
  output: { name: string; shape: (string | number)[] };
  size: number;
  stack: number;
  person: Omit<NeuralPerson, 'background' | 'size' | 'stack'> & { background?: string; size?: number; stack?: number };
  generator?: Record<string, number>;
  training?: Record<string, unknown>;
  metrics?: Record<string, unknown>;
  /** Test fixtures (a few training steps on made-up data) are refused unless a caller allows them. */
  fixture?: boolean;
}

export interface NeuralRenderer {
  file: string;
  card: NeuralRendererCard;
  session: InferenceSession;
  /** The execution provider that runs it (cuda, webgpu or cpu). */
  provider: string;
  /** The person's full video frame the crop is pasted into (RGB, top row first). */
  background: { rgb: Uint8Array; width: number; height: number };
  conditioning: ConditioningContext;
  dispose(): Promise<void>;
}

export interface LoadNeuralOptions {
  /** Execution providers are tried in order CUDA → WebGPU → CPU from the one named (default 'cuda': all three). */
  device?: Device;
  threads?: number;
  /** The rig the person was tracked with, when it is not the default head. */
  rig?: Rig;
  allowFixture?: boolean;
  log?: (line: string) => void;
}

/** Card path of a renderer: `x.renderer.onnx` → `x.renderer.json`. */
export const cardPathOf = (onnx: string): string => onnx.replace(/\.onnx$/i, '') + '.json';

/**
 * Loads a person's neural renderer (`NAME.renderer.onnx` with `NAME.renderer.json` and its background
 * picture beside it) on the first execution provider that works: CUDA, then WebGPU, then CPU, one line
 * for each that is unavailable.
 * Example: `const r = await loadNeuralRenderer('grid-s1.renderer.onnx')`
 */
export async function loadNeuralRenderer(file: string, options: LoadNeuralOptions = {}): Promise<NeuralRenderer> {
  if (!/\.onnx$/i.test(file)) throw new ModelError(`${file}: a neural renderer is an .onnx file (with its .json card beside it)`, { file });
  if (!fs.existsSync(file)) throw new ModelError(`${file}: no such file`, { file });
  const cardFile = cardPathOf(file);
  let card: NeuralRendererCard;
  try {
    card = JSON.parse(fs.readFileSync(cardFile, 'utf8'));
  } catch (e) {
    throw new ModelError(
      `${file}: its card ${path.basename(cardFile)} is missing or unreadable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      { file },
    );
  }
  if (card.format !== 'musicface-neural-renderer')
    throw new ModelError(`${cardFile}: not a neural renderer card (format "${card.format}")`, { file: cardFile });
  if (card.fixture && !options.allowFixture)
    throw new ModelError(`${cardFile}: is a test fixture trained for a few steps on made-up data, not a person's renderer`, {
      file: cardFile,
    });
  const p = card.person;
  if (!p?.camera || !p.crop) throw new ModelError(`${cardFile}: the card has no person camera or crop`, { file: cardFile });
  const { session, provider } = await createInferenceSession(file, {
    device: options.device ?? 'cuda',
    threads: options.threads,
    log: options.log,
  });
  const inputs = session.inputNames,
    outputs = session.outputNames;
  if (inputs[0] !== card.input.name || outputs[0] !== card.output.name) {
    await session.release();
    throw new ModelError(
      `${file}: the graph's input/output (${inputs[0]} → ${outputs[0]}) are not the card's (${card.input.name} → ${card.output.name})`,
      { file },
    );
  }
  let background: NeuralRenderer['background'];
  const bgFile = p.background ? path.join(path.dirname(file), p.background) : null;
  if (bgFile && fs.existsSync(bgFile)) background = await readImage(bgFile);
  else background = { rgb: new Uint8Array(p.camera.width * p.camera.height * 3).fill(96), width: p.camera.width, height: p.camera.height };
  if (background.width !== p.camera.width || background.height !== p.camera.height) {
    throw new ModelError(
      `${bgFile}: the background is ${background.width}×${background.height}, the person's video ${p.camera.width}×${p.camera.height}`,
      { file: bgFile ?? undefined },
    );
  }
  let rig = options.rig;
  if (!rig) {
    if (p.rig && p.rig !== 'default head') {
      const beside = path.join(path.dirname(file), p.rig);
      if (!fs.existsSync(beside))
        throw new ModelError(`${cardFile}: the person was tracked with the rig ${p.rig}; pass it (--rig)`, { file: cardFile });
      rig = await loadRig(beside);
    } else rig = await defaultRig();
  }
  return {
    file,
    card,
    session,
    provider,
    background,
    conditioning: conditioningContext(rig, p.camera, p.crop, card.size),
    dispose: () => session.release(),
  };
}

/**
 * Runs the network on `n` stacked conditioning inputs (n × 3·stack × S × S floats, 0…1) → n × 3 × S × S.
 * Example: `const frames = await runNeural(r, input, 8)`
 */
export async function runNeural(r: NeuralRenderer, input: Float32Array, n: number): Promise<Float32Array> {
  const S = r.card.size;
  const tensor = new (ort().Tensor)('float32', input, [n, 3 * r.card.stack, S, S]);
  const out = await r.session.run({ [r.card.input.name]: tensor });
  return out[r.card.output.name].data as Float32Array;
}
