/**
 * The neural renderer's network alone, frames/s at 256² and 512², on the first execution provider that
 * works (CUDA → WebGPU → CPU, as `musicface render --renderer` tries them). It needs onnxruntime-node
 * and nothing else from the project, so it runs where the rest cannot be installed (a GPU machine with
 * only node and the ORT binary carried onto it). `npm run bench:neural` runs it too, as part of the path.
 *
 *   node dist/bench/neural-network-bench.js [RENDERER.onnx] [--device cuda|webgpu|cpu] [--threads N]
 *
 * The last line printed is one JSON object.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { Device, createInferenceSession, ort } from '../src/runtime/onnx';

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
  const result: Record<string, unknown> = { renderer: path.basename(file), provider, threads, machine: `${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}` };
  const fps: Record<string, number> = {};
  for (const size of sizes) {
    for (const batch of [1, 4]) {
      const input = new (ort().Tensor)('float32', new Float32Array(batch * 3 * card.stack * size * size).fill(0.3), [batch, 3 * card.stack, size, size]);
      await session.run({ conditioning: input }); // warm-up (kernels chosen, buffers made)
      let runs = 0;
      const t0 = process.hrtime.bigint();
      let elapsed = 0;
      while (elapsed < budget || runs < 2) {
        const out = await session.run({ conditioning: input });
        (out.frame as { dispose?: () => void }).dispose?.();
        runs++;
        elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
      }
      fps[`${size}x${batch}`] = (runs * batch) / elapsed;
      console.log(`${size}² batch ${batch}: ${((runs * batch) / elapsed).toFixed(1)} frames/s on ${provider} (${runs} runs in ${elapsed.toFixed(1)} s)`);
    }
  }
  result.framesPerSecond = fps;
  console.log(JSON.stringify(result));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
