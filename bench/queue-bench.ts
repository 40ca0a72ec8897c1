/**
 * Queue benchmark: `npm run bench:queue [-- --songs N] [--seconds S] [--workers 1,2,4] [--formats json,glb]`
 *
 * The same songs (N cuts of S seconds from samples/synthetic-song.mp3, the shipped generator) through
 * the local batch (`--jobs 1`) and through a Redis queue (a redis-server started here on a free port)
 * with 1, 2 and 4 `musicface worker` processes on this machine, already started and waiting. Prints
 * songs per minute for each, and the overhead per job: (wall time − the songs' own seconds in the
 * report) / N, for the local batch and for the queue with 1 worker — what enqueueing, Redis round trips,
 * handing jobs out, events and the follower add, measured apart from how fast the songs themselves ran
 * on a machine shared with other work. Needs `npm run build` (the script does it) and redis-server.
 * The last line is one JSON object.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ffmpegPath } from '../src/audio/ffmpeg-binary';
import { type BatchFormat, type BatchReport, batch } from '../src/batch/batch';
import { batchItems } from '../src/batch/batch-items';
import { enqueueBatch } from '../src/batch/queue/enqueue';
import { followBatch } from '../src/batch/queue/follow';
import { RedisServer } from './local-redis';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'musicface.js');
const SAMPLE = path.join(ROOT, 'samples', 'synthetic-song.mp3');

/** `n` worker processes of the built CLI; resolves when all take jobs. */
function startWorkers(url: string, n: number): Promise<ChildProcess[]> {
  return Promise.all(
    Array.from({ length: n }, () => {
      const p = spawn(process.execPath, [BIN, 'worker', '--queue', url], { stdio: ['ignore', 'ignore', 'pipe'] });
      return new Promise<ChildProcess>((resolve, reject) => {
        let text = '';
        p.stderr!.on('data', (d) => {
          text += d;
          if (/taking jobs/.test(text)) resolve(p);
        });
        p.on('exit', (code) => reject(new Error(`worker exited (${code}):\n${text}`)));
      });
    }),
  );
}

async function stop(procs: ChildProcess[]): Promise<void> {
  await Promise.all(
    procs.map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.exitCode !== null) return resolve();
          p.removeAllListeners('exit');
          p.once('exit', () => resolve());
          p.kill('SIGTERM');
        }),
    ),
  );
}

async function main() {
  const { values } = parseArgs({
    options: { songs: { type: 'string' }, seconds: { type: 'string' }, workers: { type: 'string' }, formats: { type: 'string' } },
  });
  const songs = Number(values.songs ?? 8);
  const seconds = Number(values.seconds ?? 10);
  const workerCounts = String(values.workers ?? '1,2,4')
    .split(',')
    .map(Number);
  const formats = String(values.formats ?? 'json,glb').split(',') as BatchFormat[];
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    console.log('bench:queue needs redis-server (Debian: apt-get install redis-server)');
    process.exitCode = 1;
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-queue-bench-'));
  const songDir = path.join(dir, 'songs');
  fs.mkdirSync(songDir);
  for (let i = 0; i < songs; i++) {
    // Different cuts (and so different tracks) of the shipped sample.
    const start = ((i * 7) % Math.max(1, 20 - seconds)).toFixed(1);
    execFileSync(ffmpegPath(), ['-v', 'error', '-ss', start, '-t', String(seconds), '-i', SAMPLE, path.join(songDir, `song${i}.mp3`)]);
  }
  const items = batchItems(songDir);
  const rows: { run: string; seconds: number; songsPerMinute: number; overheadPerJobSeconds: number }[] = [];
  const row = (run: string, s: number, report: BatchReport) => {
    const own = report.items.reduce((a, r) => a + r.seconds, 0);
    const overhead = (s - own / Number(run.match(/(\d+) worker/)?.[1] ?? 1)) / songs;
    rows.push({
      run,
      seconds: Math.round(s * 100) / 100,
      songsPerMinute: Math.round((songs / s) * 60 * 10) / 10,
      overheadPerJobSeconds: Math.round(overhead * 1000) / 1000,
    });
    console.log(
      `${run.padEnd(22)} ${s.toFixed(1).padStart(7)} s  ${((songs / s) * 60).toFixed(1).padStart(6)} songs/min  overhead ${overhead.toFixed(3)} s/job`,
    );
  };
  console.log(`${songs} songs of ${seconds} s, formats ${formats.join(',')}, ${os.cpus().length} cores`);
  const redis = await RedisServer.start(dir, 'everysec');
  try {
    // A warm-up song, so the first timed run does not pay for cold file caches.
    await batch(items.slice(0, 1), { out: path.join(dir, 'warm'), formats, report: false });
    let t = Date.now();
    const localReport = await batch(items, { out: path.join(dir, 'local'), formats, report: false });
    row('local batch, --jobs 1', (Date.now() - t) / 1000, localReport);
    for (const n of workerCounts) {
      const workers = await startWorkers(redis.url, n);
      try {
        t = Date.now();
        const b = await enqueueBatch(items, { queue: redis.url, out: path.join(dir, `queue-${n}`), formats, report: false });
        const report = await followBatch(b);
        const s = (Date.now() - t) / 1000;
        if (report.summary.done !== songs) throw new Error(`queue with ${n} workers: ${JSON.stringify(report.summary)}`);
        row(`queue, ${n} worker${n === 1 ? '' : 's'}`, s, report);
      } finally {
        await stop(workers);
      }
    }
    const one = rows.find((r) => r.run === 'queue, 1 worker');
    const added = one ? Math.round((one.overheadPerJobSeconds - rows[0].overheadPerJobSeconds) * 1000) / 1000 : null;
    if (added !== null) console.log(`the queue's overhead per job over the local batch's: ${added.toFixed(3)} s`);
    console.log(JSON.stringify({ songs, seconds, formats, cores: os.cpus().length, rows, queueOverheadPerJobSeconds: added }));
  } finally {
    await redis.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
