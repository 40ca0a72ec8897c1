import { bakeClip, defaultRig, nodePath, parentsOf, targetMoves, type Rig } from '../src/retarget';
import { type Defaults, withDefaults } from '../src/runtime';
import type { FaceTrack } from '../src/track';

export interface UnityAnimOptions {
  rig?: Rig;
  clipName?: string;
  /** Path of the SkinnedMeshRenderer that carries the face's blend shapes, relative to the Animator. */
  rendererPath?: string;
  /** Path of the head Transform (rotation and position curves). */
  headPath?: string;
  /**
   * Blend shape weight at full strength: 100 for FBX imports and UnityGLTF's "Multiplier100"; glTFast
   * and UnityGLTF's default import their shapes at 1.
   */
  blendShapeScale?: number;
  /**
   * Keys that a straight line through their neighbours reproduces within this (weight units, 0…1) are
   * dropped; 0.002 (0.2 % of a shape) is well below what a viewer sees and keeps a 3-minute clip small.
   */
  tolerance?: number;
  /**
   * Also write m_EditorCurves, the copy Unity's Animation window shows and edits; playback does not
   * need them and they double the file. Off unless asked.
   */
  editorCurves?: boolean;
}

export const UNITY_ANIM_DEFAULTS: Defaults<Omit<UnityAnimOptions, 'rig' | 'rendererPath' | 'headPath'>> = Object.freeze({
  clipName: 'musicface',
  blendShapeScale: 100,
  tolerance: 2e-3,
  editorCurves: false,
});

/**
 * Key-reduction tolerance of the few Transform curves (quaternion components; positions in metres use
 * 1 % of it): tighter than the blend shapes', since an eye or head turned 0.2° off is visible.
 */
const POSE_TOLERANCE = 5e-4;

/** Unity's "both tangents linear" key mode (left mode 2 << 1, right mode 2 << 5, broken bit). */
const LINEAR_TANGENTS = 69;
const CLASS_SKINNED_MESH_RENDERER = 137;
const CLASS_TRANSFORM = 4;

/** A number with at most `digits` decimals (no "-0"). */
const num = (v: number, digits = 6) => {
  const f = 10 ** digits;
  const r = Math.round(v * f) / f;
  return Object.is(r, -0) ? '0' : String(r);
};

/**
 * Indices of the keys to keep so that linear interpolation between kept keys stays within `tol` of
 * every dropped value (all components). First and last keys are always kept.
 */
export function reduceKeys(values: Float32Array | number[], width: number, count: number, tol: number): number[] {
  const keep = [0];
  let anchor = 0;
  // Per component, the slopes (per key step) from the anchor that pass within tol of every key since it.
  let lo = new Array<number>(width).fill(-Infinity);
  let hi = new Array<number>(width).fill(Infinity);
  for (let j = 1; j < count; j++) {
    const d = j - anchor;
    let fits = true;
    for (let c = 0; c < width; c++) {
      const s = (values[j * width + c] - values[anchor * width + c]) / d;
      if (s < lo[c] || s > hi[c]) fits = false;
    }
    if (!fits) {
      // The line anchor → j misses a key in between: the previous key becomes the new anchor.
      anchor = j - 1;
      keep.push(anchor);
      lo = new Array<number>(width).fill(-Infinity);
      hi = new Array<number>(width).fill(Infinity);
    }
    const dd = j - anchor;
    for (let c = 0; c < width; c++) {
      const a = values[anchor * width + c];
      lo[c] = Math.max(lo[c], (values[j * width + c] - tol - a) / dd);
      hi[c] = Math.min(hi[c], (values[j * width + c] + tol - a) / dd);
    }
  }
  if (count > 1) keep.push(count - 1);
  return keep;
}

/** Keys to write; `digits`: decimals of values and slopes (times keep 6). */
type Curve = { times: Float32Array; values: Float32Array; width: number; keep: number[]; digits: number };

function curveOf(times: Float32Array, values: Float32Array, width: number, tol: number, digits = 6): Curve {
  return { times, values, width, keep: reduceKeys(values, width, times.length, tol), digits };
}

const FIELDS = ['x', 'y', 'z', 'w'];

/**
 * One curve's keys in Unity's YAML: one flow-style line per key with linear slopes to the neighbouring
 * kept keys. weightedMode/inWeight/outWeight are left out (Unity's defaults: unweighted).
 */
