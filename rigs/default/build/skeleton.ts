import { JOINTS, MOUTH_POINT } from './anatomy';
import type { Vertex } from './mesh-part';
import { type V3, smoothstep } from './vec';

/** Joint order of the skin (node names in the file). */
export const JOINT_NAMES = ['root', 'neck', 'head', 'jaw', 'eye_L', 'eye_R'] as const;
export type JointName = (typeof JOINT_NAMES)[number];
export const JOINT_PARENT: Record<JointName, JointName | null> = {
  root: null,
  neck: 'root',
  head: 'neck',
  jaw: 'head',
  eye_L: 'head',
  eye_R: 'head',
};

/**
 * How much of the lower face follows the jaw (0…1): everything below the mouth line in front of the
 * jaw hinge, fading out toward the ears and down the neck; the lower lip's edge copy is fully jaw.
 */
export function jawWeight(v: Vertex): number {
  const p = v.p;
  if (v.region === 'teethLower' || v.region === 'tongue' || v.region === 'lipInnerLower' || v.lip < 0) return 1;
  if (v.region === 'cavity') return smoothstep(MOUTH_POINT[1] + 0.004, MOUTH_POINT[1] - 0.01, p[1]);
  if (v.region !== 'skin') return 0;
  if (v.lip > 0) return 0;
  // Below the mouth line: a narrow transition right at the lips, widening toward the cheeks.
  const ax = Math.abs(p[0]);
  const width = 0.0015 + 0.016 * smoothstep(0.016, 0.045, ax);
  const below = smoothstep(MOUTH_POINT[1] - 0.0003, MOUTH_POINT[1] - 0.0003 - width, p[1] + 0.006 * smoothstep(0.02, 0.05, ax));
  const front = smoothstep(-0.01, 0.03, p[2]);
  const notNeck = 1 - smoothstep(-0.098, -0.125, p[1]) * (1 - smoothstep(0.035, 0.07, p[2]));
  return below * front * notNeck;
}

/** Skinning: up to three joints per vertex (weights sum to 1). */
export function skinWeights(v: Vertex): [JointName, number][] {
  if (v.region === 'eyeL') return [['eye_L', 1]];
  if (v.region === 'eyeR') return [['eye_R', 1]];
  if (v.region === 'bust') {
    // Shoulders and chest stay with the root; the neck's base blends into them.
    const r = smoothstep(-0.155, -0.185, v.p[1]);
    return [
      ['root', r],
      ['neck', 1 - r],
    ].filter((x) => (x[1] as number) > 0) as [JointName, number][];
  }
  const j = jawWeight(v);
  // Neck skin blends from the neck joint to the head over the top of the neck.
  const h = smoothstep(JOINTS.neck[1] + 0.005, JOINTS.head[1] - 0.01, v.p[1] + 0.25 * Math.max(0, v.p[2]));
  // Where the jaw's region fades out under the chin, its skin fades into the same head/neck blend as its
  // neighbours', so a turned head does not shear the skin there; the chin itself stays with the head.
  if (j > 0) {
    const g = h + (1 - h) * smoothstep(0, 0.5, j);
    return [
      ['jaw', j],
      ['head', (1 - j) * g],
      ['neck', (1 - j) * (1 - g)],
    ].filter((x) => (x[1] as number) > 0) as [JointName, number][];
  }
  if (h < 1)
    return [
      ['neck', 1 - h],
      ['head', h],
    ].filter((x) => (x[1] as number) > 0) as [JointName, number][];
  return [['head', 1]];
}

/** World (head-local) position of each joint. */
export const jointPosition = (j: JointName): V3 => JOINTS[j];
