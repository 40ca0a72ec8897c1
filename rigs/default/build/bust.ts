import { NECK_AXIS_Z, NECK_RADII } from './head-sdf';

export { NECK_AXIS_Z };
import { type V3, smoothstep, srgb } from './vec';

/** Where the neck's lowest grid row sits (head-local y); the bust continues the skin below it. */
export const NECK_CUT_Y = -0.15;

/**
 * Rings of the bust below the neck, top to bottom: half-width and half-depth of a superellipse with
 * exponent `n` (boxier toward the shoulders), its centre height `y` and depth `z`, and how far its sides
 * `drop` below the centre (the slope of the shoulders). `shirt` rings are the shirt's colour; the first
 * shirt ring sits a millimetre below and outside the last skin ring, so the neckline is a crisp edge.
 */
const RINGS: { a: number; b: number; n: number; y: number; z: number; drop: number; shirt: boolean }[] = [
  { a: NECK_RADII[0] + 0.002, b: NECK_RADII[1] + 0.001, n: 2, y: -0.163, z: NECK_AXIS_Z, drop: 0, shirt: false },
  { a: 0.068, b: 0.054, n: 2.2, y: -0.172, z: NECK_AXIS_Z - 0.002, drop: 0.008, shirt: false },
  { a: 0.105, b: 0.064, n: 2.5, y: -0.18, z: NECK_AXIS_Z - 0.005, drop: 0.018, shirt: false },
  { a: 0.107, b: 0.0655, n: 2.5, y: -0.1815, z: NECK_AXIS_Z - 0.005, drop: 0.0185, shirt: true },
  { a: 0.152, b: 0.078, n: 3, y: -0.187, z: NECK_AXIS_Z - 0.009, drop: 0.03, shirt: true },
  { a: 0.183, b: 0.09, n: 3.3, y: -0.2, z: NECK_AXIS_Z - 0.012, drop: 0.04, shirt: true },
  { a: 0.195, b: 0.098, n: 3.3, y: -0.232, z: NECK_AXIS_Z - 0.014, drop: 0.032, shirt: true },
  { a: 0.194, b: 0.102, n: 3, y: -0.29, z: NECK_AXIS_Z - 0.015, drop: 0.006, shirt: true },
  { a: 0.188, b: 0.1, n: 3, y: -0.34, z: NECK_AXIS_Z - 0.015, drop: 0, shirt: true },
];

const SHIRT = srgb(92, 110, 138);
const SHIRT_DARK = srgb(60, 74, 98);

/** The bust's bottom: the centre of the cap that closes it. */
export const BUST_BOTTOM: V3 = [0, RINGS[RINGS.length - 1].y, RINGS[RINGS.length - 1].z];

/**
 * The bust's rings below the neck's lowest row `neck` (its points in order around the neck): each
 * neck point continues straight down its own direction around the neck axis, so the rings line up
 * column by column with the skin grid. Returns per ring the points and whether the ring is shirt.
 */
export function bustRings(neck: V3[]): { points: V3[]; shirt: boolean }[] {
  return RINGS.map((ring) => ({
    shirt: ring.shirt,
    points: neck.map((q) => {
      const alpha = Math.atan2(q[0] / NECK_RADII[0], (q[2] - NECK_AXIS_Z) / NECK_RADII[1]);
      const s = Math.sin(alpha);
      const c = Math.cos(alpha);
      const x = ring.a * Math.sign(s) * Math.abs(s) ** (2 / ring.n);
      const z = ring.z + ring.b * Math.sign(c) * Math.abs(c) ** (2 / ring.n);
      return [x, ring.y - ring.drop * (x / ring.a) ** 2, z] as V3;
    }),
  }));
}

/** Colour of a shirt point: a little darker low on the chest and at the back (less light reaches there). */
export function shirtColor(p: V3): V3 {
  const t = 0.5 * smoothstep(-0.22, -0.34, p[1]) + 0.3 * smoothstep(0, -0.1, p[2]);
  return [SHIRT[0] + (SHIRT_DARK[0] - SHIRT[0]) * t, SHIRT[1] + (SHIRT_DARK[1] - SHIRT[1]) * t, SHIRT[2] + (SHIRT_DARK[2] - SHIRT[2]) * t];
}
