/**
 * A batch as a user runs it: ten songs, two of them corrupt; resuming; cancelling; jobs in parallel.
 * The songs are made here (tones with FFmpeg); the tracks come from the real animate pipeline with the
 * generator test fixture (random weights, same graph), so failures are the pipeline's own.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { animateSong } from '../../src/animate';
import { ffmpegPath } from '../../src/audio/ffmpeg-binary';
import { type AnimateFn, MADE_WITH_FILE, batch, batchExitCode, outputPath } from '../../src/batch/batch';
import { batchItems } from '../../src/batch/batch-items';
import { createTrack } from '../../src/track/face-track';
import { trackFromJson } from '../../src/track/track-json';
import { haveChromium, testIf } from '../render/helpers';

const FIXTURE = path.join(__dirname, '../fixtures/generator/fixture-random.json');
let dir: string;
let songs: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-batch-'));
  songs = path.join(dir, 'songs');
  fs.mkdirSync(songs);
  for (let i = 0; i < 8; i++) {
    const file = path.join(songs, `song${i}.${i % 2 ? 'mp3' : 'wav'}`);
    execFileSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', `sine=frequency=${200 + 50 * i}:duration=1`, file]);
  }
  // Two corrupt files: noise bytes named .mp3, and a WAV cut off inside its header.
  fs.writeFileSync(path.join(songs, 'broken-a.mp3'), Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251)));
  fs.writeFileSync(path.join(songs, 'broken-b.wav'), fs.readFileSync(path.join(songs, 'song0.wav')).subarray(0, 30));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The real animate pipeline (fixture generator, one thread), counting calls. */
function countingAnimate() {
  const calls: string[] = [];
  const fn: AnimateFn = (item, { signal, onProgress }) => {
    calls.push(item.name);
    return animateSong(item.song, { model: FIXTURE, allowFixture: true, threads: 1, signal, onProgress });
  };
  return { fn, calls };
}

const partFiles = (d: string) => fs.readdirSync(d).filter((f) => f.endsWith('.part') || f.includes('.part.'));

test('10 songs, 2 corrupt: 8 finished, a report naming the 2 with their errors, exit code ≠ 0; a rerun skips the 8', async () => {
  const out = path.join(dir, 'out1');
  const items = batchItems(songs);
  expect(items).toHaveLength(10);
  const a = countingAnimate();
  const events: string[] = [];
  const report = await batch(items, {
    out,
    formats: ['json', 'glb', 'livelink'],
    jobs: 2,
    animate: a.fn,
    onProgress: (e) => events.push(`${e.item ?? ''}:${e.stage}`),
  });
  expect(batchExitCode(report)).toBe(1);
  expect(report.summary).toMatchObject({ total: 10, done: 8, failed: 2, skipped: 0 });
  const failed = report.items.filter((r) => r.status === 'failed');
  expect(failed.map((r) => r.name).sort()).toEqual(['broken-a', 'broken-b']);
  for (const r of failed) expect(r.error).toContain(r.song); // the error names the file
  for (const r of report.items.filter((x) => x.status === 'done')) {
    for (const f of ['json', 'glb', 'livelink'] as const) expect(fs.statSync(r.outputs[f]!).size).toBeGreaterThan(100);
    expect(r.timings.animate).toBeGreaterThan(0);
  }
  // Exactly 8 × 3 outputs + the report + the record of the options that made them, nothing half-written.
  expect(fs.readdirSync(out).sort()).toHaveLength(8 * 3 + 2);
  expect(partFiles(out)).toEqual([]);
  const saved = JSON.parse(fs.readFileSync(path.join(out, 'batch-report.json'), 'utf8'));
  expect(saved.summary.failed).toBe(2);
  expect(saved.items.find((r: { name: string }) => r.name === 'broken-a').error).toMatch(/broken-a\.mp3/);
  // Progress: an overall bar and per-item stages.
  expect(events).toContain(':batch');
  expect(events.some((e) => e.startsWith('song3:'))).toBe(true);

  const mtimes = fs
    .readdirSync(out)
    .filter((f) => f !== 'batch-report.json')
    .map((f) => fs.statSync(path.join(out, f)).mtimeMs);
  const again = countingAnimate();
  const rerun = await batch(items, { out, formats: ['json', 'glb', 'livelink'], jobs: 2, animate: again.fn });
  expect(rerun.summary).toMatchObject({ skipped: 8, failed: 2, done: 0 });
  expect(again.calls.sort()).toEqual(['broken-a', 'broken-b']); // only the failed ones were tried again
  expect(
    fs
      .readdirSync(out)
      .filter((f) => f !== 'batch-report.json')
      .map((f) => fs.statSync(path.join(out, f)).mtimeMs),
  ).toEqual(mtimes);
});

