import * as YAML from 'yaml';
import { exportUnityAnim } from '../../exporters/unity-anim';
import { ARKIT_COUNT, ARKIT_NAMES } from '../../src/track/arkit';
import { rigFromGlb } from '../../src/retarget/load-rig';
import { buildTestAvatar } from '../render/test-avatar';
import { angleBetween, expectedHeadQuat, testTrack } from './test-track';
import { asText } from './text';

/** Linear interpolation of Unity keys {time, value} at time s. */
function evalKeys(keys: { time: number; value: number }[], s: number): number {
  if (s <= keys[0].time) return keys[0].value;
  for (let i = 0; i + 1 < keys.length; i++) {
    const a = keys[i];
    const b = keys[i + 1];
    if (s <= b.time) return a.value + ((b.value - a.value) * (s - a.time)) / (b.time - a.time);
  }
  return keys[keys.length - 1].value;
}

describe('Unity .anim', () => {
  const track = testTrack(60, 30);
  let clip: Record<string, any>;
  let text: string;

  beforeAll(async () => {
    text = await asText(exportUnityAnim(track, { rendererPath: 'Body', clipName: 'song' }));
    // Unity writes YAML 1.1 but reads `y:` as a plain key; a strict YAML 1.1 reader would turn it into
    // the boolean true, so the clip is parsed with the 1.2 core schema (the directive line aside).
    const docs = YAML.parseAllDocuments(text.replace(/^%YAML 1\.1\n/, ''), { version: '1.2' });
    expect(docs).toHaveLength(1);
    expect(docs[0].errors).toEqual([]);
    clip = docs[0].toJS().AnimationClip;
  });

  test('parses as YAML: one AnimationClip (class 74) named, at 30 samples per second, stopping at the last frame', () => {
    expect(text.startsWith('%YAML 1.1\n%TAG !u! tag:unity3d.com,2011:\n--- !u!74 &7400000\nAnimationClip:\n')).toBe(true);
    expect(clip.m_Name).toBe('song');
    expect(clip.m_SampleRate).toBe(30);
    expect(clip.m_AnimationClipSettings.m_StopTime).toBeCloseTo(59 / 30, 5);
  });

  test('blendShape.<name> curves on the renderer path round-trip the track (0–100) within 0.21 (the 2e-3 key-reduction tolerance)', () => {
    const curves = clip.m_FloatCurves as any[];
    const byName = new Map(curves.map((c) => [c.attribute, c]));
    for (const [k, name] of ARKIT_NAMES.entries()) {
      const c = byName.get(`blendShape.${name}`);
      expect(c).toBeDefined();
      expect(c.path).toBe('Body');
      expect(c.classID).toBe(137);
      for (let t = 0; t < track.frameCount; t++) {
        expect(Math.abs(evalKeys(c.curve.m_Curve, t / 30) - 100 * track.expression[t * ARKIT_COUNT + k])).toBeLessThan(0.21);
      }
    }
  });

  test("the head's Transform rotation curve is the track's pose with Unity's mirrored X axis", () => {
    const rot = (clip.m_RotationCurves as any[]).find((c) => c.path === 'root/neck/head');
    expect(rot).toBeDefined();
    const keys = rot.curve.m_Curve as { time: number; value: { x: number; y: number; z: number; w: number } }[];
    for (let t = 0; t < track.frameCount; t++) {
      const at = (f: 'x' | 'y' | 'z' | 'w') =>
        evalKeys(
          keys.map((k) => ({ time: k.time, value: k.value[f] })),
          t / 30,
        );
      const q = [at('x'), at('y'), at('z'), at('w')];
      const n = Math.hypot(...q);
      // glTF (x, y, z, w) → Unity (x, −y, −z, w), as glTFast and UnityGLTF convert.
      const g = expectedHeadQuat(track, t / 30);
      expect(
        angleBetween(
          q.map((v) => v / n),
          [g[0], -g[1], -g[2], g[3]],
        ),
      ).toBeLessThan(2e-3);
    }
  });

  test('keys are reduced where a straight line reproduces them (smaller than one key per frame per curve)', () => {
    const keys = (clip.m_FloatCurves as any[]).reduce((n, c) => n + c.curve.m_Curve.length, 0);
    expect(keys).toBeLessThan(52 * track.frameCount);
  });

  test('no editor curves unless asked; asked, every float curve has its editor copy', async () => {
    expect(clip.m_EditorCurves).toEqual([]);
    const withEditor = YAML.parse(
      (await asText(exportUnityAnim(track, { rendererPath: 'Body', editorCurves: true })))
        .replace(/^%YAML 1\.1\n/, '')
        .replace(/^%TAG.*\n/m, '')
        .replace(/^--- .*\n/m, ''),
      {
        version: '1.2',
      },
    ).AnimationClip;
    const attrs = (list: any[]) => list.map((c) => `${c.path}:${c.attribute}`);
    expect(attrs(withEditor.m_EditorCurves)).toEqual(expect.arrayContaining(attrs(withEditor.m_FloatCurves)));
  });
});

describe('Unity .anim on a Ready-Player-Me-like avatar (4 meshes, each with all 52 ARKit targets, most of them empty)', () => {
  test('one curve per shape per mesh only where the mesh has it: a target that moves no vertex gets none', async () => {
    const rig = rigFromGlb(await buildTestAvatar({ everyShapeOnEveryMesh: true }), 'avatar.glb');
    const text = await asText(exportUnityAnim(testTrack(30, 30), { rig }));
    const clip = YAML.parseAllDocuments(text.replace(/^%YAML 1\.1\n/, ''), { version: '1.2' })[0].toJS().AnimationClip;
    const byPath = new Map<string, string[]>();
    for (const c of clip.m_FloatCurves as any[])
      byPath.set(c.path, [...(byPath.get(c.path) ?? []), c.attribute.replace('blendShape.', '')]);
    // As built: the head moves with every shape; the teeth only with jawOpen; each eye with its four look shapes.
    expect(byPath.get('Wolf3D_Head')).toHaveLength(52);
    expect(byPath.get('Wolf3D_Teeth')).toEqual(['jawOpen']);
    expect(byPath.get('EyeLeft')!.sort()).toEqual(['eyeLookDownLeft', 'eyeLookInLeft', 'eyeLookOutLeft', 'eyeLookUpLeft']);
    expect(byPath.get('EyeRight')!.sort()).toEqual(['eyeLookDownRight', 'eyeLookInRight', 'eyeLookOutRight', 'eyeLookUpRight']);
  });
});
