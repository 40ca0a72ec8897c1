import { BROW_INNER_X, BROW_OUTER_X, BROW_Y, MOUTH_HALF_WIDTH, MOUTH_POINT } from './anatomy';
import type { Region } from './mesh-part';
import { type V3, bump, mix3, smoothstep, srgb } from './vec';

const SKIN = srgb(226, 170, 140);
const BLUSH = srgb(222, 140, 124);
const LIP = srgb(190, 96, 92);
const LIP_INNER = srgb(120, 40, 44);
const BROW = srgb(74, 48, 36);
export const LASH_COLOR = srgb(40, 26, 22);
const HAIR = srgb(58, 36, 26);

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
function hairMask(p: V3): number {
  const z = p[2];
  const line = z >= 0.055 ? 0.07 : z >= 0.0 ? 0.07 - ((0.055 - z) / 0.055) * 0.045 : Math.max(-0.065, 0.025 - (-z / 0.045) * 0.09);
  // A soft widow's peak: the hairline dips a little at the centre.
  const peak = -0.004 * Math.exp(-((p[0] / 0.015) ** 2)) * smoothstep(0.03, 0.07, z);
  const ear = bump(p, [Math.sign(p[0]) * 0.076, -0.006, -0.012], [0.02, 0.04, 0.028]);
  return smoothstep(line + peak - 0.004, line + peak + 0.006, p[1]) * (1 - smoothstep(0.05, 0.3, ear));
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

/** Vertex colour of the skin surface (linear RGB). */
export function skinColor(p: V3, region: Region): V3 {
  if (region === 'lipInnerUpper' || region === 'lipInnerLower') return mix3(LIP, LIP_INNER, 0.7);
  let c = SKIN;
  const blush = bump(p, [Math.sign(p[0]) * 0.042, -0.03, 0.07], [0.022, 0.016, 0.03]);
  c = mix3(c, BLUSH, 0.35 * blush);
  c = mix3(c, LIP, lipMask(p));
  c = mix3(c, BROW, 0.92 * browMask(p));
  c = mix3(c, HAIR, hairMask(p));
  return c;
}
