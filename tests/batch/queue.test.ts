/**
 * Issue 21: a batch across machines on a Redis queue (BullMQ). Each test starts a real redis-server on a
 * free port (append-only persistence on, as the README asks) and real `musicface worker` processes; the
 * tracks come from the real animate pipeline with the generator test fixture, as in batch.test.ts.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ffmpegPath } from '../../src/audio/ffmpeg-binary';
import { batchExitCode } from '../../src/batch/batch';
import { batchItems } from '../../src/batch/batch-items';
import { type EnqueueOptions, enqueueBatch } from '../../src/batch/queue/enqueue';
import { followBatch } from '../../src/batch/queue/follow';
import { runWorker } from '../../src/batch/queue/worker';
import batchCommand from '../../src/cli/commands/batch';
import workerCommand from '../../src/cli/commands/worker';
import { trackFromJson } from '../../src/track/track-json';
import { captureStderr } from '../env/capture-stderr';
import { RedisServer, freePort, haveRedis } from '../../bench/local-redis';

const validator = require('gltf-validator');
const FIXTURE = path.join(__dirname, '../fixtures/generator/fixture-random.json');
const WORKER = path.join(__dirname, 'helpers/queue-worker.js');
const redisTest = haveRedis() ? test : test.skip;
if (!haveRedis()) console.warn('queue tests skipped: no redis-server (Debian: apt-get install redis-server; .ci/run installs it)');

let dir: string;
let songs: string;
let redis: RedisServer | null = null;
const workers: ChildProcess[] = [];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-queue-'));
  songs = path.join(dir, 'songs');
  fs.mkdirSync(songs);
  for (let i = 0; i < 10; i++) {
    execFileSync(ffmpegPath(), [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=${200 + 40 * i}:duration=1`,
      path.join(songs, `song${String(i).padStart(2, '0')}.wav`),
    ]);
  }
  // Two corrupt files: noise bytes named .mp3, and a WAV cut off inside its header.
  fs.writeFileSync(path.join(songs, 'broken-a.mp3'), Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251)));
  fs.writeFileSync(path.join(songs, 'broken-b.wav'), fs.readFileSync(path.join(songs, 'song00.wav')).subarray(0, 30));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  for (const w of workers.splice(0)) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  await redis?.stop();
  redis = null;
});

async function startRedis(name: string): Promise<RedisServer> {
  const data = path.join(dir, name);
  fs.mkdirSync(data);
  return (redis = await RedisServer.start(data));
}

/** A worker process; resolves once it takes jobs. `log` collects its stderr lines. */
function startWorker(url: string, log: string[], args: string[] = []): Promise<ChildProcess> {
  const p = spawn(process.execPath, [WORKER, '--queue', url, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  workers.push(p);
  let text = '';
  return new Promise((resolve, reject) => {
    p.stderr!.on('data', (d) => {
      text += d;
      const lines = text.split('\n');
      text = lines.pop()!;
      for (const l of lines) {
        log.push(l);
        if (/taking jobs/.test(l)) resolve(p);
      }
    });
    p.on('exit', (code, sig) => reject(new Error(`worker exited (${code ?? sig}) before taking jobs:\n${log.join('\n')}`)));
  });
}

const exited = (p: ChildProcess) =>
  new Promise<number | null>((resolve) => (p.exitCode !== null ? resolve(p.exitCode) : p.once('exit', (code) => resolve(code))));
const waitFor = async (what: () => boolean, ms: number, label: string) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const options = (url: string, out: string, extra: Partial<EnqueueOptions> = {}): EnqueueOptions => ({
  queue: url,
  out,
  formats: ['json', 'glb'],
  animateOptions: { model: FIXTURE, allowFixture: true, threads: 1 },
  attempts: 2,
  backoffSeconds: 0.2,
  ...extra,
});

/**
 * Each song's outputs exist once, no temp part or lock is left, each track reads back with the song's
 * frames, and each .glb is whole (its header's length is the file's); `validate` ones also pass the
 * Khronos validator (slow: ~9 s per file here, so only the songs a test is about).
 */
async function expectWholeOutputs(out: string, names: string[], validate: string[] = []) {
  const files = fs.readdirSync(out);
  expect(files.filter((f) => f.includes('.part') || f.endsWith('.lock'))).toEqual([]);
  for (const n of names) {
    expect(files.filter((f) => f.startsWith(`${n}.`)).sort()).toEqual([`${n}.glb`, `${n}.json`]); // once each
    expect(trackFromJson(fs.readFileSync(path.join(out, `${n}.json`), 'utf8')).frameCount).toBe(30); // 1 s at 30 fps
    const glb = fs.readFileSync(path.join(out, `${n}.glb`));
    expect([glb.toString('latin1', 0, 4), glb.readUInt32LE(4), glb.readUInt32LE(8)]).toEqual(['glTF', 2, glb.length]);
    if (validate.includes(n)) {
      const report = await validator.validateBytes(new Uint8Array(glb), { uri: `${n}.glb`, format: 'glb' });
      expect(report.issues.numErrors).toBe(0);
    }
  }
}

redisTest(
  '12 songs, 2 corrupt, 2 worker processes: 10 outputs, the 2 failures named in the report, exit code 1; enqueueing again adds only the 2',
  async () => {
    const r = await startRedis('redis-a');
    const out = path.join(dir, 'out-a');
    const logs: string[][] = [[], []];
    await Promise.all(logs.map((log) => startWorker(r.url, log)));
    const items = batchItems(songs);
    expect(items).toHaveLength(12);
    const b = await enqueueBatch(items, options(r.url, out));
    expect(b).toMatchObject({ queueName: 'musicface', added: 12, skipped: 0 });
    const events: string[] = [];
    const report = await followBatch(b, { onProgress: (e) => events.push(`${e.item ?? ''}:${e.stage}`) });
    expect(batchExitCode(report)).toBe(1);
    expect(report.summary).toMatchObject({ total: 12, done: 10, failed: 2, skipped: 0, pending: 0 });
    expect(report.jobs).toBe(2); // both workers took songs
    const failed = report.items.filter((x) => x.status === 'failed');
    expect(failed.map((x) => x.name).sort()).toEqual(['broken-a', 'broken-b']);
    for (const x of failed) expect(x.error).toContain(x.song);
    // Each corrupt song was tried twice (--attempts 2), then marked failed.
    const tries = logs.flat().filter((l) => /broken-a: failed/.test(l));
    expect(tries).toHaveLength(2);
    await expectWholeOutputs(
      out,
      items.filter((i) => !i.name.startsWith('broken')).map((i) => i.name),
    );
    // The same report as a local batch writes, in the same place.
    const saved = JSON.parse(fs.readFileSync(path.join(out, 'batch-report.json'), 'utf8'));
    expect(Object.keys(saved).sort()).toEqual([
      'cancelled',
      'finished',
      'formats',
      'items',
      'jobs',
      'out',
      'seconds',
      'started',
      'summary',
    ]);
    expect(saved.summary).toEqual(report.summary);
    // Progress came from the workers through the queue's events: per song and overall.
    expect(events).toContain(':batch');
    expect(events.some((e) => /^song\d\d:/.test(e) && !e.endsWith(':item'))).toBe(true);

    const again = await enqueueBatch(items, options(r.url, out));
    expect(again).toMatchObject({ added: 2, skipped: 10 });
  },
);

redisTest(
  'a worker SIGKILLed mid-song: another worker does that song after the stall check; every output appears once, whole',
  async () => {
    const r = await startRedis('redis-b');
    const out = path.join(dir, 'out-b');
    const items = batchItems(songs)
      .filter((i) => i.name.startsWith('song'))
      .slice(0, 4);
    const logA: string[] = [];
    const a = await startWorker(r.url, logA, ['--stalled-after', '5']);
    const b = await enqueueBatch(items, options(r.url, out));
    await waitFor(() => logA.some((l) => /song00: started/.test(l)), 30000, 'worker A to start a song');
    a.kill('SIGKILL');
    await exited(a);
    expect(logA.some((l) => /song00: done/.test(l))).toBe(false); // it died mid-song
    const logB: string[] = [];
    await startWorker(r.url, logB, ['--stalled-after', '5']);
    const report = await followBatch(b);
    expect(report.summary).toMatchObject({ total: 4, done: 4, failed: 0 });
    expect(logB.filter((l) => /song00: done/.test(l))).toHaveLength(1);
    await expectWholeOutputs(
      out,
      items.map((i) => i.name),
      ['song00'],
    );
  },
);

redisTest(
  'Redis restarted mid-batch (append-only persistence): the workers and the follower reconnect and the batch completes',
  async () => {
    const r = await startRedis('redis-c');
    const out = path.join(dir, 'out-c');
    const items = batchItems(songs).filter((i) => i.name.startsWith('song'));
    const log: string[] = [];
    await startWorker(r.url, log);
    const b = await enqueueBatch(items, options(r.url, out));
    let finished = 0;
    let restarted = false;
    const following = followBatch(b, { onProgress: (e) => e.stage === 'batch' && (finished = e.done) });
    await waitFor(() => finished >= 2, 60000, 'two songs to finish');
    expect(finished).toBeLessThan(8); // most of the batch is still to do
    await r.stop();
    await new Promise((res) => setTimeout(res, 1500)); // Redis away while a song is being made
    await r.start();
    restarted = true;
    const report = await following;
    expect(restarted).toBe(true);
    expect(report.summary).toMatchObject({ total: 10, done: 10, failed: 0 });
    await expectWholeOutputs(
      out,
      items.map((i) => i.name),
    );
  },
);

redisTest('library worker: a song missing on the worker fails with that sentence; a stopped worker hands its song back', async () => {
  const r = await startRedis('redis-d');
  const out = path.join(dir, 'out-d');
  const gone = path.join(dir, 'gone.wav');
  fs.copyFileSync(path.join(songs, 'song01.wav'), gone);
  const b = await enqueueBatch([{ song: gone, name: 'gone' }], options(r.url, out, { attempts: 1 }));
  fs.rmSync(gone); // the worker's machine does not see it
  const stop = new AbortController();
  const lines: string[] = [];
  const worker = runWorker({ queue: r.url, signal: stop.signal, onLog: (l) => lines.push(l) });
  const report = await followBatch(b);
  expect(report.items[0].status).toBe('failed');
  expect(report.items[0].error).toMatch(
    new RegExp(`^${gone.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: no such file on worker .* shared folder`),
  );

  // Stopping while a song is being made: nothing half-written, the job waits in the queue for another worker.
  const long = path.join(dir, 'long.wav');
  execFileSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=300:duration=60', long]);
  const b2 = await enqueueBatch([{ song: long, name: 'long' }], options(r.url, out));
  await waitFor(() => lines.some((l) => /long: started/.test(l)), 30000, 'the worker to start the long song');
  stop.abort();
  expect(await worker).toMatchObject({ handedBack: 1 });
  expect(fs.readdirSync(out).filter((f) => f.startsWith('long') || f.startsWith('.long'))).toEqual([]);
  const { Queue } = await import('bullmq');
  const q = new Queue('musicface', { connection: { url: r.url } });
  expect(await q.getJobState(b2.jobIds[0]!)).toBe('waiting');
  await q.close();
});

describe('command line', () => {
  const err = captureStderr();

  redisTest('batch --queue prints the queue and how many were added; an unreachable Redis is one line within seconds', async () => {
    const r = await startRedis('redis-e');
    let stdout = '';
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => ((stdout += s), true)) as typeof process.stdout.write;
    try {
      expect(await batchCommand.run([songs, '--out', path.join(dir, 'out-e'), '--queue', r.url, '--queue-name', 'studio'])).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    expect(stdout).toMatch(
      new RegExp(`^queue "studio" at redis://127.0.0.1:${r.port}: 12 songs added \\(batch \\w+\\), 0 already done\\n$`),
    );

    const nobody = `redis://127.0.0.1:${await freePort()}`;
    const t0 = Date.now();
    await expect(batchCommand.run([songs, '--out', path.join(dir, 'out-f'), '--queue', nobody])).rejects.toThrow(
      new RegExp(`^cannot reach Redis at ${nobody} \\(.*ECONNREFUSED.*\\)`),
    );
    await expect(workerCommand.run(['--queue', nobody])).rejects.toThrow(/^cannot reach Redis/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  test.each([
    [batchCommand, ['songs', '--out', 'x', '--follow'], /--follow needs --queue/],
    [batchCommand, ['songs', '--out', 'x', '--queue', 'http://host:1'], /not a Redis URL/],
    [batchCommand, ['songs', '--out', 'x', '--queue', 'redis://h:1', '--jobs', '2'], /--jobs is for the local batch/],
    [workerCommand, [], /missing --queue/],
    [workerCommand, ['--queue', 'redis://h:1', '--concurrency', '0'], /--concurrency must be a whole number/],
  ])('bad arguments %#: exit 2 and one line', async (command, args, message) => {
    expect(await command.run(args as string[])).toBe(2);
    expect(err.text).toMatch(message);
    expect(err.text.trim().split('\n')).toHaveLength(1);
  });
});
