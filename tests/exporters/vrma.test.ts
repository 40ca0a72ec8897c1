import { exportVrma } from '../../exporters/vrma';
import { ARKIT_COUNT, ARKIT_NAMES } from '../../src/track/arkit';
import { createTrack } from '../../src/track/face-track';
import { threeLoad } from './consumers';
import { angleBetween, expectedHeadQuat, testTrack } from './test-track';

// An ES module: Jest transpiles it (jest.config.js), tsc only needs its types.
const { VRMAnimationLoaderPlugin } = require('@pixiv/three-vrm-animation') as {
  VRMAnimationLoaderPlugin: typeof import('@pixiv/three-vrm-animation', { with: { 'resolution-mode': 'import' }}).VRMAnimationLoaderPlugin;
};

const col = (n: string) => ARKIT_NAMES.indexOf(n as (typeof ARKIT_NAMES)[number]);

async function loadVrma(bytes: Uint8Array) {
  const gltf = await threeLoad(bytes, [(parser) => new VRMAnimationLoaderPlugin(parser)]);
  const anims = gltf.userData.vrmAnimations;
  expect(anims).toHaveLength(1);
  return anims[0];
}

describe('.vrma (VRMC_vrm_animation 1.0) read by @pixiv/three-vrm-animation', () => {
  const track = testTrack(60, 30);

  test('expression tracks carry the documented mapping: blink + blinkLeft = eyeBlinkLeft, happy = mean smile, sad = mean frown', async () => {
    const anim = await loadVrma(await exportVrma(track));
    const preset = anim.expressionTracks.preset as Map<string, { times: Float32Array; values: Float32Array }>;
    for (const p of ['aa', 'ih', 'ou', 'ee', 'oh', 'blink', 'blinkLeft', 'blinkRight', 'happy', 'angry', 'sad', 'surprised']) {
      expect(preset.get(p)?.values).toHaveLength(track.frameCount);
    }
    for (let t = 0; t < track.frameCount; t++) {
      const e = (n: string) => track.expression[t * ARKIT_COUNT + col(n)];
      const v = (p: string) => preset.get(p)!.values[t];
      expect(v('blink') + v('blinkLeft')).toBeCloseTo(e('eyeBlinkLeft'), 5);
      expect(v('blink') + v('blinkRight')).toBeCloseTo(e('eyeBlinkRight'), 5);
      expect(v('happy')).toBeCloseTo((e('mouthSmileLeft') + e('mouthSmileRight')) / 2, 5);
      expect(v('sad')).toBeCloseTo((e('mouthFrownLeft') + e('mouthFrownRight')) / 2, 5);
    }
  });

  test('an open jaw opens the mouth presets: aa follows jawOpen when nothing else moves', async () => {
    const open = createTrack(30, 30);
    for (let t = 0; t < 30; t++) open.expression[t * ARKIT_COUNT + col('jawOpen')] = t / 29;
    const anim = await loadVrma(await exportVrma(open));
    const aa = anim.expressionTracks.preset.get('aa')!.values as Float32Array;
    expect(aa[0]).toBe(0);
    for (let t = 1; t < 30; t++) expect(aa[t]).toBeGreaterThan(aa[t - 1]);
    expect(aa[29]).toBeGreaterThan(0.5);
  });

  test("the head bone's track is the track's head rotation (VRM faces +Z like glTF), and a lookAt track exists", async () => {
    const anim = await loadVrma(await exportVrma(track));
    const head = anim.humanoidTracks.rotation.get('head');
    expect(head).toBeDefined();
    for (let t = 0; t < track.frameCount; t++) {
      expect(angleBetween(head.values.slice(t * 4, t * 4 + 4), expectedHeadQuat(track, t / 30))).toBeLessThan(1e-5);
    }
    expect(anim.lookAtTrack?.values).toHaveLength(track.frameCount * 4);
    expect(anim.restHipsPosition.y).toBeGreaterThan(0.5);
  });
});
