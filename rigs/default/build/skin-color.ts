import { BROW_INNER_X, BROW_OUTER_X, BROW_Y, MOUTH_HALF_WIDTH, MOUTH_POINT } from './anatomy';
import type { Region } from './mesh-part';
import { headSdf } from './head-sdf';
import { type V3, bump, clamp01, lerp, mix3, norm, smoothstep, srgb } from './vec';

const SKIN = srgb(232, 180, 152);
const BLUSH = srgb(222, 140, 124);
const LIP = srgb(190, 96, 92);
const LIP_INNER = srgb(120, 40, 44);
const BROW = srgb(74, 48, 36);
export const LASH_COLOR = srgb(40, 26, 22);
const HAIR = srgb(52, 34, 26);
/** What skin becomes where little light reaches: deeper and redder rather than grey (light scattered under the skin comes out red). */
const WARM_SHADOW: V3 = [0.7, 0.46, 0.4];

/** Height of the eyebrow's centre line at |x| (arched, outer end a little lower), and its half-thickness. */
export function browLine(ax: number): { y: number; half: number; t: number } {
  const t = (ax - BROW_INNER_X) / (BROW_OUTER_X - BROW_INNER_X);
  return { y: BROW_Y + 0.0055 * Math.sin(Math.PI * Math.min(1, Math.max(0, t)) * 0.9) - 0.004 * t, half: 0.0042 - 0.0018 * t, t };
}

/** How much a point is eyebrow (0…1). */
export function browMask(p: V3): number {
  if (p[2] < 0.03) return 0;
  const b = browLine(Math.abs(p[0]));
  const along = smoothstep(-0.08, 0.05, b.t) * smoothstep(1.08, 0.95, b.t);
  // A soft edge wider than the skin grid's spacing (~2 mm), so the brow's outline does not step.
  return along * smoothstep(b.half + 0.0011, b.half - 0.0013, Math.abs(p[1] - b.y));
}

/** Hair: above a hairline that runs high over the forehead and drops behind the ears to the nape. */
export function hairMask(p: V3): number {
  const z = p[2];
  const line = z >= 0.055 ? 0.07 : z >= 0.0 ? 0.07 - ((0.055 - z) / 0.055) * 0.045 : Math.max(-0.065, 0.025 - (-z / 0.045) * 0.09);
  // A soft widow's peak: the hairline dips a little at the centre.
  const peak = -0.004 * Math.exp(-((p[0] / 0.015) ** 2)) * smoothstep(0.03, 0.07, z);
  const ear = bump(p, [Math.sign(p[0]) * 0.076, -0.006, -0.012], [0.02, 0.04, 0.028]);
  // A soft edge (fine hairs thin out over a centimetre or so), which also hides the grid it is painted on.
  return smoothstep(line + peak - 0.007, line + peak + 0.009, p[1]) * (1 - smoothstep(0.05, 0.3, ear));
}

/** Lips (0…1): the region around the mouth line inside the lips' outline. */
function lipMask(p: V3): number {
  const dx = Math.abs(p[0]) / (MOUTH_HALF_WIDTH + 0.001);
  if (dx >= 1 || p[2] < 0.06) return 0;
  const dy = p[1] - MOUTH_POINT[1];
  // Upper lip a bit thinner than the lower; both taper to the corners; cupid's bow on top.
  const bow = 0.0012 * Math.exp(-(((Math.abs(p[0]) - 0.0055) / 0.004) ** 2)) - 0.0006 * Math.exp(-((p[0] / 0.003) ** 2));
  const upper = (0.0068 + bow) * Math.sqrt(1 - dx * dx);
  const lowerT = 0.0085 * Math.sqrt(1 - dx * dx);
  return dy >= 0 ? smoothstep(upper + 0.0012, upper - 0.0008, dy) : smoothstep(lowerT + 0.0012, lowerT - 0.0008, -dy);
}

/**
 * How open the surface at `p` is to light, 0…1: the head's distance field sampled a few millimetres out
 * along its normal (a crease or socket finds the surface nearer than the step it took).
 */
export function openness(p: V3): number {
  const h = 0.0006;
  const n = norm([
    headSdf([p[0] + h, p[1], p[2]]) - headSdf([p[0] - h, p[1], p[2]]),
    headSdf([p[0], p[1] + h, p[2]]) - headSdf([p[0], p[1] - h, p[2]]),
    headSdf([p[0], p[1], p[2] + h]) - headSdf([p[0], p[1], p[2] - h]),
  ]);
  const d0 = headSdf(p);
  let occ = 0;
  // Centimetre steps: the broad hollows (eye sockets, under the jaw, behind the ears) darken, while a
  // millimetre crease (where the nose meets the cheek) does not draw a line at every vertex it crosses.
  for (let i = 1; i <= 4; i++) {
    const step = 0.009 * i;
    const d = headSdf([p[0] + n[0] * step, p[1] + n[1] * step, p[2] + n[2] * step]) - d0;
    occ += 0.5 ** i * Math.max(0, (step - d) / step);
  }
  return clamp01(1 - 0.8 * occ);
}

/** Vertex colour of the skin surface (linear RGB). */
export function skinColor(p: V3, region: Region): V3 {
  if (region === 'lipInnerUpper' || region === 'lipInnerLower') return mix3(LIP, LIP_INNER, 0.7);
  let c = SKIN;
  const blush = bump(p, [Math.sign(p[0]) * 0.042, -0.03, 0.07], [0.022, 0.016, 0.03]);
  c = mix3(c, BLUSH, 0.35 * blush);
  // Thin, blood-rich parts (nose tip, ears) are a little redder.
  const thin = Math.max(
    bump(p, [0, -0.024, 0.1], [0.014, 0.012, 0.014]),
    bump(p, [Math.sign(p[0]) * 0.076, -0.006, -0.012], [0.014, 0.03, 0.02]),
  );
  c = mix3(c, BLUSH, 0.3 * thin);
  c = mix3(c, LIP, lipMask(p));
  c = mix3(c, BROW, 0.92 * browMask(p));
  c = mix3(c, HAIR, hairMask(p));
  const open = openness(p);
  return [c[0] * lerp(WARM_SHADOW[0], 1, open), c[1] * lerp(WARM_SHADOW[1], 1, open), c[2] * lerp(WARM_SHADOW[2], 1, open)];
}
