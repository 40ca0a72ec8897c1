/**
 * Performer styles: the paper's "subjects" (section 3.2.4: the generator takes a subject one-hot).
 * Each style is a parameter set of the teacher; they differ in ways a metric can see — head speed,
 * how tightly the head follows the beat, how often the eyes close on long notes, how wide the jaw opens,
 * how much the singer smiles.
 *
 * STYLE_NAMES is the one fixed order of the generator's style one-hot; append new styles at the end.
 */
export const STYLE_NAMES = ['calm-ballad', 'energetic', 'head-banger', 'shy', 'theatrical', 'rhythmic-nodder'] as const;

export type StyleName = (typeof STYLE_NAMES)[number];

export interface Style {
  name: StyleName;
  description: string;
  // Head (radians, seconds).
  /** Speed of the free (random-direction) head motion at full section energy, rad/s. */
  headSpeed: number;
  /** 0 … 1: share of that speed which pulses with the beats (the rest follows section energy only). */
  beatLock: number;
  /** Share of the free motion on pitch, yaw, roll. */
  axisShare: [number, number, number];
  /** Mean random direction reversals per second and axis (Fig. 4: same speed, new direction). */
  reversalRate: number;
  /** Beat-locked nod on pitch, rad (head down on the beat); 0 = none. */
  nod: number;
  /** Bar-locked sway on roll (and half on yaw), rad. */
  sway: number;
  /** Constant head-down pitch, rad. */
  headDown: number;
  /** Head lifts (negative pitch) on high notes, rad at the top of the range. */
  highLift: number;
  /** Largest |pitch|, |yaw|, |roll| of the free motion, rad. */
  range: [number, number, number];
  // Eyes.
  /** Chance that a held high note (or the climax note) is sung with the eyes closed. */
  longClosing: number;
  // Face.
  /** Scales jawOpen and the mouth's opening shapes. */
  jawScale: number;
  /** Resting smile 0 … 1, and extra smile in choruses. */
  smile: number;
  smileChorus: number;
  /** Brow raise on high and loud notes. */
  brows: number;
  /** Brow lowering (intensity) with loudness and energy. */
  browDown: number;
  /** Left/right difference of the paired shapes, ±fraction (a song draws its own within this). */
  asymmetry: number;
}

export const STYLES: Record<StyleName, Style> = {
  'calm-ballad': {
    name: 'calm-ballad',
    description: 'slow, smooth head drift barely touched by the beat; eyes close on most long high notes; soft smile',
    headSpeed: 0.1,
    beatLock: 0.15,
    axisShare: [0.35, 0.4, 0.25],
    reversalRate: 0.25,
    nod: 0,
    sway: 0.035,
    headDown: 0,
    highLift: 0.08,
    range: [0.2, 0.3, 0.15],
    longClosing: 0.75,
    jawScale: 0.9,
    smile: 0.18,
    smileChorus: 0.08,
    brows: 0.55,
    browDown: 0,
    asymmetry: 0.06,
  },
  energetic: {
    name: 'energetic',
    description: 'quick, beat-driven head motion in all directions, small nods; big smile; rarely closes the eyes',
    headSpeed: 0.32,
    beatLock: 0.7,
    axisShare: [0.35, 0.4, 0.25],
    reversalRate: 0.7,
    nod: 0.05,
    sway: 0.025,
    headDown: 0,
    highLift: 0.05,
    range: [0.25, 0.4, 0.2],
    longClosing: 0.2,
    jawScale: 1.1,
    smile: 0.45,
    smileChorus: 0.2,
    brows: 0.6,
    browDown: 0.05,
    asymmetry: 0.08,
  },
  'head-banger': {
    name: 'head-banger',
    description: 'hard pitch nods on every beat, loudest in the chorus; frowning intensity; wide jaw',
    headSpeed: 0.2,
    beatLock: 0.9,
    axisShare: [0.6, 0.25, 0.15],
    reversalRate: 0.5,
    nod: 0.16,
    sway: 0,
    headDown: 0.05,
    highLift: 0,
    range: [0.2, 0.3, 0.15],
    longClosing: 0.35,
    jawScale: 1.2,
    smile: 0.03,
    smileChorus: 0,
    brows: 0.2,
    browDown: 0.55,
    asymmetry: 0.1,
  },
  shy: {
    name: 'shy',
    description: 'little motion, head slightly down, small mouth, faint smile, seldom closes the eyes',
    headSpeed: 0.05,
    beatLock: 0.3,
    axisShare: [0.4, 0.35, 0.25],
    reversalRate: 0.3,
    nod: 0,
    sway: 0.012,
    headDown: 0.12,
    highLift: 0.02,
    range: [0.1, 0.15, 0.08],
    longClosing: 0.1,
    jawScale: 0.6,
    smile: 0.08,
    smileChorus: 0.04,
    brows: 0.15,
    browDown: 0,
    asymmetry: 0.05,
  },
  theatrical: {
    name: 'theatrical',
    description: 'large slow gestures, head up on high notes, eyes closed on nearly every long high note, big brows',
    headSpeed: 0.24,
    beatLock: 0.25,
    axisShare: [0.3, 0.45, 0.25],
    reversalRate: 0.3,
    nod: 0,
    sway: 0.06,
    headDown: 0,
    highLift: 0.14,
    range: [0.28, 0.45, 0.22],
    longClosing: 0.9,
    jawScale: 1.15,
    smile: 0.25,
    smileChorus: 0.3,
    brows: 1,
    browDown: 0,
    asymmetry: 0.12,
  },
  'rhythmic-nodder': {
    name: 'rhythmic-nodder',
    description: 'gentle nod on every beat (every other beat when fast), little else; moderate face',
    headSpeed: 0.08,
    beatLock: 0.8,
    axisShare: [0.4, 0.35, 0.25],
    reversalRate: 0.4,
    nod: 0.07,
    sway: 0.015,
    headDown: 0.02,
    highLift: 0.03,
    range: [0.15, 0.2, 0.12],
    longClosing: 0.3,
    jawScale: 1,
    smile: 0.25,
    smileChorus: 0.08,
    brows: 0.4,
    browDown: 0,
    asymmetry: 0.06,
  },
};

/** The style's index in the generator's one-hot. */
export function styleIndex(name: string): number {
  const i = (STYLE_NAMES as readonly string[]).indexOf(name);
  if (i < 0) throw new Error(`unknown style "${name}" (known: ${STYLE_NAMES.join(', ')})`);
  return i;
}