test('an unfinished item is redone from its finished track: only the missing output is made', async () => {
  const out = path.join(dir, 'out2');
  const items = batchItems(songs)
    .filter((i) => i.name.startsWith('song'))
    .slice(0, 2);
  const first = countingAnimate();
  await batch(items, { out, formats: ['json', 'csv'], animate: first.fn });
  const csv = outputPath(out, items[1], 'csv');
  const before = fs.readFileSync(csv);
  fs.rmSync(csv);
  const second = countingAnimate();
  const report = await batch(items, { out, formats: ['json', 'csv'], animate: second.fn });
  expect(second.calls).toEqual([]); // the track came from song1.json
  expect(report.items.map((r) => r.status)).toEqual(['skipped', 'done']);
  expect(report.items[1].timings).toHaveProperty('track');
  expect(fs.readFileSync(csv).equals(before)).toBe(true);
});

test('cancelling stops the running songs, starts no new ones, leaves no partial file, exit code 130', async () => {
  const out = path.join(dir, 'out3');
  const items = batchItems(songs).filter((i) => i.name.startsWith('song'));
  const controller = new AbortController();
  // A small animate: the first song finishes at once (so something is written); the second runs, as a
  // long song would, until cancelled — and honours the signal as animateSong does.
  let started = 0;
  const animate: AnimateFn = (item, { signal }) => {
    started++;
    if (item.name === 'song0') return Promise.resolve(createTrack(30));
    setTimeout(() => controller.abort(), 50);
    return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('cancelled')), { once: true }));
  };
  const report = await batch(items, { out, formats: ['json'], jobs: 1, animate, signal: controller.signal });
  expect(report.cancelled).toBe(true);
  expect(batchExitCode(report)).toBe(130);
  expect(report.items.map((r) => r.status)).toEqual([
    'done',
    'cancelled',
    'pending',
    'pending',
    'pending',
    'pending',
    'pending',
    'pending',
  ]);
  expect(started).toBe(2);
  expect(fs.readdirSync(out).sort()).toEqual([MADE_WITH_FILE, 'batch-report.json', 'song0.json']);
  expect(trackFromJson(fs.readFileSync(path.join(out, 'song0.json'), 'utf8')).frameCount).toBe(30);
});

test('jobs N runs N songs at once', async () => {
  const out = path.join(dir, 'out4');
  const items = batchItems(songs).filter((i) => i.name.startsWith('song'));
  let running = 0;
  let most = 0;
  const animate: AnimateFn = async () => {
    most = Math.max(most, ++running);
    await new Promise((r) => setTimeout(r, 30));
    running--;
    return createTrack(10);
  };
  await batch(items, { out, formats: ['json'], jobs: 3, animate });
  expect(most).toBe(3);
});

test('manifest: names, per-song seed, paths relative to the manifest; bad manifests fail in one sentence', () => {
  const manifest = path.join(songs, 'list.json');
  fs.writeFileSync(manifest, JSON.stringify({ items: ['song0.wav', { song: 'song1.mp3', name: 'take-2', seed: 4 }] }));
  expect(batchItems(manifest)).toEqual([
    { song: path.join(songs, 'song0.wav'), name: 'song0' },
    { song: path.join(songs, 'song1.mp3'), name: 'take-2', seed: 4 },
  ]);
  fs.writeFileSync(manifest, JSON.stringify({ items: ['song0.wav', 'song0.wav'] }));
  expect(() => batchItems(manifest)).toThrow(/two songs would write the same outputs "song0"/);
  fs.writeFileSync(manifest, '{ not json');
  expect(() => batchItems(manifest)).toThrow(/list\.json: not valid JSON/);
  fs.rmSync(manifest);
  expect(() => batchItems(path.join(dir, 'nowhere'))).toThrow(/no such folder or manifest/);
});

testIf(haveChromium(), 'no Chromium installed')(
  "mp4 in a batch: one video per song with the track's frames (one browser for both); cancelling mid-render leaves no file",
  async () => {
    const out = path.join(dir, 'out5');
    const items = batchItems(songs).filter((i) => i.name === 'song2' || i.name === 'song3');
    const a = countingAnimate();
    const report = await batch(items, { out, formats: ['json', 'mp4'], animate: a.fn, render: { size: 64 } });
    expect(report.summary.done).toBe(2);
    for (const r of report.items) {
      const frames = trackFromJson(fs.readFileSync(r.outputs.json!, 'utf8')).frameCount;
      const count = execFileSync('ffprobe', [
        '-v',
        'error',
        '-count_frames',
        '-select_streams',
        'v',
        '-show_entries',
        'stream=nb_read_frames',
        '-of',
        'csv=p=0',
        r.outputs.mp4!,
      ]);
      expect(Number(count.toString().trim())).toBe(frames);
    }
    // Cancel while the video of a long track is being drawn.
    const controller = new AbortController();
    const long = path.join(dir, 'out6');
    const cancelled = batch([items[0]], {
      out: long,
      formats: ['mp4'],
      animate: async () => createTrack(3000),
      render: { size: 64 },
      signal: controller.signal,
      onProgress: (e) => {
        if (e.stage === 'render' && e.done > 0) controller.abort();
      },
    });
    const r = await cancelled;
    expect(r.items[0].status).toBe('cancelled');
    expect(fs.readdirSync(long)).toEqual(['batch-report.json']);
  },
);
