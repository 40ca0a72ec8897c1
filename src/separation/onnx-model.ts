import * as fs from 'node:fs';
import type { InferenceSession } from 'onnxruntime-node';
import { type Device, createInferenceSession, SeparatorError } from '../runtime';

/** What an ONNX separator needs from its graph: one input and one output with these names and dims. */
export interface TensorContract {
  name: string;
  /** Expected dims; `null` = any size (a symbolic dim in the file is accepted wherever a size is expected). */
  dims: (number | null)[];
}

export interface ModelContract {
  /** How the error names the contract, e.g. "a sherpa-onnx Spleeter 2-stem graph". */
  describe: string;
  input: TensorContract;
  output: TensorContract;
}

export interface LoadedModel {
  session: InferenceSession;
  provider: string;
  /** The input's dims as stored in the file (numbers, or strings for symbolic dims). */
  inputDims: readonly (number | string)[];
  file: string;
}

export interface LoadOptions {
  device?: Device;
  threads?: number;
}

const fmt = (dims: readonly (number | string | null)[]) => `[${dims.map((d) => (d === null ? '?' : d)).join(', ')}]`;

/**
 * Opens `file` with ONNX Runtime and checks it against `contract`; any problem is one sentence naming
 * the file (missing, not ONNX, wrong names, wrong dims or type).
 * Example: `const m = await loadSeparationModel('vocals.onnx', SPLEETER_CONTRACT, { device: 'cuda' })`
 */
export async function loadSeparationModel(file: string, contract: ModelContract, options: LoadOptions = {}): Promise<LoadedModel> {
  if (!fs.existsSync(file)) throw new SeparatorError(`${file} does not exist (expected ${contract.describe})`, { file });
  if (!fs.statSync(file).isFile()) throw new SeparatorError(`${file} is not a file (expected ${contract.describe})`, { file });
  let loaded: Awaited<ReturnType<typeof createInferenceSession>>;
  try {
    loaded = await createInferenceSession(file, { device: options.device, threads: options.threads });
  } catch (e) {
    // ORT's message: "Load model from F failed:<source>.cc:NNN <C++ signature> <reason>"; keep the reason
    const why = String((e as Error)?.message ?? e)
      .split('\n')[0]
      .replace(/^Load model from .*? failed:/, '')
      .replace(/\S+\.cc:\d+ \S+\(.*\)\s*/, '')
      .slice(0, 160);
    throw new SeparatorError(`${file} is not a loadable ONNX model (${why})`, { file });
  }
  const { session, provider } = loaded;
  const inputs = session.inputMetadata;
  const outputs = session.outputMetadata;
  const want = `${contract.describe}: input "${contract.input.name}" float32 ${fmt(contract.input.dims)}, output "${contract.output.name}" float32 ${fmt(contract.output.dims)}`;
  const input = inputs.find((m) => m.name === contract.input.name);
  const output = outputs.find((m) => m.name === contract.output.name);
  if (!input || !output || inputs.length !== 1) {
    const has = `inputs ${inputs.map((m) => `"${m.name}"`).join(', ')} and outputs ${outputs.map((m) => `"${m.name}"`).join(', ')}`;
    await session.release();
    throw new SeparatorError(`${file} has ${has}; expected ${want}`, { file });
  }
  for (const [meta, c, role] of [
    [input, contract.input, 'input'],
    [output, contract.output, 'output'],
  ] as const) {
    if (!meta.isTensor || meta.type !== 'float32') {
      await session.release();
      throw new SeparatorError(`${file}: ${role} "${meta.name}" is not a float32 tensor; expected ${want}`, { file });
    }
    const dims = meta.shape;
    const ok =
      dims.length === c.dims.length && c.dims.every((d, i) => d === null || typeof dims[i] === 'string' || dims[i] === d || dims[i] === -1);
    if (!ok) {
      await session.release();
      throw new SeparatorError(`${file}: ${role} "${meta.name}" has shape ${fmt(dims)}; expected ${want}`, { file });
    }
  }
  return { session, provider, inputDims: (input as InferenceSession.TensorValueMetadata).shape, file };
}
