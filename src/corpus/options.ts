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
