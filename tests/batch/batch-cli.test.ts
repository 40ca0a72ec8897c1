/** `musicface batch` from the terminal: exit codes, the report, one line per failure. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import batchCommand, { batchBars } from '../../src/cli/commands/batch';
import { captureStderr } from '../env/capture-stderr';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-batch-cli-'));
  fs.mkdirSync(path.join(dir, 'songs'));
  fs.writeFileSync(path.join(dir, 'songs', 'noise.mp3'), Buffer.alloc(4000, 7));
  fs.writeFileSync(path.join(dir, 'songs', 'empty.wav'), Buffer.alloc(0));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const err = captureStderr();

test('every song failing: exit 1, a report with both errors, a line per failure', async () => {
  const out = path.join(dir, 'out');
  const code = await batchCommand.run([path.join(dir, 'songs'), '--out', out, '--formats', 'json,csv', '-q']);
  expect(code).toBe(1);
  const report = JSON.parse(fs.readFileSync(path.join(out, 'batch-report.json'), 'utf8'));
  expect(report.summary).toMatchObject({ total: 2, failed: 2, done: 0 });
  expect(report.items.map((r: { name: string }) => r.name)).toEqual(['empty', 'noise']);
  for (const r of report.items) expect(r.error.split('\n')).toHaveLength(1);
  expect(err.text).toMatch(/0 done, 0 already done, 2 failed/);
  expect(err.text).toMatch(/failed: empty: /);
  expect(err.text).toMatch(/failed: noise: /);
});

test.each([
  [['--out', 'x'], /expected one FOLDER or MANIFEST/],
  [['songs'], /missing --out DIR/],
  [['songs', '--out', 'x', '--formats', 'glb,gif'], /--formats: unknown "gif"/],
  [['songs', '--out', 'x', '--jobs', '0'], /--jobs must be a whole number/],
])('bad arguments %j: exit 2 and one line', async (args, message) => {
  expect(await batchCommand.run(args as string[])).toBe(2);
  expect(err.text).toMatch(message);
  expect(err.text.trim().split('\n')).toHaveLength(1);
});

test('terminal bars: one line per running song and one overall, redrawn in place', () => {
  let text = '';
  const tty = { isTTY: true, columns: 80, write: (s: string) => ((text += s), true) } as unknown as NodeJS.WriteStream;
  const bars = batchBars(tty);
  bars.onProgress({ stage: 'batch', done: 0, total: 3 });
  bars.onProgress({ stage: 'render', done: 10, total: 100, item: 'a' });
  bars.onProgress({ stage: 'batch', done: 1, total: 3 });
  bars.done();
  const screen = text.split('\x1b[2A').pop()!; // the last redraw, after moving up over the two lines
  expect(screen).toMatch(/a render\s+\[#+-+\]\s+10%/);
  expect(screen).toMatch(/all songs 1\/3\s+\[#+-+\]\s+33%/);
});
