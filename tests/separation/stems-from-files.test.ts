import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeWav } from '../../src/audio/encode-wav';
import { stemsFromFiles } from '../../src/separation/stems-from-files';
import { toneMix } from './test-signals';

describe('stemsFromFiles (--stems vocals.wav,accompaniment.wav)', () => {
  let tmp: string;
  beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-stems-'))));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const write = (name: string, seconds: number, rate = 44100, channels = 2) => {
    const f = path.join(tmp, name);
    fs.writeFileSync(f, encodeWav(toneMix(rate, seconds, channels)));
    return f;
  };

  it('loads both at the vocals’ rate and channels, padding a few samples of difference, labelled user-stems', async () => {
    const v = write('vocals.wav', 2);
    const a = write('accompaniment.wav', 2.01, 48000, 1); // 10 ms longer, another rate, mono
    const stems = await stemsFromFiles(v, a);
    expect(stems.separator).toBe('user-stems');
    expect(stems.accompaniment.sampleRate).toBe(44100);
    expect(stems.accompaniment.channels.length).toBe(2);
    expect(stems.vocals.channels[0].length).toBe(stems.accompaniment.channels[0].length);
    expect(stems.vocals.channels[0].length).toBe(Math.round(2.01 * 44100));
  });

  it('refuses stems whose durations differ by more than a video frame, naming the shorter file', async () => {
    const v = write('vocals.wav', 2);
    const a = write('accompaniment.wav', 2.5);
    await expect(stemsFromFiles(v, a)).rejects.toThrow(
      /vocals\.wav is 2\.000 s long but .*accompaniment\.wav is 2\.500 s; stems must have the same duration/,
    );
  });
});
