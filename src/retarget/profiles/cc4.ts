import { type ProfileSpec, arkitIdentityTable, profileFromTable } from '../profile';

/**
 * Reallusion Character Creator 4. "CC4 Standard" is Reallusion's ARKit set: the 52 ARKit shapes,
 * exported either with ARKit-like names ("Eye_Blink_L", "Mouth_Smile_R") or numbered
 * ("A14_Eye_Blink_Left", "A25_Jaw_Open"; `nameKey` folds both to the ARKit names), plus tongue shapes
 * ("T01_…", "Tongue_…") that have no ARKit counterpart. CC4 Extended splits and renames some shapes;
 * those are mapped here too (a split shape gets the full ARKit weight on each half).
 */
export const CC4_PROFILE = profileFromTable(
  'cc4',
  'Character Creator 4 (Standard / Extended)',
  {
    ...arkitIdentityTable(),
    Brow_Drop_L: 'browDownLeft',
    Brow_Drop_R: 'browDownRight',
    Brow_Raise_Inner_L: 'browInnerUp',
    Brow_Raise_Inner_R: 'browInnerUp',
    Brow_Raise_Outer_L: 'browOuterUpLeft',
    Brow_Raise_Outer_R: 'browOuterUpRight',
    Cheek_Puff_L: 'cheekPuff',
    Cheek_Puff_R: 'cheekPuff',
    Cheek_Raise_L: 'cheekSquintLeft',
    Cheek_Raise_R: 'cheekSquintRight',
    Eye_L_Look_Down: 'eyeLookDownLeft',
    Eye_R_Look_Down: 'eyeLookDownRight',
    Eye_L_Look_Up: 'eyeLookUpLeft',
    Eye_R_Look_Up: 'eyeLookUpRight',
    Eye_L_Look_L: 'eyeLookOutLeft', // CC's L/R are the character's own sides
    Eye_L_Look_R: 'eyeLookInLeft',
    Eye_R_Look_L: 'eyeLookInRight',
    Eye_R_Look_R: 'eyeLookOutRight',
    Jaw_L: 'jawLeft',
    Jaw_R: 'jawRight',
    Mouth_L: 'mouthLeft',
    Mouth_R: 'mouthRight',
    Mouth_Down_Lower_L: 'mouthLowerDownLeft',
    Mouth_Down_Lower_R: 'mouthLowerDownRight',
    Mouth_Up_Upper_L: 'mouthUpperUpLeft',
    Mouth_Up_Upper_R: 'mouthUpperUpRight',
    Mouth_Funnel_Up_L: 'mouthFunnel',
    Mouth_Funnel_Up_R: 'mouthFunnel',
    Mouth_Funnel_Down_L: 'mouthFunnel',
    Mouth_Funnel_Down_R: 'mouthFunnel',
    Mouth_Pucker_Up_L: 'mouthPucker',
    Mouth_Pucker_Up_R: 'mouthPucker',
    Mouth_Pucker_Down_L: 'mouthPucker',
    Mouth_Pucker_Down_R: 'mouthPucker',
    Mouth_Roll_In_Lower_L: 'mouthRollLower',
    Mouth_Roll_In_Lower_R: 'mouthRollLower',
    Mouth_Roll_In_Upper_L: 'mouthRollUpper',
    Mouth_Roll_In_Upper_R: 'mouthRollUpper',
    Merged_Open_Mouth: null, // duplicates Jaw_Open in CC3+ exports; driving both would open twice
    ...Object.fromEntries(
      [
        'T01_Tongue_Up',
        'T02_Tongue_Down',
        'T03_Tongue_Left',
        'T04_Tongue_Right',
        'T05_Tongue_Roll',
        'T06_Tongue_Tip_Up',
        'T07_Tongue_Tip_Down',
        'T08_Tongue_Width',
        'T09_Tongue_Narrow',
        'T10_Tongue_Bulge_Left',
        'T11_Tongue_Bulge_Right',
      ].map((n): [string, ProfileSpec] => [n, null]), // nameKey drops the "T01_" numbering
    ),
  },
  (names) => (names.some((n) => /^[AT]\d\d_|^[A-Z][a-z]+_[A-Z]/.test(n)) ? 0.5 : 0),
);
