import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exportGlb } from '../../exporters/glb';
import { loadRig, rigFromGlb } from '../../src/retarget/load-rig';
import { parseGlb } from '../../src/retarget/glb';
import { readAccessor } from '../../src/retarget/accessor-read';
import { applyMix } from '../../src/retarget/viseme-mix';
import { ARKIT_COUNT, ARKIT_NAMES } from '../../src/track/arkit';
import { createTrack } from '../../src/track/face-track';
import { testTrack } from '../exporters/test-track';
import { tinyRig } from './tiny-rig';

const validator = require('gltf-validator');

const pascal = (n: string) => n[0].toUpperCase() + n.slice(1);
const rawApple = (n: string) => n.replace(/Left$/, '_L').replace(/Right$/, '_R');
/** ICT-FaceKit's own expression names (FaceXModel/vertex_indices.json). */
const ICT_NAMES = [
  'browDown_L',
  'browDown_R',
  'browInnerUp_L',
  'browInnerUp_R',
  'browOuterUp_L',
  'browOuterUp_R',
  'cheekPuff_L',
  'cheekPuff_R',
  'cheekSquint_L',
  'cheekSquint_R',
  'eyeBlink_L',
  'eyeBlink_R',
  'eyeLookDown_L',
  'eyeLookDown_R',
  'eyeLookIn_L',
  'eyeLookIn_R',
  'eyeLookOut_L',
  'eyeLookOut_R',
  'eyeLookUp_L',
  'eyeLookUp_R',
  'eyeSquint_L',
  'eyeSquint_R',
  'eyeWide_L',
  'eyeWide_R',
  'jawForward',
  'jawLeft',
  'jawOpen',
  'jawRight',
  'mouthClose',
  'mouthDimple_L',
  'mouthDimple_R',
  'mouthFrown_L',
  'mouthFrown_R',
  'mouthFunnel',
  'mouthLeft',
  'mouthLowerDown_L',
  'mouthLowerDown_R',
  'mouthPress_L',
  'mouthPress_R',
  'mouthPucker',
  'mouthRight',
  'mouthRollLower',
  'mouthRollUpper',
  'mouthShrugLower',
  'mouthShrugUpper',
  'mouthSmile_L',
  'mouthSmile_R',
  'mouthStretch_L',
  'mouthStretch_R',
  'mouthUpperUp_L',
  'mouthUpperUp_R',
  'noseSneer_L',
  'noseSneer_R',
];
const OCULUS = ['sil', 'PP', 'FF', 'TH', 'DD', 'kk', 'CH', 'SS', 'nn', 'RR', 'aa', 'E', 'I', 'O', 'U'].map((v) => `viseme_${v}`);
const col = (n: string) => ARKIT_NAMES.indexOf(n as (typeof ARKIT_NAMES)[number]);

