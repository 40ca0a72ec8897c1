import * as fs from 'node:fs';
import * as path from 'node:path';
import { animateSong } from '../../src/animate';
import { resolveModel } from '../../src/generator/model-card';

// A minute of a real song (../shared/data, not shipped) through the whole default path.
const SONG = path.join(__dirname, '../../../shared/data/audio/francium-55-115s-mixture.flac');
const maybe = fs.existsSync(SONG) ? describe : describe.skip;
if (!fs.existsSync(SONG)) console.warn(`real-song test skipped: ${SONG} is absent`);

maybe('musicface-full on a real song', () => {
  it('keeps the head moving for the whole minute, within the range the training singers used', async () => {
    const track = await animateSong(SONG, { seed: 0 });
    const range = resolveModel('musicface-full').card.poseRange!;
    const speed = (from: number, to: number) => {
      let s = 0;
      for (let t = from + 1; t < to; t++) {
        let d = 0;
        for (let k = 0; k < 3; k++) d += (track.pose[t * 6 + k] - track.pose[(t - 1) * 6 + k]) ** 2;
        s += Math.sqrt(d);
      }
      return (s / (to - from - 1)) * track.fps;
    };
    const third = Math.floor(track.frameCount / 3);
    const first = speed(0, third);
    // Without turning back, the head pinned at a limit after 25 s and its speed fell to a tenth.
    expect(speed(2 * third, track.frameCount)).toBeGreaterThan(0.5 * first);
    for (let t = 0; t < track.frameCount; t++)
      for (let k = 0; k < 3; k++) expect(Math.abs(track.pose[t * 6 + k])).toBeLessThan(1.25 * range[k]);
  }, 120000);
});
