import {
  type VrmPreset,
  vrmPresetWeights,
  eyeAngles,
  type GlbAsset,
  type GltfAnimation,
  type GltfJson,
  writeGlb,
  GlbAppender,
  makeHemisphereContinuous,
  poseQuat,
} from '../src/retarget';
import { ARKIT_COUNT, type FaceTrack, POSE_DIM, assertValidTrack } from '../src/track';

export interface VrmaOptions {
  clipName?: string;
}

/**
 * A VRM T-pose rest skeleton (metres, +Y up, facing +Z, identity rotations), parent first. Only the
 * head (rotation) and hips (translation) are animated; the rest is there because VRMA requires the
 * bones VRMC_vrm requires, and players map every humanoid bone.
 */
const T_POSE: [bone: string, parent: string | null, offset: [number, number, number]][] = [
  ['hips', null, [0, 0.95, 0]],
  ['spine', 'hips', [0, 0.1, 0]],
  ['chest', 'spine', [0, 0.14, 0]],
  ['neck', 'chest', [0, 0.22, 0]],
  ['head', 'neck', [0, 0.09, 0]],
  ['leftUpperLeg', 'hips', [0.09, -0.05, 0]],
  ['leftLowerLeg', 'leftUpperLeg', [0, -0.42, 0]],
  ['leftFoot', 'leftLowerLeg', [0, -0.4, 0]],
  ['rightUpperLeg', 'hips', [-0.09, -0.05, 0]],
  ['rightLowerLeg', 'rightUpperLeg', [0, -0.42, 0]],
  ['rightFoot', 'rightLowerLeg', [0, -0.4, 0]],
  ['leftUpperArm', 'chest', [0.17, 0.19, 0]],
  ['leftLowerArm', 'leftUpperArm', [0.27, 0, 0]],
  ['leftHand', 'leftLowerArm', [0.25, 0, 0]],
  ['rightUpperArm', 'chest', [-0.17, 0.19, 0]],
  ['rightLowerArm', 'rightUpperArm', [-0.27, 0, 0]],
  ['rightHand', 'rightLowerArm', [-0.25, 0, 0]],
];

/** The presets this exporter drives (see src/retarget/profiles/vrm1.ts for the mapping). */
export const VRMA_PRESETS: readonly VrmPreset[] = [
  'aa',
  'ih',
  'ou',
  'ee',
  'oh',
  'blink',
  'blinkLeft',
  'blinkRight',
  'happy',
  'angry',
  'sad',
  'surprised',
];

/** Eye height above the head bone in the T-pose (lookAt.offsetFromHeadBone). */
const EYE_OFFSET: [number, number, number] = [0, 0.06, 0];

/**
 * FaceTrack → VRM Animation (.vrma, VRMC_vrm_animation 1.0): a T-pose humanoid whose head node
 * carries the head rotation (the track's axes are VRM 1.0's: +Y up, facing +Z) and whose hips carry
 * the head's translation; one node per expression preset whose translation.x is the preset weight
 * (ARKit → preset mapping in src/retarget/profiles/vrm1.ts); a lookAt node whose rotation turns +Z toward the
 * gaze (yaw about Y toward the model's left, pitch about X down, from the eyeLook weights).
 * Example: `fs.writeFileSync('song.vrma', await exportVrma(track))`
 */
export async function exportVrma(track: FaceTrack, options: VrmaOptions = {}): Promise<Uint8Array> {
  assertValidTrack(track);
  const T = track.frameCount;
  const json: GltfJson = {
    asset: { version: '2.0', generator: 'MusicFace exporters/vrma' },
    scene: 0,
    scenes: [{ nodes: [] }],
    nodes: [],
    extensionsUsed: ['VRMC_vrm_animation'],
  };
  const asset: GlbAsset = { json, bin: new Uint8Array(0) };
  const app = new GlbAppender(asset);
  const nodes = json.nodes!;
  const index = new Map<string, number>();
  for (const [bone, parent, offset] of T_POSE) {
    nodes.push({ name: bone, translation: offset });
    index.set(bone, nodes.length - 1);
    if (parent) (nodes[index.get(parent)!].children ??= []).push(nodes.length - 1);
    else json.scenes![0].nodes!.push(nodes.length - 1);
  }
  const expressionNode = new Map<VrmPreset, number>();
  for (const p of VRMA_PRESETS) {
    nodes.push({ name: `Expression_${p}` });
    expressionNode.set(p, nodes.length - 1);
    json.scenes![0].nodes!.push(nodes.length - 1);
  }
  nodes.push({ name: 'LookAt' });
  const lookAt = nodes.length - 1;
  json.scenes![0].nodes!.push(lookAt);

  const times = new Float32Array(T);
  for (let t = 0; t < T; t++) times[t] = t / track.fps;
  const input = app.accessor(times, 'SCALAR', { bounds: true });
  const animation: GltfAnimation = { name: options.clipName ?? 'musicface', channels: [], samplers: [] };
  const channel = (node: number, path: string, data: Float32Array, type: 'VEC3' | 'VEC4') => {
    animation.samplers.push({ input, output: app.accessor(data, type), interpolation: 'LINEAR' });
    animation.channels.push({ sampler: animation.samplers.length - 1, target: { node, path } });
  };

  const head = new Float32Array(T * 4);
  const hips = new Float32Array(T * 3);
  const gaze = new Float32Array(T * 4);
  const presets = new Map<VrmPreset, Float32Array>(VRMA_PRESETS.map((p) => [p, new Float32Array(T * 3)]));
  const hipsRest = T_POSE[0][2];
  for (let t = 0; t < T; t++) {
    const o = t * POSE_DIM;
    head.set(poseQuat(track.pose[o], track.pose[o + 1], track.pose[o + 2]), t * 4);
    hips.set([hipsRest[0] + track.pose[o + 3], hipsRest[1] + track.pose[o + 4], hipsRest[2] + track.pose[o + 5]], t * 3);
    const l = eyeAngles(track, t, 'left');
    const r = eyeAngles(track, t, 'right');
    gaze.set(poseQuat((l.pitch + r.pitch) / 2, (l.yaw + r.yaw) / 2, 0), t * 4);
    const w = vrmPresetWeights(track.expression, t * ARKIT_COUNT);
    for (const p of VRMA_PRESETS) presets.get(p)![t * 3] = w[p];
  }
  channel(index.get('head')!, 'rotation', makeHemisphereContinuous(head), 'VEC4');
  channel(index.get('hips')!, 'translation', hips, 'VEC3');
  for (const p of VRMA_PRESETS) channel(expressionNode.get(p)!, 'translation', presets.get(p)!, 'VEC3');
  channel(lookAt, 'rotation', makeHemisphereContinuous(gaze), 'VEC4');
  app.finish();
  json.animations = [animation];
  json.extensions = {
    VRMC_vrm_animation: {
      specVersion: '1.0',
      humanoid: { humanBones: Object.fromEntries(T_POSE.map(([bone]) => [bone, { node: index.get(bone)! }])) },
      expressions: { preset: Object.fromEntries(VRMA_PRESETS.map((p) => [p, { node: expressionNode.get(p)! }])) },
      lookAt: { node: lookAt, offsetFromHeadBone: EYE_OFFSET },
    },
  };
  return writeGlb(asset);
}