describe('loading a rig', () => {
  test('a rig with no morph targets gets one clear error naming what was found', () => {
    expect(() => rigFromGlb(tinyRig(), 'statue.glb')).toThrow(
      /^statue\.glb: no morph targets \(blendshapes\) found; it has 1 mesh\(es\) \(Body\) and 1 node\(s\)\./,
    );
  });

  test('a rig whose target names match no scheme gets one clear error listing them', () => {
    expect(() => rigFromGlb(tinyRig({ names: ['Key 1', 'Key 2', 'smirk'] }), 'odd.glb')).toThrow(
      'odd.glb: none of its 3 morph target(s) has a name MusicFace knows (ARKit 52, MediaPipe, ICT-FaceKit, Ready Player Me, CC4, Oculus visemes, or VRM expressions); found: Key 1, Key 2, smirk.',
    );
  });

  test('missing, wrong-kind and multi-file inputs fail naming the file', async () => {
    await expect(loadRig('/nonexistent/avatar.glb')).rejects.toThrow(/^\/nonexistent\/avatar\.glb: cannot read the rig \(ENOENT\)/);
    await expect(loadRig('avatar.fbx')).rejects.toThrow('avatar.fbx: a rig must be a .glb or .vrm file (got ".fbx")');
    await expect(loadRig('scene.gltf')).rejects.toThrow(/^scene\.gltf: a \.gltf with separate files is not supported/);
    expect(() => rigFromGlb(new TextEncoder().encode('not a glb at all, just text'), 'x.glb')).toThrow(/^x\.glb: not a binary glTF/);
  });

  test('a rig with half the ARKit names works and reports exactly the missing half', async () => {
    const half = ARKIT_NAMES.filter((_, i) => i % 2 === 0);
    const rig = rigFromGlb(
      tinyRig({
        names: [...half, 'extraShape'],
        bones: [
          ['Hips', null],
          ['Neck', 'Hips'],
          ['Head', 'Neck'],
        ],
      }),
      'half.glb',
    );
    expect(rig.report.profile).toBe('arkit');
    expect(rig.report.driven).toBe(26);
    expect(rig.report.missing).toEqual(ARKIT_NAMES.filter((_, i) => i % 2 === 1));
    expect(rig.report.unmapped).toEqual(['extraShape']);
    expect([rig.report.head, rig.report.neck]).toEqual(['Head', 'Neck']);
    // And the clip written into it is valid glTF whose weights are the track's for the names it has.
    const track = testTrack(10, 30);
    const bytes = await exportGlb(track, { rig });
    const report = await validator.validateBytes(bytes, { uri: 'half-clip.glb', format: 'glb' });
    expect([report.issues.numErrors, report.issues.numWarnings]).toEqual([0, 0]);
    const asset = parseGlb(bytes);
    const anim = asset.json.animations![0];
    const weights = readAccessor(asset, anim.samplers[anim.channels.find((c) => c.target.path === 'weights')!.sampler].output);
    const n = half.length + 1;
    for (let t = 0; t < 10; t++) {
      half.forEach((name, k) => expect(weights[t * n + k]).toBeCloseTo(track.expression[t * ARKIT_COUNT + col(name)], 6));
      expect(weights[t * n + half.length]).toBe(0); // the unknown shape stays at rest
    }
  });

  const spellings: [string, string[], string][] = [
    ['ARKit camelCase', [...ARKIT_NAMES], 'arkit'],
    ['ARKit PascalCase (Live Link, Unreal)', ARKIT_NAMES.map(pascal), 'arkit'],
    ["Apple's raw values (eyeBlink_L)", ARKIT_NAMES.map(rawApple), 'arkit'],
    ['exporter-prefixed (blendShape1.eyeBlinkLeft)', ARKIT_NAMES.map((n) => `blendShape1.${n}`), 'arkit'],
    ['MediaPipe (_neutral, no tongueOut)', ['_neutral', ...[...ARKIT_NAMES].filter((n) => n !== 'tongueOut').sort()], 'mediapipe'],
    ['ICT-FaceKit (_L/_R, split brows and cheeks)', ICT_NAMES, 'ict-facekit'],
    [
      'Ready Player Me (ARKit + visemes)',
      [...ARKIT_NAMES, ...OCULUS, 'mouthOpen', 'mouthSmile', 'eyesClosed', 'eyesLookUp', 'eyesLookDown'],
      'ready-player-me',
    ],
    [
      'CC4 numbered ARKit set (A01_…, T01_…)',
      [
        'A01_Brow_Inner_Up',
        'A02_Brow_Down_Left',
        'A14_Eye_Blink_Left',
        'A25_Jaw_Open',
        'A38_Mouth_Smile_Left',
        'A52_Tongue_Out',
        'T01_Tongue_Up',
        'T02_Tongue_Down',
      ],
      'cc4',
    ],
    [
      'CC4 Extended names',
      [
        'Brow_Drop_L',
        'Brow_Raise_Inner_L',
        'Eye_Blink_L',
        'Eye_L_Look_L',
        'Jaw_Open',
        'Mouth_Smile_L',
        'Mouth_Pucker_Up_L',
        'Mouth_Roll_In_Lower_R',
      ],
      'cc4',
    ],
    ['Oculus visemes only', OCULUS, 'oculus-visemes'],
  ];
  test.each(spellings)('detects %s', (_, names, profile) => {
    expect(rigFromGlb(tinyRig({ names }), 'rig.glb').report.profile).toBe(profile);
  });

  test('every mesh that carries known shapes is driven by name (head, teeth, lashes), each node with its own channel', async () => {
    const rig = rigFromGlb(
      tinyRig({ names: [...ARKIT_NAMES], moreMeshes: [['jawOpen', 'tongueOut'], ['eyeBlinkLeft', 'eyeBlinkRight'], ['Key 1']] }),
      'multi.glb',
    );
    expect(rig.targets.map((t) => t.names.length)).toEqual([52, 2, 2]); // the mesh with no known name is left alone
    const out = parseGlb(await exportGlb(testTrack(5, 30), { rig }));
    const weightNodes = out.json
      .animations![0].channels.filter((c) => c.target.path === 'weights')
      .map((c) => out.json.nodes![c.target.node!].name);
    expect(weightNodes).toEqual(['Body', 'Part1', 'Part2']);
  });

  test('names stored only as accessor names (Blender fallback) are read too', () => {
    const rig = rigFromGlb(tinyRig({ names: ['jawOpen', 'eyeBlinkLeft'], namesIn: 'accessors' }), 'rig.glb');
    expect(rig.targets[0].names).toEqual(['jawOpen', 'eyeBlinkLeft']);
    expect(rig.report.driven).toBe(2);
  });

  test('ICT-FaceKit: both halves of the split browInnerUp and cheekPuff follow the symmetric ARKit weight; tongueOut is missing', () => {
    const rig = rigFromGlb(tinyRig({ names: ICT_NAMES }), 'ict.glb');
    const row = new Float32Array(ARKIT_COUNT);
    row[col('browInnerUp')] = 0.7;
    row[col('cheekPuff')] = 0.4;
    const set = rig.targets[0];
    const w = (n: string) => applyMix(set.mixes[set.names.indexOf(n)], row);
    expect([w('browInnerUp_L'), w('browInnerUp_R'), w('cheekPuff_L'), w('cheekPuff_R')]).toEqual(
      [0.7, 0.7, 0.4, 0.4].map(Math.fround).map((x) => expect.closeTo(x, 6)),
    );
    expect(rig.report.missing).toEqual(['tongueOut']);
  });

  test('viseme-only rig: an open jaw opens the mouth visemes, closed lips drive PP, and silence stays at rest', () => {
    const rig = rigFromGlb(tinyRig({ names: OCULUS }), 'visemes.glb');
    const set = rig.targets[0];
    const w = (n: string, row: Float32Array) => applyMix(set.mixes[set.names.indexOf(`viseme_${n}`)], row);
    const jaw = new Float32Array(ARKIT_COUNT);
    jaw[col('jawOpen')] = 0.8;
    expect(w('aa', jaw)).toBeGreaterThan(0.3);
    expect(w('aa', jaw)).toBeGreaterThan(w('PP', jaw));
    expect(w('sil', jaw)).toBe(0);
    const closed = new Float32Array(ARKIT_COUNT);
    closed[col('mouthClose')] = 0.7;
    closed[col('mouthPressLeft')] = 0.5;
    closed[col('mouthPressRight')] = 0.5;
    expect(w('PP', closed)).toBeGreaterThan(w('aa', closed));
    expect(rig.report.unmapped).toEqual(['viseme_sil']);
    expect(rig.report.missing).toContain('eyeBlinkLeft'); // visemes cannot blink
  });

  test('a VRM 1.0 avatar without ARKit shapes is driven through its expressions and humanoid head', async () => {
    const names = ['Fcl_MTH_A', 'Fcl_MTH_I', 'Fcl_MTH_U', 'Fcl_MTH_E', 'Fcl_MTH_O', 'Fcl_EYE_Close_L', 'Fcl_EYE_Close_R', 'Fcl_ALL_Joy'];
    const bytes = tinyRig({
      names,
      bones: [
        ['J_Bip_C_Hips', null],
        ['J_Bip_C_Neck', 'J_Bip_C_Hips'],
        ['J_Bip_C_Head', 'J_Bip_C_Neck'],
      ],
      extra: (json) => {
        const bind = (index: number) => ({ morphTargetBinds: [{ node: 0, index, weight: 1 }] });
        json.extensionsUsed = ['VRMC_vrm'];
        json.extensions = {
          VRMC_vrm: {
            specVersion: '1.0',
            humanoid: { humanBones: { hips: { node: 1 }, neck: { node: 2 }, head: { node: 3 } } },
            expressions: {
              preset: {
                aa: bind(0),
                ih: bind(1),
                ou: bind(2),
                ee: bind(3),
                oh: bind(4),
                blinkLeft: bind(5),
                blinkRight: bind(6),
                happy: bind(7),
              },
            },
          },
        };
      },
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-vrm-'));
    const file = path.join(dir, 'avatar.vrm');
    fs.writeFileSync(file, bytes);
    const rig = await loadRig(file);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(rig.report.profile).toBe('vrm-1.0');
    expect(rig.report.head).toBe('J_Bip_C_Head');
    const set = rig.targets[0];
    const row = new Float32Array(ARKIT_COUNT);
    row[col('eyeBlinkLeft')] = 0.9;
    row[col('mouthSmileLeft')] = 0.6;
    row[col('mouthSmileRight')] = 0.4;
    const w = (n: string) => applyMix(set.mixes[set.names.indexOf(n)], row);
    expect(w('Fcl_EYE_Close_L')).toBeCloseTo(0.9, 6);
    expect(w('Fcl_EYE_Close_R')).toBe(0);
    expect(w('Fcl_ALL_Joy')).toBeCloseTo(0.5, 6);
    const jaw = new Float32Array(ARKIT_COUNT);
    jaw[col('jawOpen')] = 1;
    expect(applyMix(set.mixes[0], jaw)).toBeGreaterThan(0.3); // "A" opens with the jaw
    // The exported copy keeps the VRMC_vrm extension untouched.
    const out = parseGlb(await exportGlb(createTrack(3, 30), { rig }));
    expect(out.json.extensions).toEqual(parseGlb(bytes).json.extensions);
  });
});
