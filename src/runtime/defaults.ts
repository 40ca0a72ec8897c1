/**
 * The one typing of a stage's `*_DEFAULTS`: every option that has a default, present and read-only.
 * Defaults objects are `Object.freeze`d, so a caller that changes one gets an error instead of
 * changing every later call. Options without a default are left out with `Omit` (or the defaulted
 * ones picked with `Pick`).
 * Example: `export const MIX_DEFAULTS: Defaults<Omit<MixOptions, 'balanceLU'>> = Object.freeze({ peakDb: -1 })`
 */
export type Defaults<T> = Readonly<Required<T>>;

/**
 * `{ ...DEFAULTS, ...options }` where an option given as `undefined` keeps its default
 * (callers pass optional settings straight through).
 * Example: `const o = withDefaults(RENDER_BAND_DEFAULTS, options)`
 */
export function withDefaults<D extends object, O extends object>(defaults: D, options: O): D & O {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) out[k] = v;
  return out as D & O;
}
