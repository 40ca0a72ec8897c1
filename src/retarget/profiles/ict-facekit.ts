import { ARKIT_NAMES } from '../../track';
import { type ProfileSpec, profileFromTable } from '../profile';

/**
 * ICT-FaceKit expression shapes (FaceXModel/vertex_indices.json "expressions"): ARKit names with
 * `_L`/`_R` suffixes (folded by `nameKey`), browInnerUp and cheekPuff split into left and right
 * halves (each half gets the full ARKit weight, so together they make the symmetric shape), no tongueOut.
 */
export const ICT_FACEKIT_PROFILE = profileFromTable('ict-facekit', 'ICT-FaceKit', {
  ...Object.fromEntries(
    ARKIT_NAMES.filter((n) => !['browInnerUp', 'cheekPuff', 'tongueOut'].includes(n)).map((n): [string, ProfileSpec] => [n, n]),
  ),
  browInnerUp_L: 'browInnerUp',
  browInnerUp_R: 'browInnerUp',
  cheekPuff_L: 'cheekPuff',
  cheekPuff_R: 'cheekPuff',
  cheekRaiser_L: null, // in some ICT releases; no ARKit counterpart
  cheekRaiser_R: null,
});
