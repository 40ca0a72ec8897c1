import { type PersonCamera, meanRotation } from '../raster';
import type { Crop } from './conditioning';

/**
 * What a neural renderer knows about its person besides its weights: how the person's video sees the
 * rig (camera), which square of the frame it draws (crop, at `size`²), the picture it draws over
 * (background), the frame rate and temporal stack it was trained with. Stored in the renderer's card.
 */
export interface NeuralPerson {
  camera: PersonCamera;
  crop: Crop;
  /** Network input/output width and height, pixels. */
  size: number;
  /** Conditioning frames per prediction (the current one and the ones before it). */
  stack: number;
  /** The person's video frame rate. */
  fps: number;
  /** The rig the tracks were fitted to ("default head" or a file name). */
  rig: string;
  /** The full video frame the crop is pasted into (a PNG file name beside the card). */
  background: string;
}

/** Component-wise median. */
const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/**
 * One camera for several takes of a person (the placement of the head at rest moves a little between
 * takes): mean rotation, median translation; lens and frame from the first.
 * Example: `const cam = combineCameras(fits.map((f) => f.camera))`
 */
export function combineCameras(cameras: PersonCamera[]): PersonCamera {
  if (!cameras.length) throw new Error('combineCameras: no cameras');
  return {
    ...cameras[0],
    rotation: meanRotation(cameras.map((c) => c.rotation)),
    translation: [0, 1, 2].map((a) => median(cameras.map((c) => c.translation[a]))),
  };
}
