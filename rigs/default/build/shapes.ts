import type { ArkitName } from '../../../src/track/arkit';
import { BROW_Y, JAW_HINGE, JAW_OPEN_ANGLE, MOUTH_HALF_WIDTH, MOUTH_POINT } from './anatomy';
import { lidEdge, lidShift } from './eyelids';
import type { Vertex } from './mesh-part';
import { jawWeight } from './skeleton';
import { type V3, add, bump, rotateAbout, scale, smoothstep, sub } from './vec';
import type { ShapeField } from './write-head';

/**
 * The 52 ARKit shapes of the default head as displacement fields, each doing what Apple's reference
 * (ARFaceAnchor.BlendShapeLocation) describes; "Left" is the face's own left, +X. Amounts are the
 * displacement at weight 1, in metres. Eyeballs never deform (the eye bones turn them).
 */

type Side = 1 | -1; // +1 the face's left (+X), −1 its right
const M = MOUTH_POINT;
const isEyeball = (v: Vertex) => v.region === 'eyeL' || v.region === 'eyeR';

/** Soft half-face mask: 1 on side s, 0 on the other, blending across the midline. */
const half = (p: V3, s: Side) => smoothstep(-0.004, 0.004, s * p[0]);

/** Upper lip (the lip above the mouth line, including its edge copy and inner strip), 0…1. */
function upperLip(v: Vertex): number {
  if (v.lip > 0 || v.region === 'lipInnerUpper') return 1;
  if (v.lip < 0 || v.region !== 'skin') return 0;
  return bump(v.p, [0, M[1] + 0.006, 0.09], [MOUTH_HALF_WIDTH + 0.009, 0.012, 0.03]) * smoothstep(M[1] - 0.0015, M[1] + 0.0015, v.p[1]);
}

/** Lower lip, 0…1. */
function lowerLip(v: Vertex): number {
  if (v.lip < 0 || v.region === 'lipInnerLower') return 1;
  if (v.lip > 0 || v.region !== 'skin') return 0;
  return bump(v.p, [0, M[1] - 0.007, 0.088], [MOUTH_HALF_WIDTH + 0.008, 0.014, 0.03]) * smoothstep(M[1] + 0.0015, M[1] - 0.0015, v.p[1]);
}

/** Both lips and the skin around them. */
const lips = (v: Vertex) => Math.max(upperLip(v), lowerLip(v));
const onFaceSkin = (v: Vertex) => v.region === 'skin' || v.region === 'lipInnerUpper' || v.region === 'lipInnerLower';

/** The mouth corner on side s and the region it drags along. */
const CORNER_Z = 0.0795;
function corner(v: Vertex, s: Side, reach = 1): number {
  if (!onFaceSkin(v)) return 0;
  return bump(v.p, [s * MOUTH_HALF_WIDTH, M[1] + 0.0005, CORNER_Z], [0.017 * reach, 0.015 * reach, 0.03]);
}

/** Mouth and surrounding skin, for shapes that move the whole mouth. */
const mouthRegion = (v: Vertex) => (onFaceSkin(v) ? bump(v.p, [0, M[1] - 0.002, 0.085], [0.045, 0.034, 0.05]) : 0);

/** How the jaw opening moves a vertex (rotation about the hinge, weighted by the jaw mask). */
function jawOpenDelta(v: Vertex): V3 {
  const j = jawWeight(v);
  if (j === 0) return [0, 0, 0];
  return scale(sub(rotateAbout(v.p, JAW_HINGE, [1, 0, 0], JAW_OPEN_ANGLE), v.p), j);
}

/** An eyelid edge move for one eye (upper/lower edges in radians of elevation, + up) and a sideways slide. */
function lids(eye: 'L' | 'R', upper: number | ((az: number) => number), lower: number | ((az: number) => number), slide = 0): ShapeField {
  return (v) => {
    if (!v.lid || v.lid.eye !== eye) return null;
    const amount = v.lid.side > 0 ? upper : lower;
    const dEdge = typeof amount === 'number' ? amount : amount(v.lid.az);
    return lidShift(v.lid, dEdge, slide);
  };
}

/** Adds fields. */
const plus =
  (...fields: ShapeField[]): ShapeField =>
  (v) => {
    let out: V3 | null = null;
    for (const f of fields) {
      const d = f(v);
      if (d) out = out ? add(out, d) : d;
    }
    return out;
  };

/** A constant displacement `d` weighted by `mask`. */
const moveBy =
  (mask: (v: Vertex) => number, d: V3): ShapeField =>
  (v) => {
    const w = mask(v);
    return w ? scale(d, w) : null;
  };

const skinBump = (c: V3, r: V3) => (v: Vertex) => (onFaceSkin(v) ? bump(v.p, c, r) : 0);

