/**
 * Issue 19, item 2: takes are identified by their content, not their file name; the same take added
 * twice changes nothing; a take of another length than its song is refused with both lengths.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exportLiveLink } from '../../exporters';
import { asText } from '../exporters/text';
import { encodeWav } from '../../src/audio/encode-wav';
import { addTake } from '../../src/dataset/add-take';
import { LABEL_DIM } from '../../src/dataset/shard-format';
import { createTrack } from '../../src/track/face-track';

let dir: string;
let shards: string;
let song: string;
const SR = 44100;

/** A take of `frames` rows at 30 fps whose jawOpen is `jaw` throughout. */
async function takeCsv(file: string, frames: number, jaw: number): Promise<string> {
  const t = createTrack(frames, 30);
  for (let i = 0; i < frames; i++) t.expression[i * 52 + 17] = jaw; // 17 = jawOpen in ARKit order
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, await asText(exportLiveLink(t)));
  return file;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-take-'));
  shards = path.join(dir, 'shards');
  fs.mkdirSync(shards);
  const index = { format: 'musicface.shards', version: 1, styles: ['calm-ballad'], features: {}, separator: 'builtin', songs: [] };
  fs.writeFileSync(path.join(shards, 'index.json'), JSON.stringify(index));
  // 2 s of a tone: 60 frames at 30 fps.
  const tone = new Float32Array(2 * SR).map((_, i) => 0.2 * Math.sin((2 * Math.PI * 220 * i) / SR));
  song = path.join(dir, 'song.wav');
  fs.writeFileSync(song, encodeWav({ sampleRate: SR, channels: [tone, tone] }));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const readIndex = () => JSON.parse(fs.readFileSync(path.join(shards, 'index.json'), 'utf8'));
const labelJaw = (id: string) => new Float32Array(fs.readFileSync(path.join(shards, `${id}.labels.f32`)).buffer.slice(0))[17];

test('day1/take.csv then day2/take.csv: two takes, each with its own labels; no orphan style', async () => {
  const a = await addTake(shards, {
    audio: song,
    livelink: await takeCsv(path.join(dir, 'day1', 'take.csv'), 60, 0.25),
    style: 'singer-a',
  });
  const b = await addTake(shards, {
    audio: song,
    livelink: await takeCsv(path.join(dir, 'day2', 'take.csv'), 60, 0.75),
    style: 'singer-b',
  });
  expect(a.id).not.toBe(b.id);
  const index = readIndex();
  expect(index.songs.map((e: { id: string }) => e.id).sort()).toEqual([a.id, b.id].sort());
  expect(index.styles).toEqual(['calm-ballad', 'singer-a', 'singer-b']);
  expect(labelJaw(a.id)).toBeCloseTo(0.25, 6);
  expect(labelJaw(b.id)).toBeCloseTo(0.75, 6);
  expect(fs.statSync(path.join(shards, `${a.id}.labels.f32`)).size).toBe(60 * LABEL_DIM * 4);
});

test('adding the same take again is idempotent: same id, index and files unchanged', async () => {
  const before = fs.readFileSync(path.join(shards, 'index.json'), 'utf8');
  const files = fs.readdirSync(shards).sort();
  const mtimes = files.map((f) => fs.statSync(path.join(shards, f)).mtimeMs);
  const again = await addTake(shards, { audio: song, livelink: path.join(dir, 'day1', 'take.csv'), style: 'singer-a' });
  expect(readIndex().songs.filter((e: { id: string }) => e.id === again.id)).toHaveLength(1);
  expect(fs.readFileSync(path.join(shards, 'index.json'), 'utf8')).toBe(before);
  expect(fs.readdirSync(shards).sort()).toEqual(files);
  expect(files.map((f) => fs.statSync(path.join(shards, f)).mtimeMs)).toEqual(mtimes);
});

test('a take 30 frames longer than its song is refused, naming both lengths; nothing written', async () => {
  const before = fs.readdirSync(shards).sort();
  const long = await takeCsv(path.join(dir, 'long.csv'), 90, 0.5);
  await expect(addTake(shards, { audio: song, livelink: long, style: 'singer-c' })).rejects.toThrow(
    /long\.csv: the take lasts 90 frames \(3\.00 s\) but .*song\.wav lasts 60 frames \(2\.00 s\)/,
  );
  expect(fs.readdirSync(shards).sort()).toEqual(before);
  expect(readIndex().styles).not.toContain('singer-c');
});

test('a take one frame short of its song is accepted (the last row is held)', async () => {
  const entry = await addTake(shards, { audio: song, livelink: await takeCsv(path.join(dir, 'short.csv'), 59, 0.5), style: 'singer-a' });
  expect(entry.frames).toBe(60);
});
