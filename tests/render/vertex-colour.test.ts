/**
 * A vertex-coloured skin renders in the colour its author gave it. glTF stores COLOR_0 linear; drawn as
 * if it were sRGB (what Babylon's StandardMaterial does with it), the default head's skin came out dark
 * orange in every MP4 instead of the colour Blender shows.
 */
import * as fs from 'node:fs';
import { WebIO } from '@gltf-transform/core';
import { renderStills } from '../../src/render/render-video';
import { defaultHeadPath } from '../../src/retarget/default-rig';
import { loadRig } from '../../src/retarget/load-rig';
import { createTrack } from '../../src/track/face-track';
import { haveChromium, maybeSavePng, testIf } from './helpers';

const SIZE = 256;
const srgb = (c: number) => (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);
const median = (v: number[]) => v.slice().sort((a, b) => a - b)[v.length >> 1];

testIf(haveChromium(), 'no Chromium installed')('the default head renders in its authored skin colour, not darker and redder', async () => {
  // The authored colour: the median red/blue ratio of the face mesh's vertex colours, in sRGB.
  const doc = await new WebIO().readBinary(new Uint8Array(fs.readFileSync(defaultHeadPath())));
  const ratios: number[] = [];
  for (const mesh of doc.getRoot().listMeshes()) {
    for (const prim of mesh.listPrimitives()) {
      const col = prim.getAttribute('COLOR_0');
      if (!col || col.getCount() < 1000) continue; // the skin, not eyes or teeth
      const v = [0, 0, 0, 0];
      for (let i = 0; i < col.getCount(); i++) ratios.push(srgb(col.getElement(i, v)[0]) / Math.max(1e-3, srgb(v[2])));
    }
  }
  expect(ratios.length).toBeGreaterThan(1000);
  const authored = median(ratios);

  const [img] = await renderStills(createTrack(1), [0], { rig: await loadRig(defaultHeadPath()), size: SIZE });
  maybeSavePng('vertex-colour.png', img, SIZE);
  // Skin pixels: the middle third of the frame (forehead, cheeks, nose), away from the background.
  const bg = Array.from(img.subarray(0, 3));
  const rendered: number[] = [];
  for (let y = Math.floor(SIZE / 3); y < (2 * SIZE) / 3; y++) {
    for (let x = Math.floor(SIZE / 3); x < (2 * SIZE) / 3; x++) {
      const i = (y * SIZE + x) * 4;
      if (Math.abs(img[i] - bg[0]) + Math.abs(img[i + 1] - bg[1]) + Math.abs(img[i + 2] - bg[2]) < 60) continue;
      if (img[i + 2] > 8) rendered.push(img[i] / img[i + 2]);
    }
  }
  expect(rendered.length).toBeGreaterThan((SIZE * SIZE) / 20);
  // The lights are near white (warm key, cool fill), so the hue survives lighting; linear colours drawn
  // as sRGB raise the ratio to about its 2.2th power.
  expect(median(rendered) / authored).toBeGreaterThan(0.85);
  expect(median(rendered) / authored).toBeLessThan(1.15);
});