function keysYaml(c: Curve, indent: string, component?: number): string[] {
  const out: string[] = [];
  const comps = component === undefined ? c.width : 1;
  const pick = (i: number, k: number) => c.values[i * c.width + (component === undefined ? k : component)];
  const vec = (f: (k: number) => number) =>
    comps === 1 ? num(f(0), c.digits) : `{${Array.from({ length: comps }, (_, k) => `${FIELDS[k]}: ${num(f(k), c.digits)}`).join(', ')}}`;
  c.keep.forEach((i, n) => {
    const prev = n > 0 ? c.keep[n - 1] : -1;
    const next = n + 1 < c.keep.length ? c.keep[n + 1] : -1;
    const slope = (a: number, b: number, k: number) => (pick(b, k) - pick(a, k)) / (c.times[b] - c.times[a]);
    const inS = vec((k) => (prev >= 0 ? slope(prev, i, k) : 0));
    const outS = vec((k) => (next >= 0 ? slope(i, next, k) : 0));
    out.push(
      `${indent}- {serializedVersion: 3, time: ${num(c.times[i])}, value: ${vec((k) => pick(i, k))}, inSlope: ${inS}, outSlope: ${outS}, tangentMode: ${LINEAR_TANGENTS}}`,
    );
  });
  return out;
}

function curveBlock(c: Curve, tail: string[], component?: number): string[] {
  return [
    '  - curve:',
    '      serializedVersion: 2',
    '      m_Curve:',
    ...keysYaml(c, '      ', component),
    '      m_PreInfinity: 2',
    '      m_PostInfinity: 2',
    '      m_RotationOrder: 4',
    ...tail,
  ];
}

/**
 * FaceTrack → Unity AnimationClip (.anim YAML): `blendShape.<name>` float curves on the face's
 * SkinnedMeshRenderer (0…blendShapeScale), the head as Transform rotation and position curves, eyes as
 * rotation curves when the rig has eye bones. Axes: glTF is right-handed, Unity left-handed; like
 * glTFast and UnityGLTF the X axis is mirrored: position (−x, y, z), rotation (x, −y, −z, w). Keys are
 * linear and reduced where a straight line reproduces them within `tolerance` (weight units).
 * Example: `fs.writeFileSync('song.anim', await exportUnityAnim(track, { rendererPath: 'Body' }))`
 */
