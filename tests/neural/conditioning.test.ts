/**
 * Conditioning images (what the neural renderer sees): the rig through the person's camera, coloured by
 * where on the face each pixel is, with the eyes painted by their openness.
 */
import { defaultRig } from '../../src/retarget/default-rig';
import { arkitIndex } from '../../src/track/arkit';
import { createTrack } from '../../src/track/face-track';
import { bakeForConditioning, conditioningContext, conditioningFrame, faceCrop } from '../../src/neural/conditioning';
import type { PersonCamera } from '../../src/raster';
import { rigMesh } from '../../src/raster';

const S = 96;

async function setup() {
  const rig = await defaultRig();
  const mesh = rigMesh(rig);
  // A 320×240 camera 2.5 m in front of the head, looking at it straight.
  const camera: PersonCamera = {
    width: 320,
    height: 240,
    focal: 900,
    u0: 160,
    v0: 120,
    rotation: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    translation: [0, -0.05, 2.5],
    pivot: mesh.headPivot,
  };
  const crop = faceCrop(mesh, camera, 0.4);
  return { ctx: conditioningContext(rig, camera, crop, S, mesh), crop };
}

test('the crop frames the face inside the video', async () => {
  const { crop } = await setup();
  expect(crop.x).toBeGreaterThanOrEqual(0);
  expect(crop.y).toBeGreaterThanOrEqual(0);
  expect(crop.x + crop.size).toBeLessThanOrEqual(320);
  expect(crop.y + crop.size).toBeLessThanOrEqual(240);
  expect(crop.size).toBeGreaterThan(40);
});

test('opening the jaw changes the lower face, closing the eyes darkens the eye map, and frames repeat exactly', async () => {
  const { ctx } = await setup();
  const track = createTrack(4);
  track.expression[1 * 52 + arkitIndex('jawOpen')] = 1;
  for (const k of ['eyeBlinkLeft', 'eyeBlinkRight']) track.expression[2 * 52 + arkitIndex(k)] = 1;
  track.eyes.set([1, 1], 4);
  track.pose.set([0, 0.3, 0, 0, 0, 0], 18); // frame 3 turned 17°
  const clip = bakeForConditioning(ctx, track);
  const img = [0, 1, 2, 3].map((f) => conditioningFrame(ctx, track, clip, f, new Uint8Array(S * S * 3)));

  // Something is drawn, on a black background.
  const covered = (im: Uint8Array) => {
    let n = 0;
    for (let p = 0; p < S * S; p++) if (im[3 * p] || im[3 * p + 1] || im[3 * p + 2]) n++;
    return n;
  };
  expect(covered(img[0])).toBeGreaterThan(S * S * 0.15);
  expect(covered(img[0])).toBeLessThan(S * S * 0.9);

  // Jaw: changed pixels lie in the lower half of the face.
  let upper = 0,
    lower = 0;
  for (let p = 0; p < S * S; p++) {
    const changed =
      Math.abs(img[0][3 * p] - img[1][3 * p]) +
        Math.abs(img[0][3 * p + 1] - img[1][3 * p + 1]) +
        Math.abs(img[0][3 * p + 2] - img[1][3 * p + 2]) >
      6;
    if (!changed) continue;
    if (Math.floor(p / S) < S * 0.45) upper++;
    else lower++;
  }
  expect(lower).toBeGreaterThan(20);
  expect(lower).toBeGreaterThan(5 * upper);

  // Eyes: open eyeballs are drawn white; closed ones are covered by the lids or drawn black.
  const white = (im: Uint8Array) => {
    let n = 0;
    for (let p = 0; p < S * S; p++) if (im[3 * p] === 255 && im[3 * p + 1] === 255 && im[3 * p + 2] === 255) n++;
    return n;
  };
  expect(white(img[0])).toBeGreaterThan(4);
  expect(white(img[2])).toBe(0);

  // A turned head moves the picture; the same frame drawn again is the same bytes.
  let moved = 0;
  for (let i = 0; i < img[0].length; i++) if (img[0][i] !== img[3][i]) moved++;
  expect(moved).toBeGreaterThan(S * S * 0.1);
  expect(conditioningFrame(ctx, track, clip, 1, new Uint8Array(S * S * 3))).toEqual(img[1]);
});
