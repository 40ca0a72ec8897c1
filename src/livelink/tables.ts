import { ARKIT_NAMES, arkitIndex } from '../track';

/**
 * The column order of a Live Link Face take (Epic's iPhone app), as in the real take
 * ../shared/data/livelinkface/alex_rom_3.csv: Timecode, BlendShapeCount (61 = 52 shapes + 9 angles),
 * the 52 ARKit shapes in PascalCase in the app's own order (JawRight before JawLeft, MouthRight before
 * MouthLeft, unlike Apple's), then head yaw/pitch/roll and each eye's yaw/pitch/roll. Columns are
 * matched by name, never by position.
 */
export const LIVE_LINK_SHAPES = [
  'EyeBlinkLeft',
  'EyeLookDownLeft',
  'EyeLookInLeft',
  'EyeLookOutLeft',
  'EyeLookUpLeft',
  'EyeSquintLeft',
  'EyeWideLeft',
  'EyeBlinkRight',
  'EyeLookDownRight',
  'EyeLookInRight',
  'EyeLookOutRight',
  'EyeLookUpRight',
  'EyeSquintRight',
  'EyeWideRight',
  'JawForward',
  'JawRight',
  'JawLeft',
  'JawOpen',
  'MouthClose',
  'MouthFunnel',
  'MouthPucker',
  'MouthRight',
  'MouthLeft',
  'MouthSmileLeft',
  'MouthSmileRight',
  'MouthFrownLeft',
  'MouthFrownRight',
  'MouthDimpleLeft',
  'MouthDimpleRight',
  'MouthStretchLeft',
  'MouthStretchRight',
  'MouthRollLower',
  'MouthRollUpper',
  'MouthShrugLower',
  'MouthShrugUpper',
  'MouthPressLeft',
  'MouthPressRight',
  'MouthLowerDownLeft',
  'MouthLowerDownRight',
  'MouthUpperUpLeft',
  'MouthUpperUpRight',
  'BrowDownLeft',
  'BrowDownRight',
  'BrowInnerUp',
  'BrowOuterUpLeft',
  'BrowOuterUpRight',
  'CheekPuff',
  'CheekSquintLeft',
  'CheekSquintRight',
  'NoseSneerLeft',
  'NoseSneerRight',
  'TongueOut',
] as const;
export const LIVE_LINK_ANGLES = [
  'HeadYaw',
  'HeadPitch',
  'HeadRoll',
  'LeftEyeYaw',
  'LeftEyePitch',
  'LeftEyeRoll',
  'RightEyeYaw',
  'RightEyePitch',
  'RightEyeRoll',
] as const;
export const LIVE_LINK_HEADER: readonly string[] = ['Timecode', 'BlendShapeCount', ...LIVE_LINK_SHAPES, ...LIVE_LINK_ANGLES];

/** PascalCase Live Link name → ARKit column. */
export const arkitOf = (pascal: string) => arkitIndex(pascal[0].toLowerCase() + pascal.slice(1));

/** Live Link names in Apple's ARKit order (for documentation and tests). */
export const LIVE_LINK_NAME_OF: Readonly<Record<string, string>> = Object.fromEntries(
  ARKIT_NAMES.map((n) => [n, n[0].toUpperCase() + n.slice(1)]),
);
