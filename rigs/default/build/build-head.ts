import { headParts } from './head-parts';
import { ARKIT_SHAPES } from './shapes';
import { buildHeadGlb } from './write-head';

/**
 * The default head as GLB bytes, deterministic (same code → same bytes).
 * Example: `fs.writeFileSync('head.glb', buildDefaultHead())`
 */
export function buildDefaultHead(): Uint8Array {
  return buildHeadGlb(headParts(), ARKIT_SHAPES);
}