// --- eyes ---------------------------------------------------------------------------------------

/** Where the closed lids meet: a little below the middle of the opening. */
const meet = (eye: 'L' | 'R', az: number) => lidEdge(eye, -1, az) + 0.3 * (lidEdge(eye, 1, az) - lidEdge(eye, -1, az));

function eyeShapes(eye: 'L' | 'R'): Partial<Record<ArkitName, ShapeField>> {
  const s: Side = eye === 'L' ? 1 : -1;
  const n = eye === 'L' ? 'Left' : 'Right';
  const ex = s * 0.032;
  // "In" is toward the nose: −X for the left eye, +X for the right.
  const towardNose = -s * 0.13;
  return {
    [`eyeBlink${n}`]: plus(
      lids(
        eye,
        (az) => meet(eye, az) - lidEdge(eye, 1, az),
        (az) => meet(eye, az) - lidEdge(eye, -1, az),
      ),
      moveBy(skinBump([ex, 0.022, 0.085], [0.02, 0.01, 0.03]), [0, -0.0012, 0]),
    ),
    [`eyeLookDown${n}`]: lids(eye, -0.24, -0.1),
    [`eyeLookUp${n}`]: plus(lids(eye, 0.14, 0.07), moveBy(skinBump([ex, 0.024, 0.085], [0.022, 0.012, 0.03]), [0, 0.0008, 0])),
    [`eyeLookIn${n}`]: lids(eye, 0, 0, towardNose),
    [`eyeLookOut${n}`]: lids(eye, 0, 0, -towardNose),
    [`eyeSquint${n}`]: plus(
      lids(eye, -0.06, 0.2),
      moveBy(skinBump([ex + s * 0.004, -0.017, 0.08], [0.022, 0.012, 0.03]), [0, 0.0016, 0.0004]),
      moveBy(skinBump([ex + s * 0.02, 0.002, 0.07], [0.01, 0.014, 0.03]), [-s * 0.0012, 0, 0]),
    ),
    [`eyeWide${n}`]: plus(lids(eye, 0.17, -0.07), moveBy(skinBump([ex, 0.02, 0.085], [0.022, 0.012, 0.03]), [0, 0.001, 0])),
  } as Partial<Record<ArkitName, ShapeField>>;
}

// --- brows --------------------------------------------------------------------------------------

const browInner = (s: Side) => skinBump([s * 0.015, BROW_Y, 0.09], [0.017, 0.017, 0.04]);
const browOuter = (s: Side) => skinBump([s * 0.047, BROW_Y - 0.003, 0.075], [0.022, 0.017, 0.045]);

function browDown(s: Side): ShapeField {
  return plus(moveBy(browOuter(s), [0, -0.0042, 0]), moveBy(browInner(s), [-s * 0.0016, -0.0028, 0.0004]));
}

// --- mouth --------------------------------------------------------------------------------------

function cornerMove(s: Side, d: V3, reach = 1): ShapeField {
  return moveBy((v) => corner(v, s, reach), d);
}

function narrow(amount: number): ShapeField {
  return (v) => {
    const w = Math.max(lips(v), corner(v, 1, 1.2), corner(v, -1, 1.2));
    return w ? [-amount * v.p[0] * w, 0, 0] : null;
  };
}

function sideLip(mask: (v: Vertex) => number, s: Side, d: V3): ShapeField {
  return moveBy((v) => mask(v) * half(v.p, s), d);
}

