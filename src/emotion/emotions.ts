/**
 * The emotions a performance can take, each as a face (FACS action units mapped to ARKit shapes), a head
 * (motion energy and posture) and a place on Russell's circumplex (valence, arousal).
 *
 * References:
 *  - Ekman, P. & Friesen, W. V. (1978) Facial Action Coding System; Ekman, Friesen & Hager (2002) FACS
 *    manual, EMFACS prototypes: joy AU6+12; sadness AU1+4+15 (+17); anger AU4+5+7+23; fear
 *    AU1+2+4+5+20 (+26); surprise AU1+2+5B (+26). The AU → ARKit mapping follows Apple's
 *    ARFaceAnchor.BlendShapeLocation descriptions (AU1 browInnerUp, AU2 browOuterUp, AU4 browDown,
 *    AU5 eyeWide, AU6 cheekSquint, AU7 eyeSquint, AU9 noseSneer, AU12 mouthSmile, AU14 mouthDimple,
 *    AU15 mouthFrown, AU17 mouthShrugLower, AU20 mouthStretch).
 *  - Tenderness is not a FACS prototype; its face follows Juslin & Laukka (2003) and Gabrielsson &
 *    Juslin (1996): a soft smile (low AU12, AU6), slightly raised inner brows, slow small head motion,
 *    a head tilt.
 *  - Russell, J. A. (1980) A circumplex model of affect: the valence/arousal placements below are the
 *    angles of his Fig. 2 (happy ~10°, excited ~50°, alarmed/afraid ~95–115°, angry ~100°, sad ~210°,
 *    calm/relaxed ~330°, astonished ~75°), radius 1 at full intensity.
 *  - Head: Busso et al. (2007) "Rigid head motion in expressive speech animation" (IEEE TASLP): head
 *    motion energy is higher for anger and happiness than for neutral and sadness; sad heads are lower
 *    (pitch down), happy heads higher. Livingstone & Palmer (2016) "Head movements encode emotions
 *    during speech and song" (Emotion 16(3)): in song, happy and surprised heads rise, sad heads pitch down.
 *
 * The lip articulators (jawOpen, mouthClose, funnel, pucker, rolls, press, upper-up, lower-down,
 * shrugUpper, shrugLower, tongueOut) are never written: their timing is the singing. That drops AU23
 * (lip tightener = mouthPress) from anger, AU26 (jaw drop) from fear and surprise, and AU17 (chin
 * raiser = mouthShrugLower, which pushes the lower lip up against the sung vowel; "+17" is optional in
 * EMFACS' sadness) from sadness. The lip corners (AU12 smile, AU15 frown, AU14 dimple, AU20 stretch)
 * stay: singers' lip corners move with emotion while they sing (Livingstone, Thompson, Wanderley &
 * Palmer 2015, QJEP 68(5), Exp. 1).
 */
export const EMOTION_NAMES = ['neutral', 'joy', 'sadness', 'anger', 'tenderness', 'surprise', 'fear'] as const;
export type EmotionName = (typeof EMOTION_NAMES)[number];

export interface EmotionFace {
  /** Russell's circumplex at full intensity, −1 … 1 each. */
  valence: number;
  arousal: number;
  /** ARKit shape → weight added at full intensity ("*" = both sides). */
  add: Record<string, number>;
  /** ARKit shape → factor on the generator's own weight at full intensity (sadness takes the smile away). */
  scale: Record<string, number>;
  /** Factor on the head's rotation around its slow mean (motion energy goes with its square). */
  headMotion: number;
  /** Head posture at full intensity, radians: + pitch = head down (glTF, as the teacher's headDown), roll = tilt. */
  pitch: number;
  roll: number;
}

const deg = Math.PI / 180;

