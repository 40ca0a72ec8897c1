import { EYE_CENTER_L, EYE_CENTER_R, EYE_RADIUS } from './anatomy';
import { type MeshPart, type Region, type Vertex, orientTriangles } from './mesh-part';
import { type V3, add, mix3, norm, smoothstep, srgb, sub } from './vec';

/** A grid of rows × cols vertices from `at(r, c)`, stitched into quads (optionally wrapping columns). */
function gridPart(
  name: string,
  material: MeshPart['material'],
  rows: number,
  cols: number,
  at: (r: number, c: number) => Vertex,
  wrap: boolean,
): MeshPart {
  const vertices: Vertex[] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) vertices.push(at(r, c));
  const triangles: [number, number, number][] = [];
  const idx = (r: number, c: number) => r * cols + (wrap ? c % cols : c);
  for (let r = 0; r + 1 < rows; r++) {
    for (let c = 0; c < (wrap ? cols : cols - 1); c++) {
      triangles.push([idx(r, c), idx(r + 1, c), idx(r, c + 1)], [idx(r, c + 1), idx(r + 1, c), idx(r + 1, c + 1)]);
    }
  }
  return { name, material, vertices, triangles };
}

/**
 * Polar angles (from the gaze axis) of the eyeball's rings: fine rings at the pupil and iris edges, few
 * behind the lids (the back of the eyeball is never seen).
 */
const EYE_RINGS = [0, 0.1, 0.15, 0.175, 0.27, 0.4, 0.445, 0.47, 0.5, 0.58, 0.75, 1.0, 1.35, 1.8, 2.5, Math.PI];
const PUPIL = 0.16;
const IRIS = 0.46;
const IRIS_IN = srgb(70, 112, 140);
const IRIS_OUT = srgb(40, 70, 96);
const SCLERA = srgb(244, 240, 234);

/** An eyeball looking along +Z: pupil, iris with a dark limbal ring, sclera, and a slight corneal bulge. */
export function buildEyeball(side: 'L' | 'R'): MeshPart {
  const center = side === 'L' ? EYE_CENTER_L : EYE_CENTER_R;
  const cols = 26;
  const region: Region = side === 'L' ? 'eyeL' : 'eyeR';
  const part = gridPart(
    `eye_${side}`,
    'eye',
    EYE_RINGS.length,
    cols,
    (r, c) => {
      const a = EYE_RINGS[r];
      const az = (2 * Math.PI * c) / cols;
      const bulge = a < 0.5 ? 0.0007 * (1 - (a / 0.5) ** 2) : 0;
      const rad = EYE_RADIUS + bulge;
      const p: V3 = add(center, [rad * Math.sin(a) * Math.cos(az), rad * Math.sin(a) * Math.sin(az), rad * Math.cos(a)]);
      let color: V3;
      if (a < PUPIL) color = srgb(12, 10, 10);
      else if (a < IRIS) color = mix3(IRIS_IN, IRIS_OUT, smoothstep(PUPIL, IRIS, a));
      else color = mix3(srgb(60, 60, 66), SCLERA, smoothstep(IRIS, 0.56, a));
      return { p, color, region, lip: 0 };
    },
    true,
  );
  orientTriangles(part, (c) => sub(c, center));
  return part;
}

