/**
 * Issue 19, item 8: a batch rerun with another seed or style used to say "already done" and keep the
 * old outputs. The options that made each output are recorded beside it; a rerun redoes what they no
 * longer match and skips what they do. Real animate pipeline with the generator test fixture.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ffmpegPath } from '../../src/audio/ffmpeg-binary';
import { batch, type BatchOptions } from '../../src/batch/batch';
import { trackFromJson } from '../../src/track/track-json';

const FIXTURE = path.join(__dirname, '../fixtures/generator/fixture-random.json');
let dir: string;
let song: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-batch-options-'));
  song = path.join(dir, 'song.wav');
  execFileSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=300:duration=2', song]);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = (seed: number, style?: string) => {
  const options: BatchOptions = {
    out: path.join(dir, 'out'),
    formats: ['json', 'csv'],
    report: false,
    animateOptions: { model: FIXTURE, allowFixture: true, threads: 1, seed, style },
  };
  return batch([{ song, name: 'song' }], options);
};
const meta = () => trackFromJson(fs.readFileSync(path.join(dir, 'out', 'song.json'), 'utf8')).meta;

test('another --seed or --style redoes the outputs; the same options skip them', async () => {
  expect((await run(1)).items[0].status).toBe('done');
  expect(meta().seed).toBe(1);
  const csv1 = fs.readFileSync(path.join(dir, 'out', 'song.csv'), 'utf8');

  expect((await run(1)).items[0].status).toBe('skipped');

  const again = await run(2);
  expect(again.items[0].status).toBe('done');
  expect(meta().seed).toBe(2);
  // the csv is remade too (the fixture's blinks are seeded: the curves differ)
  expect(fs.readFileSync(path.join(dir, 'out', 'song.csv'), 'utf8')).not.toBe(csv1);

  expect((await run(2, 'style-b')).items[0].status).toBe('done');
  expect(meta().style).toBe('style-b');
  expect((await run(2, 'style-b')).items[0].status).toBe('skipped');
});
