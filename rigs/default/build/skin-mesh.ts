import { EYE_CENTER_L, EYE_CENTER_R, EYE_RADIUS, MOUTH_HALF_WIDTH, MOUTH_POINT, SAMPLE_CENTER } from './anatomy';
import { LID_REACH, cornerAz, eyeCenter, eyeDirection, layOverEye } from './eyelids';
import { BUST_BOTTOM, NECK_AXIS_Z, NECK_CUT_Y, bustRings, shirtColor } from './bust';
import { surfaceAlong } from './head-sdf';
import { type LidInfo, type MeshPart, type Vertex, orientTriangles } from './mesh-part';
import { hairMask, skinColor, LASH_COLOR } from './skin-color';
import { type V3, add, mix3, norm, scale, smoothstep, sub } from './vec';

export interface SkinGridOptions {
  /** Columns around the head and rows from crown to neck base. */
  columns?: number;
  rows?: number;
}

export const SKIN_GRID_DEFAULTS: Required<SkinGridOptions> = { columns: 152, rows: 80 };

/** The lowest row sampled along rays from SAMPLE_CENTER; below it, rows run level around the neck. */
const PHI_NECK = -0.95;
/**
 * Level rows between that row and the neck's cut. Note that the renderer frames the face by the box of
 * the vertices the shapes move (5–95 % of them), so the throat's share of them sets the zoom: 17 rows
 * would frame the head as the 42 k-triangle head was, 7 frame it about 20 % closer, which the tracker
 * measures better on (tests/tracking/synthetic-subject: 2.2° median rotation error at 17 rows, passing at 7).
 */
const NECK_ROWS = 7;

/** Azimuth of column u ∈ [−1, 1): denser toward the face (u = 0 looks along +Z). */
const azimuth = (u: number) => Math.PI * (0.55 * u + 0.45 * u * u * u);

/**
 * Elevations of the rows below the crown pole down to `bottom` (inclusive), denser across the face,
 * with rows exactly at `fixed`.
 */
function elevations(rows: number, fixed: number[], bottom: number): number[] {
  const density = (phi: number) => 1 + 1.7 * Math.exp(-(((phi + 0.1) / 0.45) ** 2));
  const n = 20000;
  const span = Math.PI / 2 - bottom;
  const cum: number[] = [0];
  for (let i = 1; i <= n; i++) cum.push(cum[i - 1] + density(Math.PI / 2 - (span * (i - 0.5)) / n));
  const phis: number[] = [];
  let k = 0;
  for (let r = 1; r <= rows; r++) {
    const target = (cum[n] * r) / rows;
    while (k + 1 < n && cum[k + 1] < target) k++;
    phis.push(Math.PI / 2 - (span * (k + Math.min(1, (target - cum[k]) / (cum[k + 1] - cum[k])))) / n);
  }
  for (const phi of fixed) {
    let im = 0;
    for (let r = 1; r < phis.length; r++) if (Math.abs(phis[r] - phi) < Math.abs(phis[im] - phi)) im = r;
    const delta = phi - phis[im];
    for (let r = 0; r + 1 < phis.length; r++) phis[r] += delta * Math.max(0, 1 - Math.abs(r - im) / 5);
  }
  return phis;
}

/**
 * Which columns of the grid a row keeps around point `p` (every `stride`-th): all of them at the lids,
 * the nose, the lips (their edges are grid rows, and a coarse row shows as a polygonal lid) and the
 * hairline; every 2nd over the rest of the face, the ears and the throat; every 4th over the sides and
 * the back of the neck; every 8th at the back and the crown. The full grid puts a vertex every 1.5–2 mm,
 * a pixel or two in a 512² render, which software GL spends most of a frame on.
 */
export function columnStride(p: V3, theta: number, phi: number): number {
  const nearEye = Math.min(Math.hypot(...sub(p, EYE_CENTER_L)), Math.hypot(...sub(p, EYE_CENTER_R))) < LID_REACH[1] + 0.003;
  const nearMouth = Math.abs(p[0]) < MOUTH_HALF_WIDTH + 0.01 && Math.abs(p[1] - MOUTH_POINT[1]) < 0.014 && p[2] > 0.05;
  const nearNose = Math.abs(p[0]) < 0.018 && p[1] > -0.04 && p[1] < 0.02 && p[2] > 0.07;
  if (nearEye || nearMouth || nearNose) return 1;
  // The hairline is a colour edge across grid lines: coarse columns would show it as steps.
  const hair = hairMask(p);
  if (hair > 0.02 && hair < 0.98) return Math.abs(theta) < 1.9 ? 1 : 2;
  const nearEar = Math.abs(p[0]) > 0.055 && Math.abs(p[1] + 0.006) < 0.033 && Math.abs(p[2] + 0.012) < 0.024;
  const at = Math.abs(theta);
  if (nearEar || (at < 0.85 && phi > -0.95 && phi < 0.75)) return 2;
  if (at > 2.0 || phi > 1.0) return 8;
  return 4;
}

