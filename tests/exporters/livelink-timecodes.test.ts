/**
 * Issue 19, item 3: a take recorded across midnight keeps its motion; rows out of order are refused
 * with the row number (they used to become 600 identical label rows: a frozen face in training data).
 */
import { liveLinkCsvToTrack } from '../../src/livelink';
import { exportLiveLink } from '../../exporters';
import { asText } from './text';
import { createTrack } from '../../src/track/face-track';

const JAW = 17; // jawOpen in ARKit order

/** 20 s at 30 fps whose jaw opens and closes once a second. */
function singing(frames = 600) {
  const t = createTrack(frames, 30);
  for (let i = 0; i < frames; i++) t.expression[i * 52 + JAW] = 0.5 + 0.4 * Math.sin((2 * Math.PI * i) / 30);
  return t;
}

test('a take that starts 10 s before midnight: 600 frames that follow the recorded jaw', async () => {
  const take = singing();
  const csv = await asText(exportLiveLink(take, { startSeconds: 24 * 3600 - 10 }));
  expect(csv).toMatch(/\n23:59:59:/);
  expect(csv).toMatch(/\n00:00:00:/);
  const back = liveLinkCsvToTrack(csv, 'night.csv', { fps: 30 });
  expect(back.frameCount).toBe(600);
  let worst = 0;
  for (let i = 0; i < 600; i++) worst = Math.max(worst, Math.abs(back.expression[i * 52 + JAW] - take.expression[i * 52 + JAW]));
  expect(worst).toBeLessThan(1e-6); // the CSV keeps 10 decimals
});

test('two rows swapped: refused, naming the row that goes back in time', async () => {
  const lines = (await asText(exportLiveLink(singing(60)))).trimEnd().split('\n');
  // data rows 20 and 21 are lines 21 and 22 of the file (the header is line 1)
  [lines[20], lines[21]] = [lines[21], lines[20]];
  expect(() => liveLinkCsvToTrack(lines.join('\n'), 'shuffled.csv', { fps: 30 })).toThrow(
    /^shuffled\.csv: row 22 \(timecode [\d:.]+\) is earlier than row 21 \([\d:.]+\); the rows must be in recording order$/,
  );
});
