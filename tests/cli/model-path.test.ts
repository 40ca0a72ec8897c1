/**
 * Issue 19, item 11: `--model /path/to/file.mp3` used to report `<package>/models//path/to/file.mp3.json`,
 * a path the user never typed. Now the message names what they typed and what a model is.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import animate from '../../src/cli/commands/animate';
import { encodeWav } from '../../src/audio/encode-wav';
import { toneMix } from '../separation/test-signals';

let tmp: string;
let stderr: jest.SpyInstance;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-model-path-'));
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterAll(() => {
  stderr.mockRestore();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('--model pointing at an mp3: one sentence with the path as typed, no models/ path', async () => {
  const song = path.join(tmp, 'song.wav');
  fs.writeFileSync(song, encodeWav(toneMix(44100, 1, 2)));
  const mp3 = path.join(tmp, 'music', 'file.mp3');
  const err = await animate.run([song, '-o', path.join(tmp, 'out.json'), '--model', mp3, '-q']).catch((e) => e);
  const escaped = mp3.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  expect(err.message).toMatch(
    new RegExp(
      `^model: ${escaped} is not a model: give a model name \\(installed: [^)]*musicface-full[^)]*\\), a \\.json model card or an \\.onnx graph$`,
    ),
  );
  expect(err.message).not.toMatch(/models\//);
  expect(fs.existsSync(path.join(tmp, 'out.json'))).toBe(false);
});
