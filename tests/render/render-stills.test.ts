/** What a viewer of a rendered frame would notice: the mouth opens with jawOpen, the eyes close with eyeBlink. */
import { renderStills } from '../../src/render/render-video';
import { Rig } from '../../src/retarget/rig';
import { arkitIndex, ARKIT_COUNT } from '../../src/track/arkit';
import { createTrack } from '../../src/track/face-track';
import { diffMask, haveChromium, maybeSavePng, testIf, testRig } from './helpers';

const SIZE = 256;
let rig: Rig | null = null;
beforeAll(async () => {
  rig = await testRig();
});

testIf(haveChromium(), 'no Chromium installed')('jawOpen changes the lower middle of the face, eyeBlink the upper part', async () => {
  if (!rig) return console.warn('skipped: no rig (rigs/default/head.glb or ../shared/data)');
  // Frame 0: neutral; 1: jaw open; 2: both eyes closed.
  const track = createTrack(3);
  track.expression[1 * ARKIT_COUNT + arkitIndex('jawOpen')] = 1;
  track.expression[2 * ARKIT_COUNT + arkitIndex('eyeBlinkLeft')] = 1;
  track.expression[2 * ARKIT_COUNT + arkitIndex('eyeBlinkRight')] = 1;
  const [neutral, jaw, blink] = await renderStills(track, [0, 1, 2], { rig, size: SIZE });
  maybeSavePng('neutral.png', neutral, SIZE);
  maybeSavePng('jaw.png', jaw, SIZE);
  maybeSavePng('blink.png', blink, SIZE);

  // A face is on screen: the centre pixel differs from the corner (background).
  const px = (img: Uint8Array, x: number, y: number) => Array.from(img.subarray((y * SIZE + x) * 4, (y * SIZE + x) * 4 + 3));
  expect(px(neutral, SIZE / 2, SIZE / 2)).not.toEqual(px(neutral, 2, 2));

  const mouth = diffMask(neutral, jaw, SIZE);
  const eyes = diffMask(neutral, blink, SIZE);
  // An open jaw is a visible change (> 1% of the frame), centred left-right, below the frame's middle.
  expect(mouth.count).toBeGreaterThan(SIZE * SIZE * 0.01);
  expect(Math.abs(mouth.centroid!.x - SIZE / 2)).toBeLessThan(SIZE * 0.08);
  expect(mouth.centroid!.y).toBeGreaterThan(SIZE * 0.5);
  // Closing both eyes changes two regions above the mouth, on both sides of the centre line.
  expect(eyes.count).toBeGreaterThan(SIZE * SIZE * 0.002);
  expect(eyes.centroid!.y).toBeLessThan(mouth.centroid!.y - SIZE * 0.1);
  expect(eyes.box.x0).toBeLessThan(SIZE / 2 - SIZE * 0.05);
  expect(eyes.box.x1).toBeGreaterThan(SIZE / 2 + SIZE * 0.05);
});