export const ARKIT_SHAPES: Record<ArkitName, ShapeField> = {
  ...(eyeShapes('L') as Record<ArkitName, ShapeField>),
  ...(eyeShapes('R') as Record<ArkitName, ShapeField>),

  jawForward: (v) => scale([0, 0, 0.005], jawWeight(v)),
  jawLeft: (v) => scale([0.006, 0, 0], jawWeight(v)),
  jawRight: (v) => scale([-0.006, 0, 0], jawWeight(v)),
  jawOpen: jawOpenDelta,

  // Lips closed whatever the jaw does: the lower lip undoes the jaw's motion, the upper lip meets it.
  mouthClose: plus((v) => scale(jawOpenDelta(v), -0.92 * lowerLip(v)), moveBy(upperLip, [0, -0.0012, 0])),
  mouthFunnel: plus(moveBy(lips, [0, 0, 0.0045]), moveBy(upperLip, [0, 0.0026, 0]), moveBy(lowerLip, [0, -0.0026, 0]), narrow(0.25)),
  mouthPucker: plus(moveBy(lips, [0, 0, 0.0062]), moveBy(upperLip, [0, -0.0008, 0]), moveBy(lowerLip, [0, 0.0008, 0]), narrow(0.42)),
  mouthLeft: moveBy(mouthRegion, [0.0055, 0, 0]),
  mouthRight: moveBy(mouthRegion, [-0.0055, 0, 0]),

  mouthSmileLeft: plus(
    cornerMove(1, [0.003, 0.007, -0.0025]),
    moveBy(skinBump([0.03, -0.038, 0.08], [0.018, 0.016, 0.03]), [0.0005, 0.0015, 0.0006]),
  ),
  mouthSmileRight: plus(
    cornerMove(-1, [-0.003, 0.007, -0.0025]),
    moveBy(skinBump([-0.03, -0.038, 0.08], [0.018, 0.016, 0.03]), [-0.0005, 0.0015, 0.0006]),
  ),
  mouthFrownLeft: cornerMove(1, [0.001, -0.005, 0]),
  mouthFrownRight: cornerMove(-1, [-0.001, -0.005, 0]),
  mouthDimpleLeft: cornerMove(1, [0.0015, 0.0005, -0.004]),
  mouthDimpleRight: cornerMove(-1, [-0.0015, 0.0005, -0.004]),
  mouthStretchLeft: cornerMove(1, [0.005, -0.0015, -0.0015], 1.3),
  mouthStretchRight: cornerMove(-1, [-0.005, -0.0015, -0.0015], 1.3),

  mouthRollLower: moveBy(lowerLip, [0, 0.0015, -0.004]),
  mouthRollUpper: moveBy(upperLip, [0, -0.0015, -0.004]),
  mouthShrugLower: plus(moveBy(lowerLip, [0, 0.003, 0.0015]), moveBy(skinBump([0, -0.09, 0.075], [0.022, 0.02, 0.03]), [0, 0.0025, 0.001])),
  mouthShrugUpper: moveBy(upperLip, [0, 0.002, 0.0015]),
  mouthPressLeft: plus(sideLip(lowerLip, 1, [0, 0.0015, -0.0005]), sideLip(upperLip, 1, [0, -0.0006, -0.0005])),
  mouthPressRight: plus(sideLip(lowerLip, -1, [0, 0.0015, -0.0005]), sideLip(upperLip, -1, [0, -0.0006, -0.0005])),
  mouthLowerDownLeft: sideLip(lowerLip, 1, [0, -0.0045, 0.0005]),
  mouthLowerDownRight: sideLip(lowerLip, -1, [0, -0.0045, 0.0005]),
  mouthUpperUpLeft: sideLip(upperLip, 1, [0, 0.0045, 0.0005]),
  mouthUpperUpRight: sideLip(upperLip, -1, [0, 0.0045, 0.0005]),

  browDownLeft: browDown(1),
  browDownRight: browDown(-1),
  browInnerUp: plus(moveBy(browInner(1), [0, 0.005, 0]), moveBy(browInner(-1), [0, 0.005, 0])),
  browOuterUpLeft: moveBy(browOuter(1), [0, 0.0055, 0]),
  browOuterUpRight: moveBy(browOuter(-1), [0, 0.0055, 0]),

  cheekPuff: plus(
    moveBy(skinBump([0.038, -0.047, 0.07], [0.026, 0.024, 0.035]), [0.005, -0.0005, 0.005]),
    moveBy(skinBump([-0.038, -0.047, 0.07], [0.026, 0.024, 0.035]), [-0.005, -0.0005, 0.005]),
    moveBy(lips, [0, 0, 0.001]),
  ),
  cheekSquintLeft: plus(moveBy(skinBump([0.038, -0.022, 0.075], [0.024, 0.018, 0.035]), [0.0004, 0.0025, 0.001]), lids('L', 0, 0.06)),
  cheekSquintRight: plus(moveBy(skinBump([-0.038, -0.022, 0.075], [0.024, 0.018, 0.035]), [-0.0004, 0.0025, 0.001]), lids('R', 0, 0.06)),

  noseSneerLeft: plus(
    moveBy(skinBump([0.011, -0.022, 0.093], [0.012, 0.014, 0.02]), [0.0005, 0.0025, 0]),
    sideLip(upperLip, 1, [0, 0.001, 0]),
  ),
  noseSneerRight: plus(
    moveBy(skinBump([-0.011, -0.022, 0.093], [0.012, 0.014, 0.02]), [-0.0005, 0.0025, 0]),
    sideLip(upperLip, -1, [0, 0.001, 0]),
  ),

  tongueOut: (v) => {
    if (v.region !== 'tongue') return null;
    const tip = smoothstep(0.03, 0.077, v.p[2]);
    // Out over the lower lip: forward, the tip lifting a little.
    return [0, 0.003 * tip, 0.012 + 0.013 * tip];
  },
};

/** Eyeballs are turned by their bones, never by shapes. */
for (const [k, f] of Object.entries(ARKIT_SHAPES)) {
  ARKIT_SHAPES[k as ArkitName] = (v) => (isEyeball(v) ? null : f(v));
}
