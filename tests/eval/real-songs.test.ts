import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Audio } from '../../src/audio/audio';
import { readMultitrack } from '../../src/eval/multitrack';
import { scoreRealSong } from '../../src/eval/real-songs';
import { createTrack } from '../../src/track/face-track';
import { arkitIndex, ARKIT_COUNT } from '../../src/track/arkit';

const SR = 8000;
/** A 440 Hz tone where `on(t)` (seconds) is true, silence elsewhere. */
function tone(seconds: number, on: (t: number) => boolean): Audio {
  const x = new Float32Array(seconds * SR);
  for (let i = 0; i < x.length; i++) if (on(i / SR)) x[i] = 0.3 * Math.sin((2 * Math.PI * 440 * i) / SR);
  return { sampleRate: SR, channels: [x, x] };
}

describe('real multitrack songs', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mt-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('tells the lead from backing vocals and band by the stems’ names', () => {
    for (const f of ['Song_Stem_VOX LEAD.m4a', 'Song_Stem_BGVOX 1.m4a', 'Song_Stem_VOX ECHO.m4a', 'Song_Stem_DRUMS.m4a', 'notes.txt'])
      fs.writeFileSync(path.join(dir, f), '');
    const mt = readMultitrack(dir);
    expect(mt.lead.map((f) => path.basename(f))).toEqual(['Song_Stem_VOX LEAD.m4a']);
    expect(mt.backing.map((f) => path.basename(f)).sort()).toEqual(['Song_Stem_BGVOX 1.m4a', 'Song_Stem_VOX ECHO.m4a']);
    expect(mt.band.map((f) => path.basename(f))).toEqual(['Song_Stem_DRUMS.m4a']);
  });

  it('follows stems.json over the names, and says which file lacks a lead', () => {
    for (const f of ['a.wav', 'b.wav']) fs.writeFileSync(path.join(dir, f), '');
    expect(() => readMultitrack(dir)).toThrow(`${dir}: no lead vocal stem`);
    fs.writeFileSync(path.join(dir, 'stems.json'), JSON.stringify({ lead: ['b.wav'], band: ['a.wav'] }));
    expect(readMultitrack(dir).lead).toEqual([path.join(dir, 'b.wav')]);
  });

  it('scores open-while-singing, open where no voice sings and backing-only frames against the true stems', () => {
    // 3 s: the lead sings in the first second, backing vocals alone in the second, nobody in the third;
    // the mouth is open in the first 1.5 s.
    const lead = tone(3, (t) => t < 1);
    const backing = tone(3, (t) => t >= 1 && t < 2);
    const band = tone(3, () => true);
    const track = createTrack(90, 30);
    for (let t = 0; t < 45; t++) track.expression[t * ARKIT_COUNT + arkitIndex('jawOpen')] = 0.5;
    const s = scoreRealSong(track, { lead, backing, band }, 'song', 'separated', 0);
    expect(s.leadFrames).toBe(30);
    expect(s.openWhileLead).toBe(1);
    expect(s.openBackingOnly).toBeCloseTo(15 / 30, 5);
    expect(s.openNoVoice).toBe(0);
    expect(s.jaw.median).toBeCloseTo(0.5, 5);
  });
});
