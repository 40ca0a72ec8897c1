/**
 * The software rasterizer and the rig posing (which the landmark calibration and the neural renderer's
 * conditioning images use) against the project's video renderer, drawing the same frames: the
 * silhouettes must coincide, at rest and with the head turned and the jaw open.
 */
import { renderStills } from '../../src/render/render-video';
import { bakeClip } from '../../src/retarget/bake-clip';
import { defaultRig } from '../../src/retarget/default-rig';
import { arkitIndex } from '../../src/track/arkit';
import { createTrack } from '../../src/track/face-track';
import { frontCamera } from '../../src/tracking/correspondence';
import { createRaster, projectPoints, rasterize } from '../../src/raster';
import { jointMotion, poseMesh, rigMesh } from '../../src/raster';
import { haveChromium, testIf } from './helpers';

test('a triangle covers the pixels whose centres lie inside it, nearest surface wins', () => {
  const r = createRaster(10, 10);
  // Right triangle over pixel centres x + y ≤ 8 (from (0,0),(9,0),(0,9)), and a farther copy behind it.
  const screen = Float32Array.from([0, 0, 1, 9, 0, 1, 0, 9, 1, 0, 0, 0, 9, 0, 0, 0, 9, 0]);
  rasterize(screen, Uint32Array.from([3, 4, 5, 0, 1, 2]), r);
  let covered = 0;
  for (let y = 0; y < 10; y++)
    for (let x = 0; x < 10; x++) {
      const inside = x + 0.5 + y + 0.5 <= 9;
      expect(r.triangle[y * 10 + x] >= 0).toBe(inside);
      if (inside) {
        covered++;
        expect(r.triangle[y * 10 + x]).toBe(1); // the nearer one (depth 1)
      }
    }
  expect(covered).toBe(45);
});

testIf(haveChromium(), 'needs chromium')(
  'draws the same silhouettes as the video renderer (rest; turned 20° with the jaw open)',
  async () => {
    const rig = await defaultRig();
    const mesh = rigMesh(rig);
    const track = createTrack(2);
    track.pose.set([0.12, 0.35, -0.1, 0.01, 0, 0], 6);
    track.expression[52 + arkitIndex('jawOpen')] = 0.8;
    const size = 256;
    const images = await renderStills(track, [0, 1], { rig, size, background: [0, 1, 0] });
    const clip = bakeClip(track, rig);
    const camera = frontCamera(mesh, size);
    for (const f of [0, 1]) {
      const posed = poseMesh(mesh, track.expression.subarray(52 * f, 52 * f + 52), jointMotion(rig, mesh, clip, f));
      const raster = rasterize(projectPoints(camera, posed.positions), mesh.triangles, createRaster(size, size));
      let both = 0,
        either = 0;
      for (let p = 0; p < size * size; p++) {
        const a = !(images[f][4 * p] === 0 && images[f][4 * p + 1] === 255 && images[f][4 * p + 2] === 0);
        const b = raster.triangle[p] >= 0;
        if (a && b) both++;
        if (a || b) either++;
      }
      expect(both / either).toBeGreaterThan(0.99);
    }
  },
);
