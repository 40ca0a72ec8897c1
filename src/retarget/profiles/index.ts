import type { RigProfile } from '../profile';
import { ARKIT_PROFILE } from './arkit';
import { CC4_PROFILE } from './cc4';
import { ICT_FACEKIT_PROFILE } from './ict-facekit';
import { MEDIAPIPE_PROFILE } from './mediapipe';
import { OCULUS_VISEMES_PROFILE } from './oculus-visemes';
import { READY_PLAYER_ME_PROFILE } from './ready-player-me';

export { ARKIT_PROFILE, CC4_PROFILE, ICT_FACEKIT_PROFILE, MEDIAPIPE_PROFILE, OCULUS_VISEMES_PROFILE, READY_PLAYER_ME_PROFILE };
export * from './vrm1';
export * from './viseme-shapes';

/**
 * Name-based profiles in detection order: the one that recognises most of a rig's target names wins;
 * on a tie, its style bonus, then this order (plain ARKit first). VRM avatars are matched through their
 * VRMC_vrm / VRM expressions instead (src/retarget/vrm-expressions.ts) when their names match nothing here.
 */
export const PROFILES: readonly RigProfile[] = [
  ARKIT_PROFILE,
  MEDIAPIPE_PROFILE,
  ICT_FACEKIT_PROFILE,
  READY_PLAYER_ME_PROFILE,
  CC4_PROFILE,
  OCULUS_VISEMES_PROFILE,
];
