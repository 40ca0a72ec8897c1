/**
 * How each performer style of the shipped generator uses its eyes, blinks and the small face shapes the
 * generator does not move. The generator learned head speed, mouth and long eye closings per style from
 * the teacher (src/corpus/teacher/styles.ts); the teacher has no gaze and blinks at the paper's fixed
 * rate, so these parameters come from the literature cited where they are used (gaze.ts,
 * human-blinks.ts) and lean each style the way the teacher's description of it does.
 * Unknown style names (a user's own model) get DEFAULT_PERFORMER.
 */
export interface PerformerStyle {
  /** Mean blinks per minute before the song's modulation (Bentivoglio et al. 1997: 17/min at rest, 26/min talking). */
  blinksPerMinute: number;
  /** Median seconds the eyes stay on the camera between glances away, and median length of a glance away. */
  cameraSeconds: number;
  awaySeconds: number;
  /** Horizontal size of a glance away, degrees (drawn between these). */
  awayYaw: [number, number];
  /** Tips glances away down (+) or up (−): each unit makes a glance 5 % more likely to go down. */
  awayPitch: number;
  /** Vertical size of a glance away: 3 … 6 + this, degrees (up more often when loud, down when quiet). */
  musicPitch: number;
  /** Scales the small shapes a singer uses besides the generator's (jaw sideways, mouth corners, frown, puff). */
  details: number;
}

export const DEFAULT_PERFORMER: Readonly<PerformerStyle> = Object.freeze({
  blinksPerMinute: 18,
  cameraSeconds: 2.4,
  awaySeconds: 1.0,
  awayYaw: [8, 20] as [number, number],
  awayPitch: 0,
  musicPitch: 8,
  details: 1,
});

export const PERFORMER_STYLES: Record<string, PerformerStyle> = {
  // Slow, inward: long looks, glances drift down in the quiet parts, fewer blinks (absorbed, Bentivoglio's lower range).
  'calm-ballad': {
    ...DEFAULT_PERFORMER,
    blinksPerMinute: 14,
    cameraSeconds: 2.8,
    awaySeconds: 1.4,
    awayYaw: [6, 16],
    awayPitch: 0,
    musicPitch: 9,
    details: 0.8,
  },
  // Quick and outgoing: more glances, wider, conversational blink rate.
  energetic: {
    ...DEFAULT_PERFORMER,
    blinksPerMinute: 22,
    cameraSeconds: 1.8,
    awaySeconds: 0.8,
    awayYaw: [10, 22],
    awayPitch: -2,
    musicPitch: 8,
    details: 1.1,
  },
  // Looks down between hard nods; the intensity frowns.
  'head-banger': {
    ...DEFAULT_PERFORMER,
    blinksPerMinute: 20,
    cameraSeconds: 2.0,
    awaySeconds: 1.2,
    awayYaw: [6, 16],
    awayPitch: 8,
    musicPitch: 6,
    details: 1.2,
  },
  // Avoids the camera, looks down, blinks more (nervous).
  shy: {
    ...DEFAULT_PERFORMER,
    blinksPerMinute: 24,
    cameraSeconds: 1.4,
    awaySeconds: 1.6,
    awayYaw: [6, 14],
    awayPitch: 9,
    musicPitch: 4,
    details: 0.6,
  },
  // Big looks up on the climaxes, held stares at the audience.
  theatrical: {
    ...DEFAULT_PERFORMER,
    blinksPerMinute: 15,
    cameraSeconds: 3.0,
    awaySeconds: 1.3,
    awayYaw: [10, 24],
    awayPitch: -3,
    musicPitch: 12,
    details: 1.2,
  },
  'rhythmic-nodder': {
    ...DEFAULT_PERFORMER,
    blinksPerMinute: 18,
    cameraSeconds: 2.4,
    awaySeconds: 0.9,
    awayYaw: [6, 16],
    awayPitch: 2,
    musicPitch: 6,
    details: 0.9,
  },
};

/** The performer parameters for a style name. */
export function performerStyle(name: string | undefined): PerformerStyle {
  return (name !== undefined && PERFORMER_STYLES[name]) || DEFAULT_PERFORMER;
}
