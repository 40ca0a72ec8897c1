import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthCorpus } from '../../src/corpus/synth-corpus';
import { addTake } from '../../src/dataset/add-take';
import { buildShards } from '../../src/dataset/build-shards';
import { LABEL_DIM } from '../../src/dataset/shard-format';
import { encodeWav } from '../../src/audio/encode-wav';
import { windowFeatures } from '../../src/features';
import { liveLinkCsvToTrack } from '../../src/livelink';
import { trackFromJson } from '../../src/track/track-json';
import { missingCorpusTools } from '../corpus/helpers/tools';

const missing = missingCorpusTools();
if (missing) console.warn(`dataset shard tests skipped: ${missing}`);
const maybe = missing ? describe.skip : describe;
const TAKE = path.join(__dirname, '..', '..', '..', 'shared', 'data', 'livelinkface', 'alex_rom_3.csv');

const f32 = (file: string) => {
  const b = fs.readFileSync(file);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
};
const i32 = (file: string) => {
  const b = fs.readFileSync(file);
  return new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4);
};

maybe('training shards from a corpus', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-shards-'));
  const corpus = path.join(dir, 'corpus');
  const shards = path.join(dir, 'shards');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    await synthCorpus({ out: corpus, songs: 2, seconds: 6, seed: 21, jobs: 1 });
    await buildShards(corpus, shards);
  }, 180000);

  it('lists every song with its style and split, made with the inference separator', () => {
    const index = JSON.parse(fs.readFileSync(path.join(shards, 'index.json'), 'utf8'));
    const manifest = JSON.parse(fs.readFileSync(path.join(corpus, 'manifest.json'), 'utf8'));
    expect(index.songs.map((s: { id: string }) => s.id)).toEqual(manifest.songs.map((s: { id: string }) => s.id));
    expect(index.styles).toEqual(manifest.styles);
    expect(index.separator).toMatch(/^learned/); // the default separator, as animate uses it
    for (const [i, s] of index.songs.entries()) {
      expect(s.style).toBe(manifest.songs[i].style);
      expect(s.split).toBe(manifest.songs[i].split);
      expect(index.styles[s.styleIndex]).toBe(s.style);
    }
  });

  it('stores windows that gather exactly the rows inference feeds the generator', () => {
    const index = JSON.parse(fs.readFileSync(path.join(shards, 'index.json'), 'utf8'));
    const s = index.songs[0];
    const base = path.join(shards, s.id);
    const vocals = f32(`${base}.vocals.f32`);
    const widx = i32(`${base}.widx.i32`);
    expect(vocals.length).toBe(s.mfccFrames * 26);
    expect(widx.length).toBe(s.frames * 39);
    const w = windowFeatures({ rate: 100, frames: s.mfccFrames, dim: 26, data: vocals }, 0, s.frames);
    const gathered = new Float32Array(s.frames * 39 * 26);
    widx.forEach((row, k) => gathered.set(vocals.subarray(row * 26, row * 26 + 26), k * 26));
    expect(Buffer.from(gathered.buffer).equals(Buffer.from(w.data.buffer))).toBe(true);
  });

  it('labels carry the ground-truth track, long eye closing and vocal activity where index.json says', () => {
    const index = JSON.parse(fs.readFileSync(path.join(shards, 'index.json'), 'utf8'));
    const s = index.songs[1];
    const songDir = path.join(corpus, 'songs', s.id);
    const track = trackFromJson(fs.readFileSync(path.join(songDir, 'track.json'), 'utf8'));
    const labels = JSON.parse(fs.readFileSync(path.join(songDir, 'labels.json'), 'utf8'));
    const rows = f32(path.join(shards, `${s.id}.labels.f32`));
    expect(rows.length).toBe(track.frameCount * LABEL_DIM);
    // The layout a reader (training/data.py) takes from index.json: named [start, end) ranges that tile a row.
    const cols: Record<string, [number, number]> = index.labelColumns;
    const ranges = Object.values(cols).sort((a, b) => a[0] - b[0]);
    expect(ranges.map(([a]) => a)).toEqual([0, ...ranges.slice(0, -1).map(([, b]) => b)]);
    expect(ranges[ranges.length - 1][1]).toBe(LABEL_DIM);
    const take = (t: number, name: string) => Array.from(rows.subarray(t * LABEL_DIM + cols[name][0], t * LABEL_DIM + cols[name][1]));
    for (const t of [0, Math.floor(track.frameCount / 2), track.frameCount - 1]) {
      expect(take(t, 'expression')).toEqual(Array.from(track.expression.subarray(t * 52, t * 52 + 52)));
      expect(take(t, 'pose')).toEqual(Array.from(track.pose.subarray(t * 6, t * 6 + 6)));
      expect(take(t, 'eyes')).toEqual(Array.from(track.eyes.subarray(t * 2, t * 2 + 2)));
      expect(take(t, 'eyeLong')).toHaveLength(1);
      expect(take(t, 'eyeLong')[0]).toBeCloseTo(labels.eyeLong[t], 6);
      expect(take(t, 'vocal')).toEqual([labels.vocalActive[t]]);
    }
  });

  it('resumes: finished songs are not made again', async () => {
    const file = path.join(shards, fs.readdirSync(shards).find((f) => f.endsWith('.labels.f32'))!);
    const before = fs.statSync(file).mtimeMs;
    await buildShards(corpus, shards);
    expect(fs.statSync(file).mtimeMs).toBe(before);
  });

  it('adds the label layout to a shard folder written before index.json recorded it, keeping its songs', async () => {
    const indexPath = path.join(shards, 'index.json');
    const { labelColumns, ...old } = JSON.parse(fs.readFileSync(indexPath, 'utf8'));
    fs.writeFileSync(indexPath, JSON.stringify(old));
    const file = path.join(shards, fs.readdirSync(shards).find((f) => f.endsWith('.labels.f32'))!);
    const before = fs.statSync(file).mtimeMs;
    await buildShards(corpus, shards);
    expect(fs.statSync(file).mtimeMs).toBe(before);
    expect(JSON.parse(fs.readFileSync(indexPath, 'utf8')).labelColumns).toEqual(labelColumns);
  });

  (fs.existsSync(TAKE) ? it : it.skip)('adds a real Live Link take, resampled to 30 fps by its timecodes', async () => {
    // The take has no audio of its own: pair it with 4 s of a synthetic tone as "the song".
    const sr = 44100;
    const tone = new Float32Array(4 * sr).map((_, i) => 0.2 * Math.sin((2 * Math.PI * 220 * i) / sr));
    const song = path.join(dir, 'song.wav');
    fs.writeFileSync(song, encodeWav({ sampleRate: sr, channels: [tone, tone] }));
    // The first 4 s of the take (a take must be as long as its song).
    const take4s = path.join(dir, 'take-4s.csv');
    fs.writeFileSync(take4s, fs.readFileSync(TAKE, 'utf8').split('\n').slice(0, 122).join('\n') + '\n');
    const entry = await addTake(shards, { audio: song, livelink: take4s, style: 'our-singer' });
    expect(entry.frames).toBe(120);
    const index = JSON.parse(fs.readFileSync(path.join(shards, 'index.json'), 'utf8'));
    expect(index.styles[entry.styleIndex]).toBe('our-singer');
    const take = liveLinkCsvToTrack(fs.readFileSync(take4s, 'utf8'), take4s, { fps: 30 });
    const rows = f32(path.join(shards, `${entry.id}.labels.f32`));
    for (const t of [0, 57, 119]) {
      expect(Array.from(rows.subarray(t * LABEL_DIM, t * LABEL_DIM + 52))).toEqual(
        Array.from(take.expression.subarray(t * 52, t * 52 + 52)),
      );
    }
  });
});
