import * as THREE from 'three';
import { exportGlb } from '../../exporters/glb';
import { exportLiveLink } from '../../exporters';
import { asText } from '../exporters/text';
import { ARKIT_COUNT, ARKIT_NAMES } from '../../src/track/arkit';
import { POSE_DIM, createTrack } from '../../src/track/face-track';
import { threeLoad } from '../exporters/consumers';

/** Plays a one-frame clip on the default head in three.js and returns where world directions of a node point. */
async function turn(setup: (pose: Float32Array, expression: Float32Array) => void, node: string, dir: [number, number, number]) {
  const track = createTrack(2, 30);
  setup(track.pose, track.expression);
  track.pose.copyWithin(POSE_DIM, 0, POSE_DIM);
  track.expression.copyWithin(ARKIT_COUNT, 0, ARKIT_COUNT);
  const gltf = await threeLoad(await exportGlb(track, { clipName: 'pose' }));
  const mixer = new THREE.AnimationMixer(gltf.scene);
  mixer.clipAction(gltf.animations[0]).play();
  mixer.setTime(0);
  gltf.scene.updateMatrixWorld(true);
  const q = new THREE.Quaternion();
  gltf.scene.getObjectByName(node).getWorldQuaternion(q);
  return new THREE.Vector3(...dir).applyQuaternion(q);
}

describe('pose convention on the default head (DESIGN.md), checked in three.js', () => {
  test('+pitch nods down: the face direction (+Z) tips toward −Y', async () => {
    const face = await turn((p) => (p[0] = 0.3), 'head', [0, 0, 1]);
    expect(face.y).toBeCloseTo(-Math.sin(0.3), 5);
  });

  test("+yaw turns toward the face's own left (+X)", async () => {
    const face = await turn((p) => (p[1] = 0.4), 'head', [0, 0, 1]);
    expect(face.x).toBeCloseTo(Math.sin(0.4), 5);
  });

  test('+roll lifts the left ear: the +X side goes up', async () => {
    const ear = await turn((p) => (p[2] = 0.2), 'head', [1, 0, 0]);
    expect(ear.y).toBeCloseTo(Math.sin(0.2), 5);
  });

  test("eyeLookOutLeft turns the left eye toward the face's own left; eyeLookDownRight turns the right eye down", async () => {
    const left = await turn((_, e) => (e[ARKIT_NAMES.indexOf('eyeLookOutLeft')] = 1), 'eye_L', [0, 0, 1]);
    expect(left.x).toBeGreaterThan(0.3);
    const right = await turn((_, e) => (e[ARKIT_NAMES.indexOf('eyeLookDownRight')] = 1), 'eye_R', [0, 0, 1]);
    expect(right.y).toBeLessThan(-0.3);
  });

  test("Live Link Face: a turn toward the face's own left is a negative HeadYaw, a nod down a positive HeadPitch", async () => {
    const track = createTrack(1, 30);
    track.pose[0] = 0.2;
    track.pose[1] = 0.3;
    const [header, row] = (await asText(exportLiveLink(track)))
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    expect(Number(row[header.indexOf('HeadYaw')])).toBeCloseTo(-0.3, 6); // the track stores float32
    expect(Number(row[header.indexOf('HeadPitch')])).toBeCloseTo(0.2, 6);
  });
});
