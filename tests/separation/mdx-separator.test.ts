import * as path from 'node:path';
import { createSeparator } from '../../src/separation/create-separator';
import { maxAbsDiff, peak, toneMix } from './test-signals';

const MODELS = path.join(__dirname, '../fixtures/separation/models');
const opts = { threads: 1, device: 'cpu' as const };

describe('UVR MDX-Net adapter (complex-as-channels contract, tiny models from training/separation/make_contract_models.py)', () => {
  it('reconstructs: an identity graph (n_fft 6144 from its sidecar JSON) gives the song back as vocals', async () => {
    const sep = await createSeparator(`mdx:${path.join(MODELS, 'mdx-identity.onnx')}`, opts);
    const song = toneMix(44100, 1.5); // many 15360-sample chunks, each trimmed by n_fft/2 on both sides
    const stems = await sep.separate(song);
    expect(stems.vocals.channels[0].length).toBe(song.channels[0].length);
    expect(maxAbsDiff(stems.vocals, song)).toBeLessThan(1e-3);
    expect(peak(stems.accompaniment)).toBeLessThan(1e-3);
  });

  it("applies the model's compensate factor to its stem and leaves mixture − stem as the accompaniment", async () => {
    const sep = await createSeparator(`mdx:${path.join(MODELS, 'mdx-half.onnx')}?n_fft=6144&compensate=1.02`, opts);
    const song = toneMix(44100, 1);
    const stems = await sep.separate(song);
    expect(maxAbsDiff(stems.vocals, (c, i) => 0.51 * song.channels[c][i])).toBeLessThan(1e-3);
    expect(maxAbsDiff(stems.accompaniment, (c, i) => 0.49 * song.channels[c][i])).toBeLessThan(1e-3);
    const inst = await createSeparator(`mdx:${path.join(MODELS, 'mdx-half.onnx')}?n_fft=6144&stem=instrumental&compensate=1.02`, opts);
    const swapped = await inst.separate(song);
    expect(maxAbsDiff(swapped.vocals, (c, i) => 0.49 * song.channels[c][i])).toBeLessThan(1e-3);
  });

  it('rejects a wrong input shape and a model whose n_fft it cannot know, with one sentence naming the file', async () => {
    await expect(createSeparator(`mdx:${path.join(MODELS, 'mdx-wrong-shape.onnx')}?n_fft=6144`, opts)).rejects.toThrow(
      /mdx-wrong-shape\.onnx: input "input" has shape \[batch, 2, 2048, 16\]; expected a UVR MDX-Net graph/,
    );
    await expect(createSeparator(`mdx:${path.join(MODELS, 'mdx-half.onnx')}`, opts)).rejects.toThrow(
      /mdx-half\.onnx: its n_fft is unknown/,
    );
    await expect(createSeparator(`mdx:${path.join(MODELS, 'mdx-half.onnx')}?nfft=6144`, opts)).rejects.toThrow(/unknown parameter "nfft"/);
  });
});
