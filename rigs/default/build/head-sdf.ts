import { EYE_CENTER_L, EYE_CENTER_R, EYE_RADIUS, NECK_BOTTOM_Y, SAMPLE_CENTER } from './anatomy';
import { type V3, add, len, scale, sub } from './vec';

/** Approximate signed distance to an ellipsoid (exact sign, good enough near the surface). */
function ellipsoid(p: V3, c: V3, r: V3): number {
  const q = sub(p, c);
  const k0 = Math.hypot(q[0] / r[0], q[1] / r[1], q[2] / r[2]);
  const k1 = Math.hypot(q[0] / (r[0] * r[0]), q[1] / (r[1] * r[1]), q[2] / (r[2] * r[2]));
  return k1 === 0 ? -Math.min(...r) : (k0 * (k0 - 1)) / k1;
}

function capsule(p: V3, a: V3, b: V3, r: number): number {
  const pa = sub(p, a);
  const ba = sub(b, a);
  const h = Math.max(0, Math.min(1, (pa[0] * ba[0] + pa[1] * ba[1] + pa[2] * ba[2]) / (ba[0] ** 2 + ba[1] ** 2 + ba[2] ** 2)));
  return len(sub(pa, scale(ba, h))) - r;
}

/** Polynomial smooth minimum (blend radius k). */
export function smin(a: number, b: number, k: number): number {
  const h = Math.max(k - Math.abs(a - b), 0) / k;
  return Math.min(a, b) - (h * h * k) / 4;
}
export const smax = (a: number, b: number, k: number) => -smin(-a, -b, k);

const mirror = (c: V3): V3 => [-c[0], c[1], c[2]];

/** Half-width and half-depth of the neck, metres. */
export const NECK_RADII = [0.049, 0.046];
/** The neck's axis in z. */
export const NECK_AXIS_Z = -0.012;

/**
 * Signed distance of the stylised head (negative inside), head-local metres. Built from smooth
 * unions of ellipsoids (cranium, face, jaw, chin, cheeks, brow ridge, lips, ears), a capsule nose,
 * and a neck cylinder cut at the neck's base. The eyes sit in it; the lids are made by warping the
 * skin over them (eyelids.ts).
 */
export function headSdf(p: V3): number {
  let d = ellipsoid(p, [0, 0.022, -0.008], [0.074, 0.097, 0.094]); // cranium
  d = smin(d, ellipsoid(p, [0, 0.033, -0.017], [0.077, 0.1, 0.097]), 0.01); // hair volume, top and back
  d = smin(d, ellipsoid(p, [0, -0.02, 0.022], [0.066, 0.07, 0.07]), 0.02); // face
  d = smin(d, ellipsoid(p, [0, -0.058, 0.016], [0.054, 0.048, 0.068]), 0.02); // jaw
  d = smin(d, ellipsoid(p, [0, -0.09, 0.058], [0.021, 0.017, 0.02]), 0.018); // chin
  for (const c of [[0.04, -0.028, 0.056] as V3]) {
    d = smin(d, ellipsoid(p, c, [0.027, 0.024, 0.027]), 0.016); // cheeks
    d = smin(d, ellipsoid(p, mirror(c), [0.027, 0.024, 0.027]), 0.016);
  }
  d = smin(d, ellipsoid(p, [0, 0.027, 0.065], [0.058, 0.015, 0.024]), 0.014); // brow ridge
  d = smin(d, capsule(p, [0, 0.012, 0.084], [0, -0.02, 0.1], 0.0082), 0.008); // nose bridge
  d = smin(d, ellipsoid(p, [0, -0.024, 0.1], [0.011, 0.0105, 0.011]), 0.006); // nose tip
  for (const c of [[0.0105, -0.028, 0.0915] as V3]) {
    d = smin(d, ellipsoid(p, c, [0.0075, 0.0068, 0.0075]), 0.005); // alae
    d = smin(d, ellipsoid(p, mirror(c), [0.0075, 0.0068, 0.0075]), 0.005);
  }
  d = smin(d, ellipsoid(p, [0, -0.0485, 0.0875], [0.024, 0.0075, 0.011]), 0.006); // upper lip
  d = smin(d, ellipsoid(p, [0, -0.0605, 0.0855], [0.021, 0.0085, 0.011]), 0.006); // lower lip
  for (const c of [[0.073, -0.006, -0.012] as V3]) {
    d = smin(d, ellipsoid(p, c, [0.012, 0.029, 0.018]), 0.006); // ears
    d = smin(d, ellipsoid(p, mirror(c), [0.012, 0.029, 0.018]), 0.006);
  }
  // The eyeballs' cover: a shell just outside each eyeball, blended into brow and cheek, so the lids
  // laid over the eye (eyelids.ts) continue the face instead of standing out of it as a box.
  for (const c of [EYE_CENTER_L, EYE_CENTER_R]) d = smin(d, len(sub(p, c)) - (EYE_RADIUS + 0.0006), 0.016);
  // Neck: an elliptic cylinder below the skull, a little wider than deep, cut flat at its base.
  const neck = Math.hypot(p[0] / NECK_RADII[0], (p[2] - NECK_AXIS_Z) / NECK_RADII[1]) * NECK_RADII[1] - NECK_RADII[1];
  d = smin(d, Math.max(neck, p[1] + 0.03), 0.02);
  d = Math.max(d, NECK_BOTTOM_Y - p[1]);
  return d;
}

/**
 * Distance from `origin` along unit `dir` to the outermost surface crossing within `reach` metres:
 * marching in from `reach` until inside, then bisecting. It steps over a fold the ray leaves and
 * re-enters (seen from an eye's centre, the side of the nose lies beyond the eye's own cover).
 */
export function outerDistance(origin: V3, dir: V3, reach: number): number {
  const at = (t: number) => add(origin, scale(dir, t));
  let outside = reach;
  let t = reach;
  while (t > 0 && headSdf(at(t)) > 0) {
    outside = t;
    t -= 0.0005;
  }
  let inside = Math.max(t, 0);
  for (let i = 0; i < 40; i++) {
    const mid = (outside + inside) / 2;
    if (headSdf(at(mid)) > 0) outside = mid;
    else inside = mid;
  }
  return (outside + inside) / 2;
}

/**
 * The outermost surface point along the ray from `origin` (default SAMPLE_CENTER) in direction `dir` (unit):
 * march inward from outside until inside, then bisect.
 */
export function surfaceAlong(dir: V3, origin: V3 = SAMPLE_CENTER): V3 {
  const at = (t: number) => add(origin, scale(dir, t));
  // Nothing of the head is farther than 0.22 m from the centre; 1.2 mm steps cannot skip a feature
  // (the thinnest, the lips and ears, are several millimetres thick), bisection then finds the surface.
  let outside = 0.22;
  let t = outside;
  const step = 0.0012;
  while (t > 0 && headSdf(at(t)) > 0) {
    outside = t;
    t -= step;
  }
  let inside = Math.max(t, 0);
  for (let i = 0; i < 40; i++) {
    const mid = (outside + inside) / 2;
    if (headSdf(at(mid)) > 0) outside = mid;
    else inside = mid;
  }
  return at((outside + inside) / 2);
}
