/**
 * Issue 19, item 6: an output in a read-only folder, or an output path that is a folder, is refused
 * before any work with one sentence naming the user's path (it used to be a raw EACCES/EISDIR on a
 * `.part` name after all the work).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import animate from '../../src/cli/commands/animate';
import separate from '../../src/cli/commands/separate';
import { batch } from '../../src/batch/batch';
import { encodeWav } from '../../src/audio/encode-wav';
import { toneMix } from '../separation/test-signals';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'musicface.js');
const SONG = path.join(ROOT, 'samples', 'synthetic-song.mp3');
const built = fs.existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'main.js'));
// root may write anywhere: the read-only case runs the CLI as `nobody` through runuser.
const asRoot = process.getuid?.() === 0;
const canDrop = !asRoot || spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', '']).status === 0;
if (!built || !canDrop) console.warn('read-only folder test skipped: needs dist/ (npm run build) and, as root, runuser');

let tmp: string;
let stderr: jest.SpyInstance;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-unwritable-'));
  fs.chmodSync(tmp, 0o755);
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  stderr.mockRestore();
  fs.rmSync(tmp, { recursive: true, force: true });
});

(built && canDrop ? test : test.skip)('animate into a read-only folder: one sentence naming the path before any work, exit 1', () => {
  const ro = path.join(tmp, 'readonly');
  fs.mkdirSync(ro, { mode: 0o555 });
  fs.chmodSync(ro, 0o555);
  const cmd = asRoot ? 'runuser' : process.execPath;
  const args = [...(asRoot ? ['-u', 'nobody', '--', process.execPath] : []), BIN, 'animate', SONG, '-o', path.join(ro, 'song.json'), '-q'];
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60000 });
  const seconds = (Date.now() - t0) / 1000;
  expect(r.status).toBe(1);
  expect(r.stderr.trim().split('\n')).toEqual([
    `musicface animate: ${path.join(ro, 'song.json')}: cannot be written: no permission to write into ${ro} (permission denied)`,
  ]);
  expect(seconds).toBeLessThan(3); // before decoding anything (a 20 s song animates in several seconds here)
  expect(fs.readdirSync(ro)).toEqual([]);
});

test('an output path that is a folder, and stems into a path that is a file: refused up front', async () => {
  const song = path.join(tmp, 'song.wav');
  fs.writeFileSync(song, encodeWav(toneMix(44100, 1, 2)));
  const folder = path.join(tmp, 'song.json');
  fs.mkdirSync(folder);
  await expect(animate.run([song, '-o', folder, '-q'])).rejects.toThrow(/^.*song\.json: is a folder; give the output a file name$/);
  const file = path.join(tmp, 'stems');
  fs.writeFileSync(file, 'a file, not a folder');
  await expect(separate.run([song, '-o', file, '-q'])).rejects.toThrow(
    /stems\/vocals\.wav: cannot be written: .*stems is a file, not a folder/,
  );
});

test('batch into an output path that is a folder: refused before any song is animated', async () => {
  const song = path.join(tmp, 'a.wav');
  fs.writeFileSync(song, encodeWav(toneMix(44100, 1, 2)));
  fs.mkdirSync(path.join(tmp, 'out', 'a.json'), { recursive: true });
  const never = () => Promise.reject(new Error('animate must not be called'));
  await expect(batch([{ song, name: 'a' }], { out: path.join(tmp, 'out'), formats: ['json'], animate: never })).rejects.toThrow(
    /a\.json: is a folder/,
  );
});

(built ? test : test.skip)(
  'corpus synth, dataset build, neural-data and eval: an --out inside a file is refused before any work',
  async () => {
    const file = path.join(tmp, 'plain-file');
    fs.writeFileSync(file, 'not a folder');
    const out = path.join(file, 'sub');
    const commands: [string, string[]][] = [
      ['corpus', ['synth', '--songs', '2', '--seconds', '5', '--seed', '1', '--out', out, '-q']],
      ['dataset', ['build', '--corpus', tmp, '--out', out, '-q']],
      ['neural-data', [path.join(tmp, 'clip.mp4'), '--out', out, '-q']],
      ['eval', ['--corpus', tmp, '--out', path.join(out, 'report')]],
    ];
    for (const [name, args] of commands) {
      const r = spawnSync(process.execPath, [BIN, name, ...args], { encoding: 'utf8', timeout: 60000 });
      expect([name, r.status]).toEqual([name, 1]);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/plain-file is a file, not a folder/);
    }
  },
);
