/** Arms of a T-posed avatar are lowered for display; the bones are found under the spellings tools use. */
import { findUpperArms, lowerArms } from '../../src/scene/display-pose';
import type { GltfJson } from '../../src/retarget/glb';
import { parentsOf, worldMatrix } from '../../src/retarget/node-tree';

/** Chest → shoulder → upper arm → forearm → hand on each side, arms straight out along ±X (a T). */
function tPose(
  names: { shoulder: string; upper: string; fore: string; hand: string },
  side: (s: 'L' | 'R') => (n: string) => string,
): GltfJson {
  const nodes: GltfJson['nodes'] = [{ name: 'Chest', translation: [0, 1.4, 0], children: [] }];
  for (const s of ['L', 'R'] as const) {
    const x = s === 'L' ? 1 : -1;
    const at = nodes.length;
    nodes[0].children!.push(at);
    nodes.push({ name: side(s)(names.shoulder), translation: [0.05 * x, 0.02, 0], children: [at + 1] });
    // The upper arm has a twist helper near the shoulder before the forearm, as CC4 rigs do.
    nodes.push({ name: side(s)(names.upper), translation: [0.12 * x, 0, 0], children: [at + 2, at + 3] });
    nodes.push({ name: `${side(s)(names.upper)}Twist01`, translation: [0.02 * x, 0, 0] });
    nodes.push({ name: side(s)(names.fore), translation: [0.28 * x, 0, 0], children: [at + 4] });
    nodes.push({ name: side(s)(names.hand), translation: [0.25 * x, 0, 0] });
  }
  return { asset: { version: '2.0' }, nodes, scenes: [{ nodes: [0] }], scene: 0 };
}

const position = (json: GltfJson, i: number) => {
  const m = worldMatrix(json, i, parentsOf(json));
  return [m[12], m[13], m[14]];
};

const spellings: [string, { shoulder: string; upper: string; fore: string; hand: string }, (s: 'L' | 'R') => (n: string) => string][] = [
  [
    'Mixamo',
    { shoulder: 'Shoulder', upper: 'Arm', fore: 'ForeArm', hand: 'Hand' },
    (s) => (n) => `mixamorig:${s === 'L' ? 'Left' : 'Right'}${n}`,
  ],
  ['VRoid', { shoulder: 'Shoulder', upper: 'UpperArm', fore: 'LowerArm', hand: 'Hand' }, (s) => (n) => `J_Bip_${s}_${n}`],
  ['CC4', { shoulder: 'Clavicle', upper: 'Upperarm', fore: 'Forearm', hand: 'Hand' }, (s) => (n) => `CC_Base_${s}_${n}`],
  ['Unreal', { shoulder: 'clavicle', upper: 'upperarm', fore: 'lowerarm', hand: 'hand' }, (s) => (n) => `${n}_${s.toLowerCase()}`],
  ['Blender', { shoulder: 'shoulder', upper: 'upper_arm', fore: 'forearm', hand: 'hand' }, (s) => (n) => `${n}.${s}`],
];

test.each(spellings)('%s names: the upper arms are found and turned down, 12° out from the body', (_, names, side) => {
  const json = tPose(names, side);
  const arms = findUpperArms(json);
  expect(json.nodes![arms.left!].name).toBe(side('L')(names.upper));
  expect(json.nodes![arms.right!].name).toBe(side('R')(names.upper));
  expect(lowerArms(json)).toBe(2);
  for (const [arm, x] of [
    [arms.left!, 1],
    [arms.right!, -1],
  ] as const) {
    const shoulder = position(json, arm);
    const elbow = position(
      json,
      json.nodes!.findIndex((n) => n.name === side(x > 0 ? 'L' : 'R')(names.fore)),
    );
    const d = elbow.map((v, k) => v - shoulder[k]);
    // 0.28 m long, hanging down, outwards by tan 12°.
    expect(Math.hypot(...d)).toBeCloseTo(0.28, 6);
    expect(Math.atan2(d[0] * x, -d[1]) * (180 / Math.PI)).toBeCloseTo(12, 3);
    expect(Math.abs(d[2])).toBeLessThan(1e-9);
  }
});

test('arms already hanging (A-pose below 30°) and skeletons without arms are left alone', () => {
  const json = tPose(
    { shoulder: 'Shoulder', upper: 'Arm', fore: 'ForeArm', hand: 'Hand' },
    (s) => (n) => `${s === 'L' ? 'Left' : 'Right'}${n}`,
  );
  // Each upper arm turned 40° down about the forward axis.
  for (const n of json.nodes!)
    if (/Arm$/.test(n.name!)) n.rotation = [0, 0, Math.sin(n.name!.startsWith('Left') ? -0.35 : 0.35), Math.cos(0.35)];
  const before = JSON.stringify(json);
  expect(lowerArms(json)).toBe(0);
  expect(JSON.stringify(json)).toBe(before);
  expect(lowerArms({ asset: { version: '2.0' }, nodes: [{ name: 'root' }, { name: 'head' }] })).toBeNull();
});
