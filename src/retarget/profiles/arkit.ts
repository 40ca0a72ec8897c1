import { arkitIdentityTable, profileFromTable } from '../profile';

/**
 * Apple ARKit-52 (ARFaceAnchor.BlendShapeLocation): camelCase ("eyeBlinkLeft"), Apple's raw values
 * ("eyeBlink_L"), PascalCase as in Live Link Face / Unreal ("EyeBlinkLeft") and exporter-prefixed
 * spellings ("blendShape1.eyeBlinkLeft") all match through `nameKey`.
 */
export const ARKIT_PROFILE = profileFromTable('arkit', 'ARKit 52', arkitIdentityTable());
