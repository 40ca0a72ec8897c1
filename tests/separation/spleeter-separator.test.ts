import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createSeparator } from '../../src/separation/create-separator';
import { maxAbsDiff, peak, toneMix } from './test-signals';

const MODELS = path.join(__dirname, '../fixtures/separation/models');
const opts = { threads: 1, device: 'cpu' as const };

describe('Spleeter 2-stem adapter (sherpa-onnx contract, tiny models from training/separation/make_contract_models.py)', () => {
  it('reconstructs: a vocals graph that returns its input and an accompaniment graph that returns zeros give the song back as vocals', async () => {
    const sep = await createSeparator(`spleeter:${path.join(MODELS, 'spleeter')}`, opts);
    const song = toneMix(44100, 10); // two 512-frame splits: exercises the overlap between splits
    const stems = await sep.separate(song);
    expect(stems.vocals.channels[0].length).toBe(song.channels[0].length);
    expect(maxAbsDiff(stems.vocals, song)).toBeLessThan(1e-3);
    expect(peak(stems.accompaniment)).toBeLessThan(1e-3);
    expect(stems.separator).toMatch(/spleeter/);
  });

  it('swapping the two graphs puts the whole song in the accompaniment; mono and 48 kHz songs keep their rate and channels', async () => {
    const dir = path.join(MODELS, 'spleeter');
    const sep = await createSeparator(`spleeter:${path.join(dir, 'accompaniment.onnx')},${path.join(dir, 'vocals.onnx')}`, opts);
    const mono = toneMix(48000, 3, 1);
    const stems = await sep.separate(mono);
    expect(stems.vocals.sampleRate).toBe(48000);
    expect(stems.accompaniment.channels.length).toBe(1);
    expect(stems.accompaniment.channels[0].length).toBe(mono.channels[0].length);
    expect(peak(stems.vocals)).toBeLessThan(2e-3);
    expect(maxAbsDiff(stems.accompaniment, mono)).toBeLessThan(2e-3);
  });

  it('rejects a graph with the wrong input name, the wrong shape, or a file that is not ONNX, naming the file', async () => {
    const wrongName = path.join(MODELS, 'spleeter-wrong-name');
    await expect(createSeparator(`spleeter:${wrongName}`, opts)).rejects.toThrow(
      /vocals\.onnx has inputs "input".*expected a sherpa-onnx Spleeter 2-stem graph: input "x"/,
    );
    await expect(createSeparator(`spleeter:${path.join(MODELS, 'spleeter-wrong-shape')}`, opts)).rejects.toThrow(
      /vocals\.onnx: input "x" has shape \[2, num_splits, 512, 512\]/,
    );
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-sep-'));
    fs.writeFileSync(path.join(tmp, 'vocals.onnx'), 'this is not a model');
    fs.writeFileSync(path.join(tmp, 'accompaniment.onnx'), 'nor this');
    await expect(createSeparator(`spleeter:${tmp}`, opts)).rejects.toThrow(/vocals\.onnx is not a loadable ONNX model/);
    await expect(createSeparator(`spleeter:${path.join(tmp, 'missing')}`, opts)).rejects.toThrow(/missing does not exist/);
    fs.rmSync(tmp, { recursive: true, force: true });
  });
});
