/**
 * Issue 19, item 1: an output that is (or would replace) an input is refused before any work, and the
 * input is left as it was — for every command that writes files.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ffmpegPath } from '../../src/audio/ffmpeg-binary';
import { batch } from '../../src/batch/batch';
import animate from '../../src/cli/commands/animate';
import render from '../../src/cli/commands/render';
import separate from '../../src/cli/commands/separate';
import { encodeWav } from '../../src/audio/encode-wav';
import { toneMix } from '../separation/test-signals';

let tmp: string;
let stderr: jest.SpyInstance;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-overwrite-'));
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  stderr.mockRestore();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Bytes and modification time, to show the file was not touched. */
const fingerprint = (f: string) => ({ bytes: fs.readFileSync(f).toString('base64'), mtime: fs.statSync(f).mtimeMs });

test('separate stems/vocals.wav -o stems: refused, vocals.wav untouched', async () => {
  const stems = path.join(tmp, 'stems');
  fs.mkdirSync(stems);
  const vocals = path.join(stems, 'vocals.wav');
  fs.writeFileSync(vocals, encodeWav(toneMix(44100, 1, 2)));
  const before = fingerprint(vocals);
  await expect(separate.run([vocals, '-o', stems, '-q'])).rejects.toThrow(/vocals\.wav: would replace the input .*vocals\.wav/);
  expect(fingerprint(vocals)).toEqual(before);
  expect(fs.readdirSync(stems)).toEqual(['vocals.wav']);
});

test('render clip.mp4 -o clip.mp4 (also through a symlink): refused before anything starts', async () => {
  const clip = path.join(tmp, 'clip.mp4');
  execFileSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=300:duration=1', '-c:a', 'aac', clip]);
  const before = fingerprint(clip);
  await expect(render.run([clip, '-o', clip, '-q'])).rejects.toThrow(/would replace the input/);
  fs.symlinkSync(clip, path.join(tmp, 'link.mp4'));
  await expect(render.run([clip, '-o', path.join(tmp, 'link.mp4'), '-q'])).rejects.toThrow(/link\.mp4: would replace the input/);
  expect(fingerprint(clip)).toEqual(before);
});

test('animate --rig avatar.glb -o avatar.glb, and -o over one of the --stems: refused', async () => {
  const song = path.join(tmp, 'song.wav');
  fs.writeFileSync(song, encodeWav(toneMix(44100, 1, 2)));
  const rig = path.join(tmp, 'avatar.glb');
  fs.writeFileSync(rig, 'not read: the check comes first');
  await expect(animate.run([song, '-o', rig, '--rig', rig, '-q'])).rejects.toThrow(/avatar\.glb: would replace the input/);
  // --formats json,wav is not a thing, but a stem named like an output is: -o band.json --formats json with a stem band.json
  const stem = path.join(tmp, 'band.json');
  fs.writeFileSync(stem, '{}');
  await expect(animate.run([song, '-o', stem, '--stems', `${song},${stem}`, '-q'])).rejects.toThrow(/band\.json: would replace the input/);
  expect(fs.readFileSync(stem, 'utf8')).toBe('{}');
});

test('batch whose song would be replaced by its own mp4 output: refused, nothing written', async () => {
  const clip = path.join(tmp, 'clip.mp4');
  execFileSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=300:duration=1', '-c:a', 'aac', clip]);
  const before = fingerprint(clip);
  const animateNever = () => Promise.reject(new Error('animate must not be called'));
  await expect(batch([{ song: clip, name: 'clip' }], { out: tmp, formats: ['json', 'mp4'], animate: animateNever })).rejects.toThrow(
    /clip\.mp4: would replace the input/,
  );
  expect(fingerprint(clip)).toEqual(before);
  expect(fs.readdirSync(tmp)).toEqual(['clip.mp4']);
});
