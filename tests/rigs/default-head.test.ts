import * as fs from 'node:fs';
import { buildDefaultHead } from '../../rigs/default/build/build-head';
import { readAccessor } from '../../src/retarget/accessor-read';
import { defaultHeadPath, defaultRig } from '../../src/retarget/default-rig';
import { type GlbAsset, parseGlb } from '../../src/retarget/glb';
import { ARKIT_NAMES } from '../../src/track/arkit';

const asset: GlbAsset = parseGlb(fs.readFileSync(defaultHeadPath()), 'head.glb');
const json = asset.json;
const mesh = json.meshes![0];
const primByMaterial = (name: string) => mesh.primitives.find((p) => json.materials![p.material!].name === name)!;

interface Motion {
  /** Mean position (rest) of the vertices that move most, and their mean displacement. */
  at: [number, number, number];
  d: [number, number, number];
  max: number;
}

/** Where a shape acts: the vertices moving at least 40 % of its largest displacement, in one primitive. */
function motion(shape: string, material = 'skin'): Motion {
  const prim = primByMaterial(material);
  const k = ARKIT_NAMES.indexOf(shape as (typeof ARKIT_NAMES)[number]);
  const base = readAccessor(asset, prim.attributes.POSITION);
  const delta = readAccessor(asset, prim.targets![k].POSITION);
  let max = 0;
  for (let i = 0; i < delta.length; i += 3) max = Math.max(max, Math.hypot(delta[i], delta[i + 1], delta[i + 2]));
  const at: [number, number, number] = [0, 0, 0];
  const d: [number, number, number] = [0, 0, 0];
  let n = 0;
  for (let i = 0; i < delta.length; i += 3) {
    if (Math.hypot(delta[i], delta[i + 1], delta[i + 2]) < 0.4 * max) continue;
    for (let c = 0; c < 3; c++) {
      at[c] += base[i + c];
      d[c] += delta[i + c];
    }
    n++;
  }
  return { at: at.map((v) => v / n) as Motion['at'], d: d.map((v) => v / n) as Motion['d'], max };
}

/** The head's own landmarks, measured on the rest mesh (not taken from the build code). */
const skin = readAccessor(asset, primByMaterial('skin').attributes.POSITION);
let noseTip = [0, 0, -1];
for (let i = 0; i < skin.length; i += 3)
  if (Math.abs(skin[i]) < 0.004 && skin[i + 2] > noseTip[2]) noseTip = [skin[i], skin[i + 1], skin[i + 2]];
/** The chin: the lowest midline point of the face's front above the throat (the neck's front, set back 6 cm from the nose). */
let throatY = -Infinity;
for (let i = 0; i < skin.length; i += 3)
  if (Math.abs(skin[i]) < 0.004 && skin[i + 2] < noseTip[2] - 0.06 && skin[i + 1] < noseTip[1] - 0.05)
    throatY = Math.max(throatY, skin[i + 1]);
let chinY = Infinity;
for (let i = 0; i < skin.length; i += 3)
  if (Math.abs(skin[i]) < 0.004 && skin[i + 2] > noseTip[2] - 0.045 && skin[i + 1] > throatY) chinY = Math.min(chinY, skin[i + 1]);