const direction = (theta: number, phi: number): V3 => [Math.sin(theta) * Math.cos(phi), Math.sin(phi), Math.cos(theta) * Math.cos(phi)];
const elevationOf = (p: V3) => {
  const m = sub(p, SAMPLE_CENTER);
  return Math.atan2(m[1], Math.hypot(m[0], m[2]));
};

export interface SkinMesh {
  part: MeshPart;
  mouthRow: number;
  eyeRow: number;
}

/**
 * The skin: a closed grid sampled along rays from SAMPLE_CENTER (crown pole to the neck-base cap).
 * Two grid rows are split: the mouth row between the lips (each side gets its own copy of the row,
 * plus an inner lip strip folding into the mouth) and the eye row between the eyelids (the lids are
 * laid over the eyeballs and pulled apart into the open eye, with a short lash margin turning in).
 */
export function buildSkin(options: SkinGridOptions = {}): SkinMesh {
  const { columns, rows } = { ...SKIN_GRID_DEFAULTS, ...options };
  const phiMouth = elevationOf(MOUTH_POINT);
  const phiEye = elevationOf(EYE_CENTER_L);
  const phis = elevations(rows, [phiMouth, phiEye], PHI_NECK);
  const nearest = (phi: number) => phis.reduce((best, p, r) => (Math.abs(p - phi) < Math.abs(phis[best] - phi) ? r : best), 0);
  const mouthRow = nearest(phiMouth);
  const eyeRow = nearest(phiEye);
  const thetas = Array.from({ length: columns }, (_, j) => azimuth(-1 + (2 * j) / columns));

  const vertices: Vertex[] = [];
  const add1 = (p: V3, extra: Partial<Vertex> = {}): number => {
    const region = extra.region ?? 'skin';
    vertices.push({ p, color: extra.color ?? skinColor(p, region), region, lip: extra.lip ?? 0, lid: extra.lid });
    return vertices.length - 1;
  };
  /** Lays a sampled point over the nearer eye when it is in an eye's region. */
  const withLids = (p: V3, side: 1 | -1, onEdge: boolean) => {
    const eye: 'L' | 'R' = p[0] >= 0 ? 'L' : 'R';
    return layOverEye(p, eye, side, onEdge);
  };

  const top = add1(surfaceAlong([0, 1, 0]));
  // Sample every grid point first, then keep only the columns each row needs (see `columnStride`).
  const sampled = phis.map((phi) => thetas.map((theta) => surfaceAlong(direction(theta, phi))));
  // The neck: level rows from the last ray-sampled row down to the cut at NECK_CUT_Y, each column
  // sampled outward from the vertical through SAMPLE_CENTER (so a column keeps its direction from the
  // rows above and the band between them does not shear), ending on one level ring for the bust.
  const lowest = sampled[sampled.length - 1];
  for (let k = 1; k <= NECK_ROWS; k++) {
    phis.push(PHI_NECK - (k / NECK_ROWS) * (Math.PI / 2 + PHI_NECK));
    sampled.push(
      thetas.map((theta, j) => {
        const y = lowest[j][1] + (NECK_CUT_Y - lowest[j][1]) * (k / NECK_ROWS);
        return surfaceAlong([Math.sin(theta), 0, Math.cos(theta)], [0, y, SAMPLE_CENTER[2]]);
      }),
    );
  }
  const upper = new Map<number, number>(); // key row * columns + col → vertex; on split rows the upper copy
  const lowerCopy = new Map<number, number>(); // the lower copy on split rows
  const kept: number[][] = []; // kept[row] = its columns, ascending (always including column 0)
  const isMouthCut = (p: V3, j: number) => Math.abs(p[0]) < MOUTH_HALF_WIDTH && Math.abs(thetas[j]) < Math.PI / 2;
  const isEyeCut = (p: V3) => {
    const eye = p[0] >= 0 ? 'L' : 'R';
    const e = eyeCenter(eye);
    const d = norm(sub(p, e));
    const az = Math.atan2(d[0], d[2]);
    return d[2] > 0 && Math.hypot(...sub(p, e)) < LID_REACH[0] && Math.abs(az) < cornerAz(eye, az);
  };
  phis.forEach((phi, r) => {
    const cols: number[] = [];
    thetas.forEach((theta, j) => {
      const p = sampled[r][j];
      const cut = (r === mouthRow && isMouthCut(p, j)) || (r === eyeRow && isEyeCut(p));
      // A split row's cut and its two neighbours are always kept (the lips and lid strips hang off them).
      const nearCut =
        (r === mouthRow || r === eyeRow) &&
        [-1, 0, 1].some((o) => {
          const q = sampled[r][(j + o + columns) % columns];
          return r === mouthRow ? isMouthCut(q, (j + o + columns) % columns) : isEyeCut(q);
        });
      if (!nearCut && j % columnStride(p, theta, phi) !== 0) return;
      cols.push(j);
      const key = r * columns + j;
      if (r === mouthRow && cut) {
        // Lips rest 0.35 mm apart at the centre: a closed mouth still shows a dark line between them.
        const gap = 0.00035 * smoothstep(MOUTH_HALF_WIDTH, MOUTH_HALF_WIDTH * 0.5, Math.abs(p[0]));
        upper.set(key, add1([p[0], p[1] + gap, p[2]], { lip: 1 }));
        lowerCopy.set(key, add1([p[0], p[1] - gap, p[2]], { lip: -1 }));
        return;
      }
      if (r === eyeRow && cut) {
        const up = withLids(p, 1, true);
        upper.set(key, add1(up.p, { lid: up.lid }));
        const lo = withLids(p, -1, true);
        lowerCopy.set(key, add1(lo.p, { lid: lo.lid }));
        return;
      }
      const laid = withLids(p, r <= eyeRow ? 1 : -1, false);
      upper.set(key, add1(laid.p, { lid: laid.lid }));
    });
    kept.push(cols);
  });

  const wrap = (j: number) => ((j % columns) + columns) % columns;
  /** Vertex at (row, col) as seen from the triangles below the row (lower copy on split rows). */
  const below = (r: number, j: number) => lowerCopy.get(r * columns + wrap(j)) ?? upper.get(r * columns + wrap(j))!;
  const above = (r: number, j: number) => upper.get(r * columns + wrap(j))!;
  const grid: MeshPart = { name: 'skin', material: 'skin', vertices, triangles: [] };
  const last = phis.length - 1;
  kept[0].forEach((j, i) => grid.triangles.push([top, above(0, kept[0][(i + 1) % kept[0].length]), above(0, j)]));
  // The bust hangs off the neck's last row, ring by ring in the same columns, closed by a cap.
  let ring = kept[last].map((j) => below(last, j));
  for (const next of bustRings(ring.map((v) => vertices[v].p))) {
    const made = next.points.map((p) => add1(p, { region: 'bust', color: next.shirt ? shirtColor(p) : skinColor(p, 'skin') }));
    ring.forEach((v, i) => {
      const i1 = (i + 1) % ring.length;
      grid.triangles.push([v, made[i], ring[i1]], [ring[i1], made[i], made[i1]]);
    });
    ring = made;
  }
  const bottom = add1(BUST_BOTTOM, { region: 'bust', color: shirtColor(BUST_BOTTOM) });
  ring.forEach((v, i) => grid.triangles.push([bottom, v, ring[(i + 1) % ring.length]]));
  // Neighbouring rows keep different columns: zip them together, always advancing along the row whose
  // next kept column comes first (both rows hold column 0, so the zip closes around the head).
  for (let r = 0; r < last; r++) {
    const a = kept[r];
    const b = kept[r + 1];
    let i = 0;
    let k = 0;
    while (i < a.length || k < b.length) {
      const na = i + 1 < a.length ? a[i + 1] : columns;
      const nb = k + 1 < b.length ? b[k + 1] : columns;
      if (na < nb) {
        grid.triangles.push([below(r, a[i]), below(r, na), above(r + 1, b[k])]);
        i++;
      } else if (nb < na) {
        grid.triangles.push([below(r, a[i]), above(r + 1, nb), above(r + 1, b[k])]);
        k++;
      } else {
        grid.triangles.push([below(r, a[i]), above(r + 1, b[k]), below(r, na)], [below(r, na), above(r + 1, b[k]), above(r + 1, nb)]);
        i++;
        k++;
      }
    }
  }
  // Outward: away from the head's centre, and on the bust away from the body's axis.
  orientTriangles(grid, (c) =>
    c[1] < NECK_CUT_Y ? norm([c[0], 0.3 * (c[1] - NECK_CUT_Y), c[2] - NECK_AXIS_Z]) : norm(sub(c, SAMPLE_CENTER)),
  );

  /** A strip hanging off a split row's copies: rows of points from `inward(vertex, k)`, orientation `facing`. */
  const strip = (
    row: number,
    side: 1 | -1,
    steps: number,
    inward: (v: Vertex, k: number) => (Partial<Vertex> & { p: V3 }) | null,
    facing: (c: V3) => V3,
  ) => {
    const cut = [...lowerCopy.keys()].filter((k) => Math.floor(k / columns) === row).map((k) => k % columns);
    const groups: number[][] = [];
    for (const j of cut.sort((a, b) => a - b)) {
      const g = groups[groups.length - 1];
      if (g && g[g.length - 1] === j - 1) g.push(j);
      else groups.push([j]);
    }
    for (const g of groups) {
      const cols = [g[0] - 1, ...g, g[g.length - 1] + 1]; // include the shared corner vertices
      const part: MeshPart = { name: 'strip', material: 'skin', vertices, triangles: [] };
      let prev = cols.map((j) => (side > 0 ? above(row, j) : below(row, j)));
      for (let k = 1; k <= steps; k++) {
        const next = prev.map((_, i) => {
          const edgeIndex = side > 0 ? above(row, cols[i]) : below(row, cols[i]);
          const made = inward(vertices[edgeIndex], k);
          return made ? add1(made.p, made) : edgeIndex;
        });
        for (let i = 0; i + 1 < next.length; i++) {
          for (const t of [
            [prev[i], next[i], prev[i + 1]],
            [prev[i + 1], next[i], next[i + 1]],
          ] as [number, number, number][]) {
            if (t[0] !== t[1] && t[1] !== t[2] && t[0] !== t[2]) part.triangles.push(t);
          }
        }
        prev = next;
      }
      orientTriangles(part, facing);
      grid.triangles.push(...part.triangles);
    }
  };

  // Inner lips: fold back into the mouth (toward −Z), pinched to nothing at the corners.
  for (const side of [1, -1] as const) {
    strip(
      mouthRow,
      side,
      4,
      (v, k) => {
        const pinch = smoothstep(MOUTH_HALF_WIDTH, MOUTH_HALF_WIDTH - 0.006, Math.abs(v.p[0]));
        if (pinch === 0) return null;
        const t = k / 4;
        const p: V3 = [v.p[0] * (1 - 0.08 * t * pinch), v.p[1] + side * 0.0035 * t * t * pinch, v.p[2] - 0.011 * t * pinch];
        return { p, region: side > 0 ? 'lipInnerUpper' : 'lipInnerLower' };
      },
      () => [0, -side, 0.2],
    );
  }
  // Lid margins: from each lid's free edge, a short turn toward the eyeball (dark lash line on top).
  for (const side of [1, -1] as const) {
    strip(
      eyeRow,
      side,
      1,
      (v) => {
        if (!v.lid || v.lid.t > 0.001) return null;
        const lid = v.lid;
        const inner = Math.sqrt(Math.max(0, 1 - (lid.az / cornerAz(lid.eye, lid.az)) ** 2));
        if (inner === 0) return null;
        const el = lid.el - side * 0.045 * inner;
        const r = EYE_RADIUS + 0.0003;
        const p = add(eyeCenter(lid.eye), scale(eyeDirection(lid.az, el), r));
        const marginLid: LidInfo = { ...lid, el, r };
        return { p, lid: marginLid, color: side > 0 ? LASH_COLOR : mix3(v.color, LASH_COLOR, 0.35) };
      },
      (c) => {
        const e = eyeCenter(c[0] >= 0 ? 'L' : 'R');
        return [0, -side, 0.15 + 0 * e[0]];
      },
    );
  }
  // Upper lashes: a short card from the upper lid's free edge, out and curling up, thinning out toward
  // the corners; its vertices carry lid coordinates, so blinks and gaze carry the lashes with the lid.
  strip(
    eyeRow,
    1,
    2,
    (v, k) => {
      if (!v.lid || v.lid.t > 0.001) return null;
      const lid = v.lid;
      const outward = lid.eye === 'L' ? lid.az : -lid.az; // toward the temple
      const inner = Math.sqrt(Math.max(0, 1 - (lid.az / cornerAz(lid.eye, lid.az)) ** 2));
      const length = inner * (0.55 + 0.45 * smoothstep(-0.6, 0.6, outward)); // longer toward the temple
      if (length < 0.12) return null;
      const t = k / 2;
      const el = lid.el + (0.05 * t + 0.11 * t * t) * length;
      const r = lid.r + 0.0034 * t * length;
      const p = add(eyeCenter(lid.eye), scale(eyeDirection(lid.az, el), r));
      return { p, lid: { ...lid, el, r }, color: LASH_COLOR };
    },
    () => [0, -1, 1],
  );
  // The upper lid's edge row carries the lash line too.
  for (const v of vertices) {
    if (v.lid && v.lid.side > 0 && v.lid.t < 0.001 && Math.abs(v.lid.az) < cornerAz(v.lid.eye, v.lid.az))
      v.color = mix3(v.color, LASH_COLOR, 0.85);
  }
  return { part: grid, mouthRow, eyeRow };
}
