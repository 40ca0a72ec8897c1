import { ARKIT_NAMES } from '../../track';
import { type ProfileSpec, profileFromTable } from '../profile';

/**
 * MediaPipe Face Landmarker blendshapes: "_neutral" plus 51 ARKit names in camelCase (no tongueOut).
 * "_neutral" is the rest face: known, never driven.
 */
export const MEDIAPIPE_PROFILE = profileFromTable('mediapipe', 'MediaPipe Face Landmarker', {
  _neutral: null,
  ...Object.fromEntries(ARKIT_NAMES.filter((n) => n !== 'tongueOut').map((n): [string, ProfileSpec] => [n, n])),
});