export const EMOTIONS: Record<EmotionName, EmotionFace> = {
  neutral: { valence: 0, arousal: 0, add: {}, scale: {}, headMotion: 1, pitch: 0, roll: 0 },
  // AU6 + AU12 (Duchenne smile), AU14 a little; head livelier and raised.
  joy: {
    valence: 0.95,
    arousal: 0.3,
    add: { 'mouthSmile*': 0.55, 'cheekSquint*': 0.35, 'eyeSquint*': 0.2, 'mouthDimple*': 0.15, 'browOuterUp*': 0.05 },
    scale: { 'mouthFrown*': 0.2, 'browDown*': 0.5 },
    headMotion: 1.35,
    pitch: -3 * deg,
    roll: 0,
  },
  // AU1 + AU4 (the oblique "grief" brow) + AU15 (AU17 is a lip articulator, see above); drooping lids; head down and still.
  sadness: {
    valence: -0.85,
    arousal: -0.5,
    add: { browInnerUp: 0.55, 'browDown*': 0.15, 'mouthFrown*': 0.45, 'eyeSquint*': 0.1 },
    scale: { 'mouthSmile*': 0.15, 'cheekSquint*': 0.3, 'mouthDimple*': 0.3, 'eyeWide*': 0.3 },
    headMotion: 0.55,
    pitch: 6 * deg,
    roll: 0,
  },
  // AU4 + AU5 + AU7 (+ AU9/10 as noseSneer); head forceful, chin down.
  anger: {
    valence: -0.6,
    arousal: 0.8,
    add: { 'browDown*': 0.6, 'eyeWide*': 0.15, 'eyeSquint*': 0.35, 'noseSneer*': 0.3, 'mouthStretch*': 0.1 },
    scale: { 'mouthSmile*': 0.2, browInnerUp: 0.3, 'browOuterUp*': 0.3 },
    headMotion: 1.4,
    pitch: 3 * deg,
    roll: 0,
  },
  // Soft AU12 + AU6, a touch of AU1; slow, small motion, tilted head.
  tenderness: {
    valence: 0.6,
    arousal: -0.45,
    add: { 'mouthSmile*': 0.25, 'cheekSquint*': 0.12, browInnerUp: 0.15 },
    scale: { 'browDown*': 0.3, 'noseSneer*': 0.3 },
    headMotion: 0.65,
    pitch: 1 * deg,
    roll: 5 * deg,
  },
  // AU1 + AU2 + AU5B; head up.
  surprise: {
    valence: 0.2,
    arousal: 0.85,
    add: { browInnerUp: 0.6, 'browOuterUp*': 0.6, 'eyeWide*': 0.55 },
    scale: { 'browDown*': 0.2, 'eyeSquint*': 0.3 },
    headMotion: 1.15,
    pitch: -4 * deg,
    roll: 0,
  },
  // AU1 + AU2 + AU4 + AU5 + AU20; head drawn back (up), tense small motion.
  fear: {
    valence: -0.7,
    arousal: 0.65,
    add: { browInnerUp: 0.55, 'browOuterUp*': 0.25, 'browDown*': 0.25, 'eyeWide*': 0.5, 'mouthStretch*': 0.35 },
    scale: { 'mouthSmile*': 0.2, 'cheekSquint*': 0.3 },
    headMotion: 0.8,
    pitch: -2 * deg,
    roll: 0,
  },
};

/** The ARKit shapes an emotion never writes: the lips' articulation, whose timing is the singing. */
export const LIP_ARTICULATORS = [
  'jawOpen',
  'mouthClose',
  'mouthFunnel',
  'mouthPucker',
  'mouthRollLower',
  'mouthRollUpper',
  'mouthShrugUpper',
  'mouthShrugLower',
  'mouthPressLeft',
  'mouthPressRight',
  'mouthUpperUpLeft',
  'mouthUpperUpRight',
  'mouthLowerDownLeft',
  'mouthLowerDownRight',
  'tongueOut',
] as const;

/** The emotions `auto` chooses among: the four quadrants of the circumplex that music expresses most reliably (Juslin & Laukka 2003). */
export const AUTO_EMOTIONS: readonly EmotionName[] = ['joy', 'tenderness', 'sadness', 'anger'];

export function isEmotionName(v: unknown): v is EmotionName {
  return typeof v === 'string' && (EMOTION_NAMES as readonly string[]).includes(v);
}

/** Expands "*" pairs into ARKit names. */
export function expandPairs(shapes: Record<string, number>): [string, number][] {
  const out: [string, number][] = [];
  for (const [k, v] of Object.entries(shapes)) {
    if (k.endsWith('*')) out.push([k.slice(0, -1) + 'Left', v], [k.slice(0, -1) + 'Right', v]);
    else out.push([k, v]);
  }
  return out;
}
