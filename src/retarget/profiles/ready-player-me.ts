import { type ProfileSpec, arkitIdentityTable, profileFromTable } from '../profile';
import { OCULUS_VISEMES } from './viseme-shapes';

/**
 * Ready Player Me avatars: the 52 ARKit names (driven one to one), the 15 Oculus visemes and five
 * RPM extras (mouthOpen, mouthSmile, eyesClosed, eyesLookUp, eyesLookDown). When ARKit shapes are
 * present they carry the animation; the visemes and extras duplicate them and stay at rest, so the
 * mouth is not opened twice.
 */
export const READY_PLAYER_ME_PROFILE = profileFromTable('ready-player-me', 'Ready Player Me (ARKit + Oculus visemes)', {
  ...arkitIdentityTable(),
  ...Object.fromEntries(OCULUS_VISEMES.map((v): [string, ProfileSpec] => [`viseme_${v}`, null])),
  mouthOpen: null,
  mouthSmile: null,
  eyesClosed: null,
  eyesLookUp: null,
  eyesLookDown: null,
});
