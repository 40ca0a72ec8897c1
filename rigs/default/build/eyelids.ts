import { EYE_CENTER_L, EYE_CENTER_R, EYE_RADIUS } from './anatomy';
import { outerDistance } from './head-sdf';
import type { LidInfo } from './mesh-part';
import { type V3, add, len, norm, scale, smoothstep, sub } from './vec';

/**
 * Eyelids are skin: around each eye the skin grid is re-laid in the eye's own spherical coordinates
 * (azimuth toward +X, elevation up, measured from the eye centre), split along one grid row into an
 * upper and a lower lid, and pulled apart into an almond-shaped opening. The lids hug the eyeball
 * (LID_GAP outside it) and blend into the face by the crease (LID_WIDTH of elevation from the row).
 */
export const LID_WIDTH = 0.78;
/** Half-width of the opening, radians of azimuth toward the temple and toward the nose; the lids meet at the corners. */
export const CORNER_AZ = 0.98;
export const INNER_CORNER_AZ = 0.84;

/** Azimuth of the corner on the side `az` points to (the left eye's nose side is −X). */
export const cornerAz = (eye: 'L' | 'R', az: number) => ((eye === 'L' ? az < 0 : az > 0) ? INNER_CORNER_AZ : CORNER_AZ);
const LID_GAP = 0.0011;
/** Region of the face re-laid around the eye (radians from the gaze axis). */
const REGION_INNER = 1.0;
const REGION_OUTER = 1.3;
/** Skin farther than this from the eye centre (the nose, the brow) is not part of a lid. */
export const LID_REACH: [number, number] = [0.021, 0.027];

export const eyeCenter = (eye: 'L' | 'R') => (eye === 'L' ? EYE_CENTER_L : EYE_CENTER_R);

/** Elevation of the lid's free edge at azimuth `az` at rest (upper +, lower −), 0 beyond the corners. */
export function lidEdge(eye: 'L' | 'R', side: 1 | -1, az: number): number {
  const f = Math.sqrt(Math.max(0, 1 - (az / cornerAz(eye, az)) ** 2));
  const outward = eye === 'L' ? az : -az; // toward the temple
  // The upper lid's arch peaks a little toward the nose; the lower lid is flatter.
  return side > 0 ? (0.5 - 0.05 * Math.tanh(outward * 1.5)) * f : -(0.38 + 0.03 * Math.tanh(outward * 1.5)) * f;
}

export const eyeDirection = (az: number, el: number): V3 => [Math.cos(el) * Math.sin(az), Math.sin(el), Math.cos(el) * Math.cos(az)];

/**
 * Distance of the lid skin from the eye centre: just outside the eyeball at the free edge, joining the
 * face's own surface (`face`, the head's distance along that direction) at the crease, so the lid has no step.
 */
export const lidRadius = (t: number, face: number) => {
  const edge = EYE_RADIUS + LID_GAP;
  return Math.max(edge, edge + (face - edge) * smoothstep(0, 1, t));
};

/**
 * Where the skin point `p` (on a grid row above (side +1) or below (−1) the eye's row) goes when the
 * lids are laid over the eye, with its lid coordinates; points outside the eye region come back unchanged.
 * `onEdge` marks the split row's own copies, which go exactly onto the free edge.
 */
export function layOverEye(p: V3, eye: 'L' | 'R', side: 1 | -1, onEdge: boolean): { p: V3; lid?: LidInfo } {
  const e = eyeCenter(eye);
  const d = norm(sub(p, e));
  if (d[2] <= 0) return { p };
  const gamma = Math.acos(Math.min(1, d[2]));
  if (gamma >= REGION_OUTER) return { p };
  const az = Math.atan2(d[0], d[2]);
  let el = onEdge ? 0 : Math.asin(Math.max(-1, Math.min(1, d[1])));
  // Rows above the split stay above it (and below stay below) even where the row curves.
  el = side > 0 ? Math.max(el, 0) : Math.min(el, 0);
  const edge = lidEdge(eye, side, az);
  const span = side * LID_WIDTH;
  const near = onEdge ? 1 : 1 - smoothstep(LID_REACH[0], LID_REACH[1], len(sub(p, e)));
  if (near === 0) return { p };
  const t = Math.min(1, el / span);
  const elNew = el + near * ((t >= 1 ? el : edge + (span - edge) * t) - el);
  const dir = eyeDirection(az, elNew);
  const r = lidRadius(t, outerDistance(e, dir, LID_REACH[1] + 0.006));
  const w = 1 - smoothstep(REGION_INNER, REGION_OUTER, gamma);
  const laid = add(e, scale(dir, r));
  const q: V3 = [p[0] + (laid[0] - p[0]) * w, p[1] + (laid[1] - p[1]) * w, p[2] + (laid[2] - p[2]) * w];
  return { p: q, lid: t < 1 ? { eye, side, az, el: elNew, r, t, w: w * near } : undefined };
}

/**
 * Displacement of a lid vertex when its free edge moves by `dEdge` radians of elevation (+ up) and
 * the lid slides `dAz` radians sideways; the motion fades to nothing at the crease.
 * Example: a blink moves the upper edge down to meet the lower one: `lidShift(lid, -0.45, 0)`.
 */
export function lidShift(lid: LidInfo, dEdge: number, dAz: number): V3 {
  const e = eyeCenter(lid.eye);
  const edge = lidEdge(lid.eye, lid.side, lid.az);
  const span = lid.side * LID_WIDTH;
  // Remap [edge, span] → [edge + dEdge, span] linearly.
  const f = (lid.el - edge) / (span - edge || 1e-9);
  const el = edge + dEdge + (span - edge - dEdge) * f;
  const az = lid.az + dAz * (1 - lid.t);
  // Skin sliding over the eyeball stays outside it.
  const r = Math.max(lid.r, EYE_RADIUS + LID_GAP);
  const from = add(e, scale(eyeDirection(lid.az, lid.el), lid.r));
  const to = add(e, scale(eyeDirection(az, el), r));
  return scale(sub(to, from), lid.w);
}
