import { ARKIT_COUNT, ARKIT_NAMES, type ArkitName, arkitIndex } from '../track';
import { nnls } from './nnls';
import type { Mix, MixTerm } from './profile';
import type { Defaults } from '../runtime';
import { withDefaults } from '../runtime';

export interface VisemeMixOptions {
  /** Ridge weight: keeps the fitted weights small and spread instead of leaning on one viseme. */
  ridge?: number;
  /** Mix terms below this are dropped (they change no weight by more than 1/100). */
  prune?: number;
}

export const VISEME_MIX_DEFAULTS: Defaults<VisemeMixOptions> = Object.freeze({ ridge: 0.01, prune: 0.01 });

/**
 * Fits a fixed, linear ARKit → viseme mix so that a viseme-only rig *looks like* the ARKit frame.
 * The columns of S are the visemes' own ARKit compositions (`shapes`); for every ARKit weight k that
 * any viseme uses, the non-negative viseme combination w_k minimising ‖S·w_k − e_k‖² + ridge·‖w_k‖²
 * is found (NNLS), so that by linearity S·(Σ a_k·w_k) ≈ a for any frame a. Viseme j is then
 * Σ_k w_kj · a_k. Shapes that no viseme has (brows, eyes) are ignored.
 * Example: `fitVisemeMix({ aa: { jawOpen: 0.7 }, U: { mouthFunnel: 0.6 } })` → { aa: [{arkit: jawOpen, …}], U: [...] }
 */
export function fitVisemeMix(
  shapes: Record<string, Partial<Record<ArkitName, number>>>,
  options: VisemeMixOptions = {},
): Record<string, Mix> {
  const { ridge, prune } = withDefaults(VISEME_MIX_DEFAULTS, options);
  const names = Object.keys(shapes);
  const used = ARKIT_NAMES.map((_, k) => k).filter((k) => names.some((v) => (shapes[v][ARKIT_NAMES[k]] ?? 0) !== 0));
  // Rows: one per used ARKit weight (S), then ridge rows √λ·I over the visemes.
  const a: number[][] = [
    ...used.map((k) => names.map((v) => shapes[v][ARKIT_NAMES[k]] ?? 0)),
    ...names.map((_, i) => names.map((__, j) => (i === j ? Math.sqrt(ridge) : 0))),
  ];
  const terms: MixTerm[][] = names.map(() => []);
  used.forEach((k, row) => {
    const b = [...used.map((_, r) => (r === row ? 1 : 0)), ...names.map(() => 0)];
    nnls(a, b).forEach((w, j) => {
      const weight = Math.round(w * 1000) / 1000;
      if (weight >= prune) terms[j].push({ arkit: k, weight });
    });
  });
  return Object.fromEntries(names.map((v, j) => [v, terms[j]]));
}

/** Applies a mix to one frame of ARKit weights (clamped to [0, 1]). */
export function applyMix(mix: Mix, arkitRow: ArrayLike<number>, offset = 0): number {
  let s = 0;
  for (const t of mix) s += t.weight * arkitRow[offset + t.arkit];
  return s < 0 ? 0 : Math.min(s, 1);
}

/** Human-readable mix, e.g. "1.1·jawOpen + 0.4·mouthLowerDownLeft". */
export function describeMix(mix: Mix): string {
  return mix.length ? mix.map((t) => `${t.weight}·${ARKIT_NAMES[t.arkit]}`).join(' + ') : '(rest)';
}

/** ARKit row of a pure composition (used by tests and docs to show what a mix recovers). */
export function compositionRow(shape: Partial<Record<ArkitName, number>>): Float32Array {
  const row = new Float32Array(ARKIT_COUNT);
  for (const [k, v] of Object.entries(shape)) row[arkitIndex(k)] = v as number;
  return row;
}
