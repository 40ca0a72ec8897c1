/**
 * Issue 19, item 12: a run leaves nothing in $TMPDIR. Before: every run left onnxruntime-node's
 * telemetry (`.ses`, `mat-debug-<pid>.log`) and a successful render an `org.chromium.Chromium.*` folder.
 * The real CLI (dist/) with a TMPDIR of its own.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ffmpegPath } from '../../src/audio/ffmpeg-binary';
import { haveChromium } from '../render/helpers';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'musicface.js');
const built = fs.existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'main.js'));
if (!built) console.warn('TMPDIR tests skipped: run `npm run build` first (npm ci does it)');
const chromium = haveChromium();

let dir: string;
let song: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-tmpdir-'));
  song = path.join(dir, 'song.wav');
  execFileSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=300:duration=2', song]);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI with an empty TMPDIR; returns its exit code and what is left in that TMPDIR. */
function runIn(name: string, ...args: string[]) {
  const tmp = path.join(dir, `tmp-${name}`);
  fs.mkdirSync(tmp);
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    env: { ...process.env, TMPDIR: tmp },
    encoding: 'utf8',
    timeout: 120000,
  });
  return { code: r.status, stderr: r.stderr, left: fs.readdirSync(tmp) };
}

(built ? test : test.skip)('animate leaves nothing in TMPDIR (no ORT telemetry files)', () => {
  const r = runIn('animate', 'animate', song, '-o', 'song.json', '-q');
  expect(r.code).toBe(0);
  expect(r.left).toEqual([]);
});

(built && chromium ? test : test.skip)('render leaves nothing in TMPDIR (no browser profile, no org.chromium.Chromium.*)', () => {
  const r = runIn('render', 'render', song, '-o', 'song.mp4', '--size', '64', '-q');
  expect(r.code).toBe(0);
  expect(r.left).toEqual([]);
});