describe('default head (rigs/default/head.glb)', () => {
  test('one mesh, every primitive carrying the 52 ARKit targets in Apple order, named on the mesh and on each primitive', () => {
    expect(json.meshes).toHaveLength(1);
    expect(mesh.extras?.targetNames).toEqual([...ARKIT_NAMES]);
    expect(mesh.primitives.map((p) => json.materials![p.material!].name)).toEqual(['skin', 'eye', 'teeth', 'mouth']);
    for (const p of mesh.primitives) {
      expect(p.targets).toHaveLength(52);
      expect(p.extras?.targetNames).toEqual([...ARKIT_NAMES]);
      expect(p.attributes.COLOR_0).toBeDefined();
    }
  });

  test('skinned to root → neck → head → jaw, eye_L, eye_R; weights sum to 1', () => {
    const nodes = json.nodes!;
    const byName = new Map(nodes.map((n, i) => [n.name, i]));
    const childNames = (n: string) => (nodes[byName.get(n)!].children ?? []).map((c) => nodes[c].name).sort();
    expect(childNames('root')).toEqual(['neck']);
    expect(childNames('neck')).toEqual(['head']);
    expect(childNames('head')).toEqual(['eye_L', 'eye_R', 'jaw']);
    expect(json.skins![0].joints.map((j) => nodes[j].name)).toEqual(['root', 'neck', 'head', 'jaw', 'eye_L', 'eye_R']);
    for (const p of mesh.primitives) {
      const w = readAccessor(asset, p.attributes.WEIGHTS_0);
      for (let i = 0; i < w.length; i += 4) expect(w[i] + w[i + 1] + w[i + 2] + w[i + 3]).toBeCloseTo(1, 5);
    }
    // The eyes turn about their own centres: each eye joint sits inside its eyeball.
    const eye = readAccessor(asset, primByMaterial('eye').attributes.POSITION);
    const world = (n: string) => {
      let p = [0, 0, 0];
      for (
        let i: number | undefined = byName.get(n);
        i !== undefined;
        i = nodes.findIndex((x) => x.children?.includes(i!)) >= 0 ? nodes.findIndex((x) => x.children?.includes(i!)) : undefined
      ) {
        const t = nodes[i].translation ?? [0, 0, 0];
        p = p.map((v, c) => v + t[c]);
      }
      return p;
    };
    const left = world('eye_L');
    let nearest = Infinity;
    for (let i = 0; i < eye.length; i += 3)
      nearest = Math.min(nearest, Math.hypot(eye[i] - left[0], eye[i + 1] - left[1], eye[i + 2] - left[2]));
    expect(left[0]).toBeGreaterThan(0); // the face's own left is +X
    expect(nearest).toBeGreaterThan(0.01); // the joint is the centre, ~1.3 cm from the eyeball surface
  });

  test('metres, facing +Z: a head (crown to chin about 0.23 m) on a neck and shoulders about 0.4 m across, the nose tip the frontmost point', () => {
    const acc = json.accessors![primByMaterial('skin').attributes.POSITION];
    // Adult reference sizes: head height (vertex to menton) ~0.23 m, shoulder breadth ~0.40 m.
    const crownToChin = acc.max![1] - chinY;
    expect(crownToChin).toBeGreaterThan(0.2);
    expect(crownToChin).toBeLessThan(0.26);
    const shoulders = acc.max![0] - acc.min![0];
    expect(shoulders).toBeGreaterThan(0.34);
    expect(shoulders).toBeLessThan(0.46);
    expect(noseTip[2]).toBeCloseTo(acc.max![2], 2);
  });

  // What each shape must do, per Apple's ARFaceAnchor.BlendShapeLocation text; left = +X.
  const L = 1;
  const R = -1;
  const cases: [string, (m: Motion) => void][] = [
    ['eyeBlinkLeft', (m) => (expect(m.at[0]).toBeGreaterThan(0.015), expect(m.d[1]).toBeLessThan(-0.002))],
    ['eyeBlinkRight', (m) => (expect(m.at[0]).toBeLessThan(-0.015), expect(m.d[1]).toBeLessThan(-0.002))],
    ['eyeLookUpLeft', (m) => (expect(m.at[0] * L).toBeGreaterThan(0.015), expect(m.d[1]).toBeGreaterThan(0))],
    ['eyeLookDownRight', (m) => (expect(m.at[0] * R).toBeGreaterThan(0.015), expect(m.d[1]).toBeLessThan(0))],
    ['eyeLookInLeft', (m) => (expect(m.at[0]).toBeGreaterThan(0.015), expect(m.d[0]).toBeLessThan(0))], // toward the nose
    ['eyeLookOutLeft', (m) => (expect(m.at[0]).toBeGreaterThan(0.015), expect(m.d[0]).toBeGreaterThan(0))],
    ['eyeLookInRight', (m) => (expect(m.at[0]).toBeLessThan(-0.015), expect(m.d[0]).toBeGreaterThan(0))],
    ['eyeSquintLeft', (m) => (expect(m.at[0]).toBeGreaterThan(0.01), expect(m.d[1]).toBeGreaterThan(0))],
    ['eyeWideRight', (m) => (expect(m.at[0]).toBeLessThan(-0.01), expect(m.d[1]).toBeGreaterThan(0))],
    ['jawOpen', (m) => (expect(m.at[1]).toBeLessThan(noseTip[1]), expect(m.d[1]).toBeLessThan(-0.01))],
    ['jawForward', (m) => expect(m.d[2]).toBeGreaterThan(0.002)],
    ['jawLeft', (m) => expect(m.d[0]).toBeGreaterThan(0.002)],
    ['jawRight', (m) => expect(m.d[0]).toBeLessThan(-0.002)],
    ['mouthClose', (m) => (expect(m.at[1]).toBeLessThan(noseTip[1]), expect(m.d[1]).toBeGreaterThan(0))], // lips close upward over an open jaw
    ['mouthFunnel', (m) => expect(m.d[2]).toBeGreaterThan(0.001)],
    ['mouthPucker', (m) => expect(m.d[2]).toBeGreaterThan(0.002)],
    ['mouthLeft', (m) => expect(m.d[0]).toBeGreaterThan(0.002)],
    ['mouthRight', (m) => expect(m.d[0]).toBeLessThan(-0.002)],
    ['mouthSmileLeft', (m) => (expect(m.at[0]).toBeGreaterThan(0.01), expect(m.d[1]).toBeGreaterThan(0.002))],
    ['mouthSmileRight', (m) => (expect(m.at[0]).toBeLessThan(-0.01), expect(m.d[1]).toBeGreaterThan(0.002))],
    ['mouthFrownLeft', (m) => (expect(m.at[0]).toBeGreaterThan(0.01), expect(m.d[1]).toBeLessThan(-0.002))],
    ['mouthDimpleLeft', (m) => (expect(m.at[0]).toBeGreaterThan(0.01), expect(m.d[2]).toBeLessThan(-0.002))],
    ['mouthStretchRight', (m) => (expect(m.at[0]).toBeLessThan(-0.01), expect(m.d[0]).toBeLessThan(-0.002))],
    ['mouthRollLower', (m) => expect(m.d[2]).toBeLessThan(-0.002)],
    ['mouthRollUpper', (m) => expect(m.d[2]).toBeLessThan(-0.002)],
    ['mouthShrugLower', (m) => expect(m.d[1]).toBeGreaterThan(0.001)],
    ['mouthShrugUpper', (m) => expect(m.d[1]).toBeGreaterThan(0.001)],
    ['mouthPressLeft', (m) => expect(m.at[0]).toBeGreaterThan(0)],
    ['mouthLowerDownLeft', (m) => (expect(m.at[0]).toBeGreaterThan(0), expect(m.d[1]).toBeLessThan(-0.002))],
    ['mouthUpperUpRight', (m) => (expect(m.at[0]).toBeLessThan(0), expect(m.d[1]).toBeGreaterThan(0.002))],
    [
      'browDownLeft',
      (m) => (
        expect(m.at[0]).toBeGreaterThan(0.01), expect(m.at[1]).toBeGreaterThan(noseTip[1] + 0.03), expect(m.d[1]).toBeLessThan(-0.001)
      ),
    ],
    [
      'browInnerUp',
      (m) => (
        expect(Math.abs(m.at[0])).toBeLessThan(0.02),
        expect(m.at[1]).toBeGreaterThan(noseTip[1] + 0.03),
        expect(m.d[1]).toBeGreaterThan(0.002)
      ),
    ],
    ['browOuterUpRight', (m) => (expect(m.at[0]).toBeLessThan(-0.03), expect(m.d[1]).toBeGreaterThan(0.002))],
    ['cheekPuff', (m) => expect(m.d[2]).toBeGreaterThan(0.002)],
    ['cheekSquintLeft', (m) => (expect(m.at[0]).toBeGreaterThan(0.02), expect(m.d[1]).toBeGreaterThan(0.001))],
    ['noseSneerRight', (m) => (expect(m.at[0]).toBeLessThan(0), expect(m.d[1]).toBeGreaterThan(0.001))],
  ];
  test.each(cases)('%s moves what Apple describes', (shape, check) => check(motion(shape)));

  test('tongueOut extends the tongue forward; every shape moves something', () => {
    const m = motion('tongueOut', 'mouth');
    expect(m.d[2]).toBeGreaterThan(0.01);
    for (const name of ARKIT_NAMES) expect(Math.max(motion(name).max, motion(name, 'mouth').max)).toBeGreaterThan(0.001);
  });

  test('cheekPuff is symmetric: both cheeks go outward', () => {
    const prim = primByMaterial('skin');
    const base = readAccessor(asset, prim.attributes.POSITION);
    const d = readAccessor(asset, prim.targets![ARKIT_NAMES.indexOf('cheekPuff')].POSITION);
    let left = 0;
    let right = 0;
    for (let i = 0; i < d.length; i += 3) {
      if (base[i] > 0.02) left += d[i];
      if (base[i] < -0.02) right += d[i];
    }
    expect(left).toBeGreaterThan(0);
    expect(right).toBeLessThan(0);
    expect(left / -right).toBeCloseTo(1, 1);
  });

  test('defaultRig() reads it as an ARKit rig with head and eye bones', async () => {
    const rig = await defaultRig();
    expect(rig.report.profile).toBe('arkit');
    expect(rig.report.missing).toEqual([]);
    expect(rig.report.head).toBe('head');
    expect(rig.report.eyes).toEqual({ left: 'eye_L', right: 'eye_R' });
  });

  test('the committed head.glb is exactly what the build code makes (deterministic)', () => {
    const fresh = buildDefaultHead();
    expect(Buffer.compare(Buffer.from(fresh), fs.readFileSync(defaultHeadPath()))).toBe(0);
  }, 120000);
});