export async function exportUnityAnim(track: FaceTrack, options: UnityAnimOptions = {}): Promise<Uint8Array> {
  const rig = options.rig ?? (await defaultRig());
  const o = withDefaults(UNITY_ANIM_DEFAULTS, options);
  const baked = bakeClip(track, rig);
  const json = rig.asset.json;
  const parents = parentsOf(json);
  const T = baked.frameCount;
  const float: string[] = [];
  const editor: string[] = [];
  const tail = (attribute: string, path: string, classID: number) => [
    `    attribute: ${attribute}`,
    `    path: ${path}`,
    `    classID: ${classID}`,
    '    script: {fileID: 0}',
  ];

  baked.weights.forEach(({ set, values }, si) => {
    const path = si === 0 && o.rendererPath !== undefined ? o.rendererPath : nodePath(json, set.nodes[0], parents);
    const n = set.names.length;
    // A curve only where this mesh has the shape: driven by the track and moving some vertex.
    const moves = targetMoves(rig.asset, set.mesh);
    set.names.forEach((name, k) => {
      if (!set.mixes[k].length || !moves[k]) return;
      const v = new Float32Array(T);
      for (let t = 0; t < T; t++) v[t] = values[t * n + k] * o.blendShapeScale;
      // Weights to 1e-5 of full strength: far below the key reduction's tolerance.
      const digits = Math.max(0, Math.ceil(5 - Math.log10(o.blendShapeScale)));
      const c = curveOf(baked.times, v, 1, o.tolerance * o.blendShapeScale, digits);
      const block = curveBlock(c, tail(`blendShape.${name}`, path, CLASS_SKINNED_MESH_RENDERER));
      float.push(...block);
      if (o.editorCurves) editor.push(...block);
    });
  });

  const rotation: string[] = [];
  const position: string[] = [];
  const transforms = [
    ...(baked.head ? [{ nt: baked.head, path: o.headPath ?? nodePath(json, baked.head.node, parents) }] : []),
    ...(baked.neck ? [{ nt: baked.neck, path: nodePath(json, baked.neck.node, parents) }] : []),
    ...baked.eyes.map((nt) => ({ nt, path: nodePath(json, nt.node, parents) })),
  ];
  for (const { nt, path } of transforms) {
    const q = new Float32Array(T * 4);
    for (let t = 0; t < T; t++)
      q.set([nt.rotation[t * 4], -nt.rotation[t * 4 + 1], -nt.rotation[t * 4 + 2], nt.rotation[t * 4 + 3]], t * 4);
    const c = curveOf(baked.times, q, 4, POSE_TOLERANCE);
    rotation.push(...curveBlock(c, [`    path: ${path}`]));
    if (o.editorCurves)
      FIELDS.forEach((f, k) =>
        editor.push(
          ...curveBlock(
            {
              ...c,
              keep: reduceKeys(
                q.filter((_, i) => i % 4 === k),
                1,
                T,
                POSE_TOLERANCE,
              ),
            },
            tail(`m_LocalRotation.${f}`, path, CLASS_TRANSFORM),
            k,
          ),
        ),
      );
    if (nt.translation) {
      const p = new Float32Array(T * 3);
      for (let t = 0; t < T; t++) p.set([-nt.translation[t * 3], nt.translation[t * 3 + 1], nt.translation[t * 3 + 2]], t * 3);
      const pc = curveOf(baked.times, p, 3, POSE_TOLERANCE * 0.01);
      position.push(...curveBlock(pc, [`    path: ${path}`]));
      if (o.editorCurves)
        FIELDS.slice(0, 3).forEach((f, k) =>
          editor.push(
            ...curveBlock(
              {
                ...pc,
                keep: reduceKeys(
                  p.filter((_, i) => i % 3 === k),
                  1,
                  T,
                  POSE_TOLERANCE * 0.01,
                ),
              },
              tail(`m_LocalPosition.${f}`, path, CLASS_TRANSFORM),
              k,
            ),
          ),
        );
    }
  }
  const list = (name: string, items: string[]) => (items.length ? [`  ${name}:`, ...items] : [`  ${name}: []`]);
  const stop = T > 1 ? baked.times[T - 1] : 1 / baked.fps;
  const lines = [
    '%YAML 1.1',
    '%TAG !u! tag:unity3d.com,2011:',
    '--- !u!74 &7400000',
    'AnimationClip:',
    '  m_ObjectHideFlags: 0',
    '  m_CorrespondingSourceObject: {fileID: 0}',
    '  m_PrefabInstance: {fileID: 0}',
    '  m_PrefabAsset: {fileID: 0}',
    `  m_Name: ${o.clipName}`,
    '  serializedVersion: 7',
    '  m_Legacy: 0',
    '  m_Compressed: 0',
    '  m_UseHighQualityCurve: 1',
    ...list('m_RotationCurves', rotation),
    '  m_CompressedRotationCurves: []',
    '  m_EulerCurves: []',
    ...list('m_PositionCurves', position),
    '  m_ScaleCurves: []',
    ...list('m_FloatCurves', float),
    '  m_PPtrCurves: []',
    `  m_SampleRate: ${baked.fps}`,
    '  m_WrapMode: 0',
    '  m_Bounds:',
    '    m_Center: {x: 0, y: 0, z: 0}',
    '    m_Extent: {x: 0, y: 0, z: 0}',
    '  m_ClipBindingConstant:',
    '    genericBindings: []',
    '    pptrCurveMapping: []',
    '  m_AnimationClipSettings:',
    '    serializedVersion: 2',
    '    m_AdditiveReferencePoseClip: {fileID: 0}',
    '    m_AdditiveReferencePoseTime: 0',
    '    m_StartTime: 0',
    `    m_StopTime: ${num(stop)}`,
    '    m_OrientationOffsetY: 0',
    '    m_Level: 0',
    '    m_CycleOffset: 0',
    '    m_HasAdditiveReferencePose: 0',
    '    m_LoopTime: 0',
    '    m_LoopBlend: 0',
    '    m_LoopBlendOrientation: 0',
    '    m_LoopBlendPositionY: 0',
    '    m_LoopBlendPositionXZ: 0',
    '    m_KeepOriginalOrientation: 0',
    '    m_KeepOriginalPositionY: 1',
    '    m_KeepOriginalPositionXZ: 0',
    '    m_HeightFromFeet: 0',
    '    m_Mirror: 0',
    ...list('m_EditorCurves', editor),
    '  m_EulerEditorCurves: []',
    '  m_HasGenericRootTransform: 0',
    '  m_HasMotionFloatCurves: 0',
    '  m_Events: []',
  ];
  return new TextEncoder().encode(lines.join('\n') + '\n');
}
