import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FEATURE_PARAMS } from '../../src/features';
import { generateTrack } from '../../src/generator/generate-track';
import { loadGenerator } from '../../src/generator/load-generator';
import { cardSeparator, resolveModel } from '../../src/generator/model-card';
import { animateSong } from '../../src/animate';
import { DirectionCell } from '../../src/generator/direction-cell';
import { PoseIntegrator } from '../../src/generator/pose-integrator';
import { type FrameChunk, runFrameGraph } from '../../src/generator/run-frames';
import { validateTrack } from '../../src/track/validate';
import { FIXTURE_CARD, FIXTURE_DIR, maxAbsDiff, pytorchReference, randomMfcc } from './fixture';

const load = () => loadGenerator(FIXTURE_CARD, FEATURE_PARAMS, { allowFixture: true, threads: 1 });

async function collect(it: AsyncIterable<FrameChunk>) {
  const out: FrameChunk[] = [];
  for await (const c of it) out.push(c);
  return out;
}

describe('generator runtime', () => {
  const reproduces = async (gen: Awaited<ReturnType<typeof load>>, ref: ReturnType<typeof pytorchReference>) => {
    const style = new Float32Array(gen.card.styles.length);
    style[ref.styleIndex] = 1;
    const [chunk] = await collect(runFrameGraph(gen, { vocals: ref.vocals, accompaniment: ref.accompaniment }, ref.frames, style));
    expect(maxAbsDiff(chunk.expression, ref.expression)).toBeLessThan(1e-4);
    expect(maxAbsDiff(chunk.eyeLong, ref.eyeLong)).toBeLessThan(1e-4);
    expect(maxAbsDiff(chunk.poseSpeed!, ref.poseSpeed)).toBeLessThan(1e-4);
    const c = gen.card.contract.direction!;
    // The LSTM stepped in JavaScript with the graph's weights (what animate uses) and the graph itself.
    expect(gen.directionCell).toBeInstanceOf(DirectionCell);
    for (const direction of [gen.directionCell!, gen.direction!]) {
      // Limits far outside any pose and no centring: PyTorch's rollout is eq. 7 unclamped.
      const pose = await new PoseIntegrator(direction, c.featureDim, c.hidden, [9, 9, 9, 9, 9, 9], undefined, 30, false).step(
        chunk.poseFeatures!,
        chunk.poseSpeed!,
        ref.frames,
      );
      expect(maxAbsDiff(pose, ref.pose)).toBeLessThan(1e-4);
    }
  };

  it('reproduces PyTorch: frame outputs and the autoregressive pose rollout agree within 1e-4', async () => {
    await reproduces(await load(), pytorchReference());
  });

  it('steps the direction graph itself when its weights are not the LSTM it expects', async () => {
    const gen = await load();
    const c = gen.card.contract.direction!;
    // the frame graph carries none of the cell's weights under those names
    const frameGraph = fs.readFileSync(path.join(FIXTURE_DIR, 'fixture-random.onnx'));
    expect(await DirectionCell.fromGraph(frameGraph, c.featureDim, c.hidden)).toBeUndefined();
    // nor does the direction graph read with another hidden size
    const directionGraph = fs.readFileSync(path.join(FIXTURE_DIR, 'fixture-random.direction.onnx'));
    expect(await DirectionCell.fromGraph(directionGraph, c.featureDim, c.hidden + 1)).toBeUndefined();
  });

  it('runs the shipped musicface-full as PyTorch trained it (1e-4)', async () => {
    const gen = await loadGenerator(resolveModel('musicface-full').cardPath, FEATURE_PARAMS, { threads: 1 });
    await reproduces(gen, pytorchReference('musicface-full'));
  });

  it('gives the same frames in chunks as in one pass (no seams at chunk borders)', async () => {
    const gen = await load();
    const streams = { vocals: randomMfcc(30, 1), accompaniment: randomMfcc(30, 2) };
    const style = Float32Array.from([0, 0, 1]);
    const whole = await collect(runFrameGraph(gen, streams, 900, style, { chunkFrames: 1024 }));
    const parts = await collect(runFrameGraph(gen, streams, 900, style, { chunkFrames: 128, contextFrames: 64 }));
    expect(parts.length).toBe(8);
    const cat = (cs: FrameChunk[], k: 'expression' | 'eyeLong' | 'poseSpeed') => {
      const arrs = cs.map((x) => x[k]!);
      const out = new Float32Array(arrs.reduce((s, a) => s + a.length, 0));
      let o = 0;
      for (const a of arrs) out.set(a, (o += a.length) - a.length);
      return out;
    };
    for (const k of ['expression', 'eyeLong', 'poseSpeed'] as const) {
      expect(maxAbsDiff(cat(parts, k), cat(whole, k))).toBeLessThan(1e-5);
    }
  });

  it('makes a valid track; the same seed gives identical bytes, another seed other blinks', async () => {
    const gen = await load();
    const streams = { vocals: randomMfcc(12, 3), accompaniment: randomMfcc(12, 4) };
    const a = await generateTrack(gen, streams, 360, { seed: 7, style: 'style-b' });
    const b = await generateTrack(gen, streams, 360, { seed: 7, style: 'style-b' });
    const c = await generateTrack(gen, streams, 360, { seed: 8, style: 'style-b' });
    expect(validateTrack(a.track)).toEqual([]);
    expect(Buffer.from(a.track.eyes.buffer).equals(Buffer.from(b.track.eyes.buffer))).toBe(true);
    expect(Buffer.from(a.track.pose.buffer).equals(Buffer.from(b.track.pose.buffer))).toBe(true);
    expect(Buffer.from(a.track.eyes.buffer).equals(Buffer.from(c.track.eyes.buffer))).toBe(false);
    expect(a.track.meta).toMatchObject({ model: 'fixture-random', seed: 7, style: 'style-b' });
  });

  it('refuses an unknown style, naming the styles it knows', async () => {
    const gen = await load();
    const streams = { vocals: randomMfcc(1, 3), accompaniment: randomMfcc(1, 4) };
    await expect(generateTrack(gen, streams, 30, { style: 'opera' })).rejects.toThrow(/unknown style "opera".*style-a, style-b, style-c/);
  });
});

