import { ARKIT_NAMES } from '../../track';
import { type Mix, type ProfileSpec, profileFromTable } from '../profile';
import { fitVisemeMix } from '../viseme-mix';
import { OCULUS_VISEMES, VISEME_SHAPES } from './viseme-shapes';

/** Mix → the table form `profileFromTable` takes. */
export function mixSpec(mix: Mix): ProfileSpec {
  return mix.length ? Object.fromEntries(mix.map((t) => [ARKIT_NAMES[t.arkit], t.weight])) : null;
}

/** The fitted ARKit → Oculus viseme mix (all 14 non-silent visemes fitted together). */
export const OCULUS_VISEME_MIX: Record<string, Mix> = fitVisemeMix(VISEME_SHAPES);

const table: Record<string, ProfileSpec> = {};
for (const v of OCULUS_VISEMES) {
  const spec = v === 'sil' ? null : mixSpec(OCULUS_VISEME_MIX[v]);
  table[`viseme_${v}`] = spec; // Ready Player Me / OVRLipSync spelling
  table[`v_${v}`] = spec; // VRChat spelling ("vrc.v_aa" after nameKey drops "vrc.")
}
// VRChat spells the vowels ih, oh, ou.
table.v_ih = table.v_I;
table.v_oh = table.v_O;
table.v_ou = table.v_U;

/**
 * Viseme-only rigs (Oculus OVRLipSync 15, Ready Player Me "viseme_*", VRChat "vrc.v_*"): each viseme
 * is driven by the fitted linear mix of ARKit weights; "sil" is the rest face and stays 0.
 */
export const OCULUS_VISEMES_PROFILE = profileFromTable('oculus-visemes', 'Oculus visemes', table);
