/**
 * The neural renderer's network alone, frames/s at 256² and 512², on the first execution provider that
 * works (CUDA → WebGPU → CPU, as `musicface render --renderer` tries them). It needs onnxruntime-node
 * and nothing else from the project, so it runs where the rest cannot be installed (a GPU machine with
 * only node and the ORT binary carried onto it). `npm run bench:neural` times the network with the same
 * `networkFramesPerSecond`, as part of the whole path.
 *
 *   node dist/bench/neural-network-bench.js [RENDERER.onnx] [--device cuda|webgpu|cpu] [--threads N]
 *
 * The last line printed is one JSON object.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { InferenceSession } from 'onnxruntime-node';
import { type Device, createInferenceSession, ort } from '../src/runtime/onnx';

/**
 * Frames/s of a renderer graph at `size`² in batches of `batch` (constant input, after one warm-up run),
 * timed for at least `seconds` and two runs.
 */
export async function networkFramesPerSecond(
  session: InferenceSession,
  inputName: string,
  stack: number,
  size: number,
  batch: number,
  seconds: number,
): Promise<number> {
  const input = new (ort().Tensor)('float32', new Float32Array(batch * 3 * stack * size * size).fill(0.3), [batch, 3 * stack, size, size]);
  await session.run({ [inputName]: input }); // warm-up (kernels chosen, buffers made)
  let runs = 0;
  let elapsed = 0;
  const t0 = process.hrtime.bigint();
  while (elapsed < seconds || runs < 2) {
    const out = await session.run({ [inputName]: input });
    for (const t of Object.values(out)) (t as { dispose?: () => void }).dispose?.();
    runs++;
    elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  }
  return (runs * batch) / elapsed;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { device: { type: 'string' }, threads: { type: 'string' }, sizes: { type: 'string' }, seconds: { type: 'string' } },
  });
  const file = positionals[0] ?? path.join(__dirname, '..', '..', 'models', 'renderers', 'grid-s1.renderer.onnx');
  if (!fs.existsSync(file)) throw new Error(`${file}: no such renderer`);
  const card = JSON.parse(fs.readFileSync(file.replace(/\.onnx$/, '.json'), 'utf8')) as { stack: number };
  const threads = Number(values.threads ?? Math.max(1, os.cpus().length));
  const device = (values.device ?? 'cuda') as Device;
  const sizes = (values.sizes ?? '256,512').split(',').map(Number);
  const budget = Number(values.seconds ?? 5);
  const { session, provider } = await createInferenceSession(file, { device, threads });
  const result: Record<string, unknown> = {
    renderer: path.basename(file),
    provider,
    threads,
    machine: `${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}`,
  };
  const fps: Record<string, number> = {};
  for (const size of sizes) {
    for (const batch of [1, 4]) {
      fps[`${size}x${batch}`] = await networkFramesPerSecond(session, 'conditioning', card.stack, size, batch, budget);
      console.log(`${size}² batch ${batch}: ${fps[`${size}x${batch}`].toFixed(1)} frames/s on ${provider}`);
    }
  }
  result.framesPerSecond = fps;
  console.log(JSON.stringify(result));
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}
