import { EYE_CENTER_L, EYE_RADIUS, MOUTH_HALF_WIDTH, MOUTH_POINT, SAMPLE_CENTER } from './anatomy';
import { LID_REACH, cornerAz, eyeCenter, eyeDirection, layOverEye } from './eyelids';
import { surfaceAlong } from './head-sdf';
import { type LidInfo, type MeshPart, type Vertex, orientTriangles } from './mesh-part';
import { skinColor, LASH_COLOR } from './skin-color';
import { type V3, add, mix3, norm, scale, smoothstep, sub } from './vec';

export interface SkinGridOptions {
  /** Columns around the head and rows from crown to neck base. */
  columns?: number;
  rows?: number;
}

export const SKIN_GRID_DEFAULTS: Required<SkinGridOptions> = { columns: 152, rows: 120 };

/** Azimuth of column u ∈ [−1, 1): denser toward the face (u = 0 looks along +Z). */
const azimuth = (u: number) => Math.PI * (0.55 * u + 0.45 * u * u * u);

/** Elevations of the interior rows (top to bottom), denser across the face, with rows exactly at `fixed`. */
function elevations(rows: number, fixed: number[]): number[] {
  const density = (phi: number) => 1 + 1.7 * Math.exp(-(((phi + 0.1) / 0.45) ** 2));
  const n = 20000;
  const cum: number[] = [0];
  for (let i = 1; i <= n; i++) cum.push(cum[i - 1] + density(Math.PI / 2 - (Math.PI * (i - 0.5)) / n));
  const phis: number[] = [];
  let k = 0;
  for (let r = 1; r < rows; r++) {
    const target = (cum[n] * r) / rows;
    while (cum[k + 1] < target) k++;
    phis.push(Math.PI / 2 - (Math.PI * (k + (target - cum[k]) / (cum[k + 1] - cum[k]))) / n);
  }
  for (const phi of fixed) {
    let im = 0;
    for (let r = 1; r < phis.length; r++) if (Math.abs(phis[r] - phi) < Math.abs(phis[im] - phi)) im = r;
    const delta = phi - phis[im];
    for (let r = 0; r < phis.length; r++) phis[r] += delta * Math.max(0, 1 - Math.abs(r - im) / 5);
  }
  return phis;
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
  const phis = elevations(rows, [phiMouth, phiEye]);
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
  const upper: number[][] = []; // grid[row][col]; on split rows this is the upper copy
  const lowerCopy = new Map<number, number>(); // key row * columns + col → lower copy on split rows
  const isMouthCut = (p: V3, j: number) => Math.abs(p[0]) < MOUTH_HALF_WIDTH && Math.abs(thetas[j]) < Math.PI / 2;
  const isEyeCut = (p: V3) => {
    const eye = p[0] >= 0 ? 'L' : 'R';
    const e = eyeCenter(eye);
    const d = norm(sub(p, e));
    const az = Math.atan2(d[0], d[2]);
    return d[2] > 0 && Math.hypot(...sub(p, e)) < LID_REACH[0] && Math.abs(az) < cornerAz(eye, az);
  };
  phis.forEach((phi, r) => {
    upper.push(
      thetas.map((theta, j) => {
        const p = surfaceAlong(direction(theta, phi));
        if (r === mouthRow && isMouthCut(p, j)) {
          // Lips rest 0.35 mm apart at the centre: a closed mouth still shows a dark line between them.
          const gap = 0.00035 * smoothstep(MOUTH_HALF_WIDTH, MOUTH_HALF_WIDTH * 0.5, Math.abs(p[0]));
          lowerCopy.set(r * columns + j, add1([p[0], p[1] - gap, p[2]], { lip: -1 }));
          return add1([p[0], p[1] + gap, p[2]], { lip: 1 });
        }
        if (r === eyeRow && isEyeCut(p)) {
          const lo = withLids(p, -1, true);
          lowerCopy.set(r * columns + j, add1(lo.p, { lid: lo.lid }));
          const up = withLids(p, 1, true);
          return add1(up.p, { lid: up.lid });
        }
        const laid = withLids(p, r <= eyeRow ? 1 : -1, false);
        return add1(laid.p, { lid: laid.lid });
      }),
    );
  });
  const bottom = add1(surfaceAlong([0, -1, 0]));

  const wrap = (j: number) => ((j % columns) + columns) % columns;
  /** Vertex at (row, col) as seen from the quads below the row (lower copy on split rows). */
  const below = (r: number, j: number) => lowerCopy.get(r * columns + wrap(j)) ?? upper[r][wrap(j)];
  const above = (r: number, j: number) => upper[r][wrap(j)];
  const grid: MeshPart = { name: 'skin', material: 'skin', vertices, triangles: [] };
  for (let j = 0; j < columns; j++) {
    grid.triangles.push([top, above(0, j + 1), above(0, j)]);
    grid.triangles.push([bottom, below(phis.length - 1, j), below(phis.length - 1, j + 1)]);
  }
  for (let r = 0; r + 1 < phis.length; r++) {
    for (let j = 0; j < columns; j++) {
      const a = below(r, j);
      const b = below(r, j + 1);
      const c = above(r + 1, j);
      const d = above(r + 1, j + 1);
      grid.triangles.push([a, c, b], [b, c, d]);
    }
  }
  orientTriangles(grid, (c) => norm(sub(c, SAMPLE_CENTER)));

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
  // The upper lid's edge row carries the lash line too.
  for (const v of vertices) {
    if (v.lid && v.lid.side > 0 && v.lid.t < 0.001 && Math.abs(v.lid.az) < cornerAz(v.lid.eye, v.lid.az))
      v.color = mix3(v.color, LASH_COLOR, 0.85);
  }
  return { part: grid, mouthRow, eyeRow };
}
