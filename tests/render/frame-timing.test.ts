/** Which track frame each video frame shows: video frame j is on screen at j/fps s and shows the track frame of that instant. */
import { outputFrameCount, trackFrameAt } from '../../src/render/render-video';
import { createTrack } from '../../src/track/face-track';

test.each([30, 60, 24, 25, 50])('at %i fps every video frame shows the track frame whose 1/30 s interval holds its time', (fps) => {
  const track = createTrack(95); // 3.1666… s
  const n = outputFrameCount(track, fps);
  expect(Math.abs(n / fps - 95 / 30)).toBeLessThanOrEqual(0.5 / fps); // same duration, to half a frame
  for (let j = 0; j < n; j++) {
    const t = j / fps;
    const i = trackFrameAt(track, fps, j);
    expect(i / 30).toBeLessThanOrEqual(t + 1e-9);
    if (i < 94) expect(t).toBeLessThan((i + 1) / 30);
  }
  if (fps === 30) expect(Array.from({ length: n }, (_, j) => trackFrameAt(track, fps, j))).toEqual(Array.from({ length: 95 }, (_, i) => i));
});