/** Upper or lower teeth: a white band along an elliptic arch behind the lips, with shallow grooves between teeth. */
export function buildTeeth(which: 'upper' | 'lower'): MeshPart {
  const up = which === 'upper' ? 1 : -1;
  const arch = { cx: 0, cz: 0.0535, rx: 0.0232, rz: 0.0215 };
  const top = up > 0 ? -0.0468 : -0.0655; // root side, hidden in the gums/cavity
  const edge = up > 0 ? -0.0558 : -0.0563;
  const cols = 41;
  const psiMax = 1.45;
  const depth = 0.0045;
  const white = srgb(246, 242, 230);
  const groove = srgb(196, 186, 170);
  // Cross-section: root (outer) → edge (outer) → edge (inner) → root (inner).
  const section = [
    { y: top, inset: 0 },
    { y: edge + up * 0.0012, inset: 0 },
    { y: edge, inset: 0.0012 },
    { y: edge, inset: depth - 0.0012 },
    { y: edge + up * 0.0012, inset: depth },
    { y: top, inset: depth },
  ];
  const region: Region = up > 0 ? 'teethUpper' : 'teethLower';
  const part = gridPart(
    `teeth_${which}`,
    'teeth',
    section.length,
    cols,
    (r, c) => {
      const psi = -psiMax + (2 * psiMax * c) / (cols - 1);
      // Tooth widths shrink toward the back; grooves at tooth boundaries.
      const toothPhase = Math.sin((psi / psiMax) * Math.PI * 5.5 * (up > 0 ? 1 : 1.15));
      const g = Math.abs(toothPhase) < 0.25 ? 1 - Math.abs(toothPhase) / 0.25 : 0;
      const s = section[r];
      const rx = arch.rx - s.inset - 0.0005 * g;
      const rz = arch.rz - s.inset - 0.0005 * g;
      const p: V3 = [arch.cx + rx * Math.sin(psi), s.y, arch.cz + rz * Math.cos(psi)];
      return { p, color: mix3(white, groove, 0.6 * g), region, lip: 0 };
    },
    false,
  );
  orientTriangles(part, (c) => {
    // Outward from the arch on the front face, downward (upper) / upward (lower) on the biting edge.
    const radial = norm([c[0] / arch.rx, 0, (c[2] - arch.cz) / arch.rz]);
    const y = c[1];
    if (Math.abs(y - edge) < 0.0009) return [0, -up, 0];
    const rr = Math.hypot(c[0] / arch.rx, (c[2] - arch.cz) / arch.rz);
    return rr > 1 - (depth / arch.rx) * 0.5 ? radial : [-radial[0], 0, -radial[2]];
  });
  return part;
}

/**
 * An ellipsoid mesh (rows × cols), normals outward (or inward for the mouth's inside). `open` > 0
 * leaves out the front cap within that angle of +Z (the mouth bag has no front wall: renderers that
 * draw back faces would otherwise see it in front of the teeth).
 */
function ellipsoidPart(
  name: string,
  material: MeshPart['material'],
  region: Region,
  c: V3,
  r: V3,
  color: (p: V3) => V3,
  inward: boolean,
  open = 0,
): MeshPart {
  const rows = 10;
  const cols = 20;
  // Rows run around the Z axis here (latitude measured from +Z) so a front opening is a clean ring.
  const part = gridPart(
    name,
    material,
    rows,
    cols,
    (i, j) => {
      const th = open + ((Math.PI - open) * (i + (open ? 0 : 0.5))) / (rows - (open ? 1 : 0));
      const az = (2 * Math.PI * j) / cols;
      if (open) {
        const p: V3 = add(c, [r[0] * Math.sin(th) * Math.cos(az), r[1] * Math.sin(th) * Math.sin(az), r[2] * Math.cos(th)]);
        return { p, color: color(p), region, lip: 0 };
      }
      const p: V3 = add(c, [r[0] * Math.sin(th) * Math.sin(az), r[1] * Math.cos(th), r[2] * Math.sin(th) * Math.cos(az)]);
      return { p, color: color(p), region, lip: 0 };
    },
    true,
  );
  if (!open) {
    // Close the two poles (the rows stop half a step short of them).
    for (const [row, y] of [
      [0, 1],
      [rows - 1, -1],
    ] as const) {
      const p: V3 = add(c, [0, r[1] * y, 0]);
      const pole = part.vertices.push({ p, color: color(p), region, lip: 0 }) - 1;
      for (let j = 0; j < cols; j++) part.triangles.push([pole, row * cols + j, row * cols + ((j + 1) % cols)]);
    }
  }
  orientTriangles(part, (p) => (inward ? sub(c, p) : sub(p, c)));
  return part;
}

/** The tongue, resting on the floor of the mouth. */
export function buildTongue(): MeshPart {
  const tip = srgb(214, 112, 116);
  const base = srgb(170, 72, 80);
  return ellipsoidPart(
    'tongue',
    'mouth',
    'tongue',
    [0, -0.0632, 0.054],
    [0.0158, 0.0052, 0.0235],
    (p) => mix3(base, tip, smoothstep(0.04, 0.075, p[2])),
    false,
  );
}

/** The inside of the mouth: a closed bag seen from inside, dark red deeper in. */
export function buildCavity(): MeshPart {
  const near = srgb(120, 44, 50);
  const deep = srgb(46, 12, 16);
  return ellipsoidPart(
    'mouth',
    'mouth',
    'cavity',
    [0, -0.0558, 0.054],
    [0.0275, 0.0175, 0.03],
    (p) => mix3(deep, near, smoothstep(0.045, 0.08, p[2])),
    true,
    0.75,
  );
}

export const EYE_PARTS = () => [buildEyeball('L'), buildEyeball('R')];
export const MOUTH_PARTS = () => [buildTeeth('upper'), buildTeeth('lower'), buildTongue(), buildCavity()];
