import { ARKIT_NAMES, type ArkitName, arkitIndex } from '../track';

/** One ARKit weight's contribution to a rig target: target = clamp(Σ weight · arkit[k], 0, 1). */
export interface MixTerm {
  arkit: number;
  weight: number;
}
export type Mix = readonly MixTerm[];

/**
 * A naming scheme for face targets: every target name it defines and the ARKit mix that drives it.
 * An empty mix means "known to this scheme, deliberately left at rest" (e.g. `_neutral`).
 */
export interface RigProfile {
  id: string;
  title: string;
  /** nameKey(target name) → mix */
  entries: ReadonlyMap<string, Mix>;
  /** Breaks ties between schemes that share names (e.g. CC4's "A01_…" spelling of ARKit names). */
  styleBonus?: (names: readonly string[]) => number;
}

/** How a scheme spells a target: one ARKit name (identity or rename), a weighted mix, or nothing. */
export type ProfileSpec = ArkitName | Partial<Record<ArkitName, number>> | null;

/**
 * Canonical spelling for matching target names across tools: drops exporter prefixes
 * ("blendShape1.", "Head:", CC's "A01_"), turns side suffixes (_L, .R, Left) into "left"/"right",
 * lower-cases and removes punctuation. "eyeBlink_L", "EyeBlinkLeft", "blendShape1.eyeBlinkLeft",
 * "A14_Eye_Blink_Left" all become "eyeblinkleft".
 * Example: `nameKey('mouthSmile_R')` → "mouthsmileright"
 */
export function nameKey(name: string): string {
  let s = name.trim();
  const side = /^(.*)\.(L|R|l|r)$/.exec(s); // Blender's "eyeBlink.L"
  if (side) s = `${side[1]}_${side[2]}`;
  const parts = s.split(/[.:|]/);
  s = parts[parts.length - 1];
  s = s.replace(/^[AT]\d\d_/, ''); // Reallusion's numbered ARKit set
  s = s.replace(/[_\-\s](L|l)$/, 'Left').replace(/[_\-\s](R|r)$/, 'Right');
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Builds a profile from a table { schemeName: spec }.
 * Example: `profileFromTable('ict', 'ICT-FaceKit', { browInnerUp_L: 'browInnerUp', ... })`
 */
export function profileFromTable(
  id: string,
  title: string,
  table: Record<string, ProfileSpec>,
  styleBonus?: (names: readonly string[]) => number,
): RigProfile {
  const entries = new Map<string, Mix>();
  for (const [name, spec] of Object.entries(table)) {
    let mix: MixTerm[];
    if (spec === null) mix = [];
    else if (typeof spec === 'string') mix = [{ arkit: arkitIndex(spec), weight: 1 }];
    else mix = Object.entries(spec).map(([k, w]) => ({ arkit: arkitIndex(k), weight: w as number }));
    if (mix.some((t) => t.arkit < 0)) throw new Error(`profile ${id}: "${name}" refers to a name that is not ARKit`);
    entries.set(nameKey(name), mix);
  }
  return { id, title, entries, styleBonus };
}

/** Identity table for the 52 ARKit names (every spelling nameKey folds together). */
export function arkitIdentityTable(): Record<string, ProfileSpec> {
  return Object.fromEntries(ARKIT_NAMES.map((n) => [n, n]));
}
