/** What a viewer of a rendered frame would notice: the mouth opens with jawOpen, the eyes close with eyeBlink. */
import { renderStills } from '../../src/render/render-video';
import type { Rig } from '../../src/retarget/rig';
import { arkitIndex, ARKIT_COUNT } from '../../src/track/arkit';
import { createTrack, POSE_DIM } from '../../src/track/face-track';
import { diffMask, haveChromium, maybeSavePng, testIf, testRig } from './helpers';

const SIZE = 256;
let rig: Rig | null = null;
beforeAll(async () => {
  rig = await testRig();
});

testIf(haveChromium(), 'no Chromium installed')(
  'jawOpen changes the lower middle of the face, eyeBlink the eyes, the face is not mirrored, head pose moves it',
  async () => {
    if (!rig) return console.warn('skipped: no rig (rigs/default/head.glb or ../shared/data)');
    // Frame 0: neutral; 1: jaw open; 2: both eyes closed; 3: the face's own left eye closed; 4: head moved
    // 3 cm toward the face's own left (+X in glTF axes).
    const track = createTrack(5);
    track.expression[3 * ARKIT_COUNT + arkitIndex('eyeBlinkLeft')] = 1;
    track.pose[4 * POSE_DIM + 3] = 0.03;
    track.expression[1 * ARKIT_COUNT + arkitIndex('jawOpen')] = 1;
    track.expression[2 * ARKIT_COUNT + arkitIndex('eyeBlinkLeft')] = 1;
    track.expression[2 * ARKIT_COUNT + arkitIndex('eyeBlinkRight')] = 1;
    const [neutral, jaw, blink, leftBlink, moved] = await renderStills(track, [0, 1, 2, 3, 4], { rig, size: SIZE });
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
    // The camera faces the face: its own left eye is on the right of the picture (not mirrored) ...
    const left = diffMask(neutral, leftBlink, SIZE);
    expect(left.count).toBeGreaterThan(SIZE * SIZE * 0.001);
    expect(left.box.x0).toBeGreaterThan(SIZE / 2);
    // ... and moving the head toward its own left moves the whole face to the right of the picture.
    const centroidX = (img: Uint8Array) => {
      let sx = 0;
      let n = 0;
      for (let y = 0; y < SIZE; y++) {
        for (let x = 0; x < SIZE; x++) {
          const i = (y * SIZE + x) * 4;
          if (Math.abs(img[i] - img[0]) + Math.abs(img[i + 1] - img[1]) + Math.abs(img[i + 2] - img[2]) > 40) {
            sx += x;
            n++;
          }
        }
      }
      return sx / n;
    };
    expect(centroidX(moved) - centroidX(neutral)).toBeGreaterThan(SIZE * 0.03);
  },
);

testIf(haveChromium(), 'no Chromium installed')('the SwiftShader fallback (no system EGL) draws the same open mouth', async () => {
  if (!rig) return console.warn('skipped: no rig');
  const track = createTrack(2);
  track.expression[1 * ARKIT_COUNT + arkitIndex('jawOpen')] = 1;
  const [closed, open] = await renderStills(track, [0, 1], { rig, size: 128, gl: 'swiftshader' });
  const mouth = diffMask(closed, open, 128);
  expect(mouth.count).toBeGreaterThan(128 * 128 * 0.01);
  expect(mouth.centroid!.y).toBeGreaterThan(64);
});
