/**
 * Real avatars are skinned full bodies (Ready Player Me, VRoid), often meshopt-compressed: `render --rig`
 * must frame their face and move it. Each rig here is built by tests/render/test-avatar.ts.
 */
import { renderStills } from '../../src/render/render-video';
import { rigFromGlb } from '../../src/retarget/load-rig';
import type { Rig } from '../../src/retarget/rig';
import { arkitIndex, ARKIT_COUNT } from '../../src/track/arkit';
import { createTrack } from '../../src/track/face-track';
import { diffMask, haveChromium, maybeSaveFile, maybeSavePng, testIf } from './helpers';
import { buildTestAvatar, type TestAvatarOptions } from './test-avatar';

const SIZE = 128;

/** Box of the pixels that differ from the corner (the background), and how many there are. */
function figure(img: Uint8Array, size: number) {
  let n = 0;
  let x0 = size;
  let y0 = size;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      if (Math.abs(img[i] - img[0]) + Math.abs(img[i + 1] - img[1]) + Math.abs(img[i + 2] - img[2]) > 30) {
        n++;
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  return { fraction: n / (size * size), width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** Frame 0 at rest, frame 1 with the jaw open. */
function jawTrack() {
  const track = createTrack(2);
  track.expression[ARKIT_COUNT + arkitIndex('jawOpen')] = 1;
  return track;
}

const variants: [string, TestAvatarOptions, string][] = [
  ['a skinned full-body avatar', {}, 'avatar.glb'],
  ['the same avatar meshopt-compressed and quantized', { meshopt: true }, 'avatar-meshopt.glb'],
  ['a VRM 1.0 avatar driven through its expressions', { vrm: true }, 'avatar.vrm'],
  ['a VRM 0.x avatar facing −Z with unlit materials', { vrm0: true }, 'avatar-vrm0.vrm'],
];

describe.each(variants)('render --rig with %s', (_what, options, file) => {
  let rig: Rig;
  beforeAll(async () => {
    const bytes = await buildTestAvatar(options);
    maybeSaveFile(file, bytes); // docs/rigs/make-avatar-strip.sh renders it with the CLI
    rig = rigFromGlb(bytes, file);
  });

  testIf(haveChromium(), 'no Chromium installed')('frames the face and opens the mouth', async () => {
    const [closed, open] = await renderStills(jawTrack(), [0, 1], { rig, size: SIZE, gl: 'swiftshader' });
    maybeSavePng(`${file}-closed.png`, closed, SIZE);
    maybeSavePng(`${file}-open.png`, open, SIZE);
    // The head fills the frame (a whole 1.8 m body would leave a head ~10 px tall at 128²).
    const f = figure(closed, SIZE);
    expect(f.fraction).toBeGreaterThan(0.3);
    // The open jaw is a visible change in the lower middle of the picture.
    const mouth = diffMask(closed, open, SIZE);
    expect(mouth.count).toBeGreaterThan(SIZE * SIZE * 0.01);
    expect(Math.abs(mouth.centroid!.x - SIZE / 2)).toBeLessThan(SIZE * 0.1);
    expect(mouth.centroid!.y).toBeGreaterThan(SIZE * 0.5);
  });
});

test.each([
  ['found by name (Mixamo/RPM spelling)', {}, 'avatar.glb'],
  ['from the VRM 0.x humanoid, facing −Z', { vrm0: true }, 'avatar-vrm0.vrm'],
] as [string, TestAvatarOptions, string][])(
  '--framing full shows the whole body standing with its arms down (arm bones %s)',
  async (_, options, file) => {
    if (!haveChromium()) return console.warn('skipped: no Chromium installed');
    const rig = rigFromGlb(await buildTestAvatar(options), file);
    const [img] = await renderStills(createTrack(1), [0], { rig, size: SIZE, gl: 'swiftshader', framing: 'full' });
    maybeSavePng(`${file}-full.png`, img, SIZE);
    const f = figure(img, SIZE);
    // Standing: the figure is most of the frame's height; arms down: much narrower than tall (a T-pose
    // spans 1.6 m for a 1.75 m height).
    expect(f.height).toBeGreaterThan(SIZE * 0.8);
    expect(f.width).toBeLessThan(f.height * 0.45);
  },
);