describe('generator contract', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-contract-'));
  const card = JSON.parse(fs.readFileSync(FIXTURE_CARD, 'utf8'));
  for (const f of ['fixture-random.onnx', 'fixture-random.direction.onnx']) fs.copyFileSync(path.join(FIXTURE_DIR, f), path.join(tmp, f));
  const variant = (name: string, edit: (c: any) => void) => {
    const c = JSON.parse(JSON.stringify(card));
    edit(c);
    const p = path.join(tmp, `${name}.json`);
    fs.writeFileSync(p, JSON.stringify(c));
    return p;
  };
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('animates through the separator its card names (the streams it learned), unless the caller names one', async () => {
    const p = variant('builtin-streams', (c) => (c.separator = 'builtin'));
    const song = {
      sampleRate: 44100,
      channels: [0, 1].map((c) =>
        Float32Array.from({ length: 44100 * 3 }, (_, i) => 0.3 * Math.sin((i * (0.05 + 0.01 * c)) / (1 + (i % 300) / 300))),
      ),
    };
    const own = await animateSong(song, { model: p, allowFixture: true });
    expect(own.meta.separator).toBe('builtin-centre-harmonic-mask');
    const asked = await animateSong(song, { model: p, allowFixture: true, separator: 'learned' });
    expect(asked.meta.separator).toBe('learned:separator-learned.onnx');
    const plain = await animateSong(song, { model: FIXTURE_CARD, allowFixture: true });
    expect(plain.meta.separator).toBe(`learned:separator-learned.onnx`); // no card field: the default
  }, 60000);

  it('refuses a card whose separator is not a name, and models whose cards name different ones', async () => {
    await expect(
      loadGenerator(
        variant('sep-number', (c) => (c.separator = 42)),
        FEATURE_PARAMS,
        { allowFixture: true },
      ),
    ).rejects.toThrow(/sep-number\.json: .*"separator" must name a separator/);
    const a = await loadGenerator(
      variant('sep-a', (c) => (c.separator = 'builtin')),
      FEATURE_PARAMS,
      { allowFixture: true },
    );
    const b = await loadGenerator(
      variant('sep-b', (c) => (c.separator = 'learned')),
      FEATURE_PARAMS,
      { allowFixture: true },
    );
    expect(cardSeparator([a, a])).toBe('builtin');
    expect(() => cardSeparator([a, b])).toThrow(/sep-a\.json: builtin, sep-b\.json: learned.*--separator/);
    expect(() => cardSeparator([a, { card: { ...a.card, separator: undefined }, cardPath: 'plain.json' }])).toThrow(
      /plain\.json: the default/,
    );
  });

  it('refuses a fixture unless tests allow it', async () => {
    await expect(loadGenerator(FIXTURE_CARD, FEATURE_PARAMS)).rejects.toThrow(/test fixture with random weights/);
  });

  it('refuses a card whose feature parameters differ from the extractor', async () => {
    const p = variant('hop', (c) => (c.features.winStep = 0.0125));
    await expect(loadGenerator(p, FEATURE_PARAMS, { allowFixture: true })).rejects.toThrow(
      /hop\.json: .*"winStep" is 0.0125, expected 0.01/,
    );
  });

  it('refuses a card whose style list does not match the graph', async () => {
    const p = variant('styles', (c) => c.styles.push('extra'));
    await expect(loadGenerator(p, FEATURE_PARAMS, { allowFixture: true })).rejects.toThrow(/lists 4 styles but the graph takes 3/);
  });

  it('refuses a graph with the wrong inputs', async () => {
    const p = variant('swapped', (c) => (c.contract.graphs.frame = 'fixture-random.direction.onnx'));
    await expect(loadGenerator(p, FEATURE_PARAMS, { allowFixture: true })).rejects.toThrow(/graph inputs are \[features, prev_pose/);
  });

  it('refuses a file that is not ONNX with one sentence naming it', async () => {
    fs.writeFileSync(path.join(tmp, 'junk.onnx'), 'this is not a model');
    const p = variant('junk', (c) => (c.contract.graphs.frame = 'junk.onnx'));
    await expect(loadGenerator(p, FEATURE_PARAMS, { allowFixture: true })).rejects.toThrow(/junk\.onnx: not a loadable ONNX model/);
  });

  it('says which models are installed when the named one is missing', async () => {
    await expect(loadGenerator('no-such-model', FEATURE_PARAMS)).rejects.toThrow(/no-such-model\.json: no generator model card found/);
  });
});
