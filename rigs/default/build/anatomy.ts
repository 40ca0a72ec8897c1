import type { V3 } from './vec';

/**
 * Landmarks of the default head in head-local metres (glTF axes: +X the face's own left, +Y up,
 * +Z out of the face). `MODEL_OFFSET` places the head so the neck's base sits at the model origin.
 */
export const MODEL_OFFSET: V3 = [0, 0.19, 0];

/** Eyeballs. */
export const EYE_RADIUS = 0.0132;
export const EYE_CENTER_L: V3 = [0.032, 0.004, 0.0725];
export const EYE_CENTER_R: V3 = [-0.032, 0.004, 0.0725];

/** Mouth: the lips meet along the grid row that passes through this point (ray from SAMPLE_CENTER). */
export const MOUTH_POINT: V3 = [0, -0.054, 0.092];
/** Half-width of the opening (corners), metres, measured across the face. */
export const MOUTH_HALF_WIDTH = 0.0235;

/** Jaw hinge: jawOpen rotates the lower face about the X axis through this point. */
export const JAW_HINGE: V3 = [0, -0.022, -0.012];
export const JAW_OPEN_ANGLE = 0.3;

/** Rays that sample the head surface start here (the head is star-shaped around it). */
export const SAMPLE_CENTER: V3 = [0, -0.012, 0.004];

/** Bottom of the neck (head-local), i.e. the model origin. */
export const NECK_BOTTOM_Y = -0.19;

/** Skeleton joints (head-local). */
export const JOINTS = {
  root: [0, NECK_BOTTOM_Y, -0.008] as V3,
  neck: [0, -0.135, -0.012] as V3,
  head: [0, -0.055, -0.018] as V3,
  jaw: JAW_HINGE,
  eye_L: EYE_CENTER_L,
  eye_R: EYE_CENTER_R,
};

/** Eyebrows: centre height and the arc they follow (used for colour and brow shapes). */
export const BROW_Y = 0.029;
export const BROW_INNER_X = 0.011;
export const BROW_OUTER_X = 0.054;
