import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeAudio } from '../../src/audio/decode';
import { encodeWav } from '../../src/audio/encode-wav';
import separate from '../../src/cli/commands/separate';
import { toneMix } from './test-signals';

describe('musicface separate', () => {
  let tmp: string;
  let stderr: jest.SpyInstance;
  let stdout: jest.SpyInstance;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-separate-'));
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    stderr.mockRestore();
    stdout.mockRestore();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('writes vocals.wav and accompaniment.wav at the song’s rate and channels that add up to the song', async () => {
    const song = toneMix(48000, 3, 2);
    const file = path.join(tmp, 'song.wav');
    fs.writeFileSync(file, encodeWav(song, { bitDepth: 32 }));
    const out = path.join(tmp, 'stems');
    expect(await separate.run([file, '-o', out])).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['accompaniment.wav', 'vocals.wav']);
    const v = await decodeAudio(path.join(out, 'vocals.wav'));
    const a = await decodeAudio(path.join(out, 'accompaniment.wav'));
    for (const stem of [v, a]) {
      expect(stem.sampleRate).toBe(48000);
      expect(stem.channels.length).toBe(2);
      expect(stem.channels[0].length).toBe(song.channels[0].length);
    }
    let err = 0;
    song.channels.forEach((ch, c) => ch.forEach((x, i) => (err = Math.max(err, Math.abs(v.channels[c][i] + a.channels[c][i] - x)))));
    expect(err).toBeLessThan(2 / 32768); // two 16-bit roundings
  });

  it('fails with one sentence and writes nothing for a missing song or an unknown separator', async () => {
    const out = path.join(tmp, 'stems');
    // (the CLI's main prints the rejection as one line "musicface separate: …" and exits 1)
    await expect(separate.run([path.join(tmp, 'nope.mp3'), '-o', out])).rejects.toThrow(/nope\.mp3/);
    const file = path.join(tmp, 'song.wav');
    fs.writeFileSync(file, encodeWav(toneMix(44100, 1, 2)));
    await expect(separate.run([file, '-o', out, '--separator', 'demucs'])).rejects.toThrow(/^unknown separator "demucs"/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
