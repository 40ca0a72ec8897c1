/**
 * Issue 19, item 4: SIGINT, SIGTERM and SIGHUP stop a run without leaving half-written files, browser
 * profiles or temp parts; batch still writes its report; a rerun sweeps the stale parts of its outputs.
 * The real CLI (dist/, built by `npm ci`) in a child process with its own TMPDIR.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ffmpegPath } from '../../src/audio/ffmpeg-binary';
import { sweepStaleParts, writeFileAtomic } from '../../src/runtime/atomic-write';
import { haveChromium } from '../render/helpers';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'musicface.js');
const SONG = path.join(ROOT, 'samples', 'synthetic-song.mp3');
const built = fs.existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'main.js'));
if (!built) console.warn('interrupt tests skipped: run `npm run build` first (npm ci does it)');
const chromium = haveChromium();
if (!chromium) console.warn('render/batch interrupt tests skipped: no Chromium');
const cliTest = built ? test : test.skip;
const renderTest = built && chromium ? test : test.skip;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-interrupt-'));
  fs.mkdirSync(path.join(dir, 'tmp'));
  fs.mkdirSync(path.join(dir, 'out'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A pid that no process has now (a child that already exited). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

/**
 * Runs the CLI in `dir` and sends `sig` once `when()` is true (polled every 100 ms).
 * Resolves with the exit code and stderr.
 */
function interrupt(
  args: string[],
  sig: NodeJS.Signals,
  when: () => boolean,
  timeoutMs = 170000,
): Promise<{ code: number | null; stderr: string; sent: boolean }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, ...args], {
      cwd: dir,
      env: { ...process.env, TMPDIR: path.join(dir, 'tmp') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let sent = false;
    p.stderr!.on('data', (d) => (stderr += d));
    const poll = setInterval(() => {
      if (!sent && when()) {
        sent = true;
        p.kill(sig);
      }
    }, 100);
    const killer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('error', reject);
    p.on('close', (code) => {
      clearInterval(poll);
      clearTimeout(killer);
      resolve({ code, stderr, sent });
    });
  });
}

const ls = (d: string) => fs.readdirSync(path.join(dir, d));
const parts = () => ls('out').filter((f) => f.includes('.part'));

renderTest('render + SIGINT mid-video: exit 130, no .part.mp4, no output, no browser profile', async () => {
  const r = await interrupt(['render', SONG, '-o', 'out/song.mp4', '-q'], 'SIGINT', () => parts().length > 0);
  expect(r.sent).toBe(true);
  expect(r.code).toBe(130);
  expect(r.stderr.trim().split('\n').pop()).toBe('musicface render: stopped (SIGINT); nothing half-written was left');
  expect(ls('out')).toEqual([]);
  expect(ls('tmp')).toEqual([]); // no browser profile, nothing else either
});

renderTest(
  'batch + SIGTERM mid-video: exit 143, the report says cancelled, no parts or profiles; stale parts of a killed run are swept',
  async () => {
    fs.mkdirSync(path.join(dir, 'songs'));
    for (const [i, hz] of [300, 500].entries()) {
      spawnSync(ffmpegPath(), [
        '-v',
        'error',
        '-f',
        'lavfi',
        '-i',
        `sine=frequency=${hz}:duration=4`,
        path.join(dir, 'songs', `s${i}.wav`),
      ]);
    }
    const stale = path.join(dir, 'out', `.s0.mp4.${deadPid()}.abc123.part.mp4`); // a run killed with SIGKILL
    fs.writeFileSync(stale, 'half a video');
    const ours = () => parts().some((f) => !f.includes('abc123'));
    const r = await interrupt(['batch', 'songs', '--out', 'out', '--formats', 'json,mp4', '-q'], 'SIGTERM', ours);
    expect(r.sent).toBe(true);
    expect(r.code).toBe(143);
    expect(parts()).toEqual([]);
    expect(ls('tmp')).toEqual([]); // no browser profile, nothing else either
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'batch-report.json'), 'utf8'));
    expect(report.cancelled).toBe(true);
    expect(report.items[0].status).toBe('cancelled');
    expect(ls('out').sort()).toEqual(['.musicface-batch.json', 'batch-report.json', 's0.json']);
  },
);

cliTest('animate + SIGHUP while it works: exit 129 and nothing at -o, no parts', async () => {
  // Two minutes of song: several seconds of work, so the signal lands in the middle of it.
  const song = path.join(dir, 'two-minutes.wav');
  spawnSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=300:duration=120', '-ac', '2', song]);
  const started = Date.now();
  const r = await interrupt(['animate', song, '-o', 'out/song.glb', '-q'], 'SIGHUP', () => Date.now() - started > 1500);
  expect(r.sent).toBe(true);
  expect(r.code).toBe(129);
  expect(ls('out')).toEqual([]);
});

test('writeFileAtomic sweeps the parts a dead run left for that output, not a live run’s or other files’', () => {
  const out = path.join(dir, 'out');
  const dead = path.join(out, `.song.json.${deadPid()}.kx1.part`);
  const live = path.join(out, `.song.json.${process.pid}.kx2.part`);
  const other = path.join(out, `.other.json.${deadPid()}.kx3.part`);
  for (const f of [dead, live, other]) fs.writeFileSync(f, 'x');
  writeFileAtomic(path.join(out, 'song.json'), '{}');
  expect(ls('out').sort()).toEqual([path.basename(live), path.basename(other), 'song.json'].sort());
  expect(sweepStaleParts(path.join(out, 'other.json'))).toEqual([other]);
});

cliTest('preview ends with SIGINT or SIGTERM as its normal stop: exit 0', async () => {
  const made = spawnSync(process.execPath, [BIN, 'animate', SONG, '-o', path.join(dir, 'out', 'clip.glb'), '-q'], { encoding: 'utf8' });
  expect(made.status).toBe(0);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    const p = spawn(process.execPath, [BIN, 'preview', path.join(dir, 'out', 'clip.glb'), '--audio', SONG], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    p.stdout!.on('data', (d) => {
      stdout += d;
      if (stdout.includes('http://127.0.0.1:')) p.kill(sig);
    });
    const code = await new Promise((resolve) => p.on('close', resolve));
    expect([sig, code]).toEqual([sig, 0]);
  }
});

cliTest('separate + SIGTERM mid-stream (a command that is ended at once): exit 143, no stems, no parts', async () => {
  const long = path.join(dir, 'long.wav');
  spawnSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=300:duration=900', '-ar', '16000', long]);
  const r = await interrupt(
    ['separate', long, '-o', 'out/stems', '-q'],
    'SIGTERM',
    () => fs.existsSync(path.join(dir, 'out', 'stems')) && ls('out/stems').length > 0,
  );
  expect(r.sent).toBe(true);
  expect(r.code).toBe(143);
  expect(ls('out/stems')).toEqual([]);
  expect(ls('tmp')).toEqual([]);
});
