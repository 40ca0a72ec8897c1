/**
 * The training command end to end on a tiny made-up person (`train.py --smoke`, seconds): it trains, its
 * L1 falls, it resumes from its checkpoint, and the exported ONNX + card load and run in TypeScript.
 * Skipped where Python has no PyTorch (pip install -r training/requirements-neural.txt).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadNeuralRenderer } from '../../src/neural/neural-renderer';
import { createInferenceSession, ort } from '../../src/runtime/onnx';

const ROOT = path.join(__dirname, '../..');
const torch = spawnSync('python3', ['-c', 'import torch, onnx, onnxruntime, scipy'], { encoding: 'utf8' }).status === 0;

(torch ? test : test.skip)('train --smoke → checkpoint → resume → export → runs in ONNX Runtime from TypeScript', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-smoke-'));
  try {
    const train = (steps: number) =>
      spawnSync(
        'python3',
        [path.join(ROOT, 'training/renderer/train.py'), '--smoke', '--out', dir, '--steps', String(steps), '--log', '4', '--threads', '1'],
        { encoding: 'utf8' },
      );
    const first = train(8);
    expect(first.status).toBe(0);
    const l1 = [...first.stdout.matchAll(/^step \d+\/\d+ .* {2}L1 ([\d.]+)/gm)].map((m) => Number(m[1]));
    expect(l1.length).toBe(2);
    const [, firstL1] = /first L1 ([\d.]+)/.exec(first.stdout)!;
    expect(l1[1]).toBeLessThan(Number(firstL1));
    const second = train(12);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/resuming .*checkpoint\.pt at step 8/);
    expect(second.stdout).toMatch(/saved .* at step 12/);
    const onnx = path.join(dir, 'smoke.renderer.onnx');
    const exp = spawnSync('python3', [path.join(ROOT, 'training/renderer/export.py'), dir, '-o', onnx], { encoding: 'utf8' });
    expect(exp.status).toBe(0);
    const card = JSON.parse(fs.readFileSync(path.join(dir, 'smoke.renderer.json'), 'utf8'));
    expect(card).toMatchObject({ format: 'musicface-neural-renderer', size: 32, stack: 10, fixture: true });
    expect(card.onnxMaxDiff).toBeLessThan(1e-3);
    // The graph runs in TypeScript's ONNX Runtime, at the trained size and (fully convolutional) at twice it.
    const { session } = await createInferenceSession(onnx, { threads: 1 });
    for (const S of [32, 64]) {
      const out = await session.run({ conditioning: new (ort().Tensor)('float32', new Float32Array(30 * S * S).fill(0.5), [1, 30, S, S]) });
      expect(out.frame.dims).toEqual([1, 3, S, S]);
      expect(Array.from(out.frame.data as Float32Array).every((v) => v >= 0 && v <= 1)).toBe(true);
    }
    await session.release();
    // The smoke person has no camera: the card is refused for rendering a song, with that reason.
    await expect(loadNeuralRenderer(onnx, { allowFixture: true, log: () => {} })).rejects.toThrow(/no person camera or crop/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
