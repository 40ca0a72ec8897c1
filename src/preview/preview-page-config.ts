/** What the preview page is told and what it exposes on `window.musicface` (DOM-free: shared by Node, the page and tests). */
import type { FaceSceneConfig } from '../scene/scene-config'; // direct: page code is compiled without Node's types

export interface PreviewPageConfig extends FaceSceneConfig {
  clipUrl: string;
  audioUrl: string;
  /** Animation to play. */
  clipName: string;
  /** Morph target names driven by these ARKit shapes on this rig (the left eye's four look shapes give the gaze curves). */
  curveTargets: {
    jawOpen: string[];
    eyeBlinkLeft: string[];
    eyeBlinkRight: string[];
    eyeLookOutLeft: string[];
    eyeLookInLeft: string[];
    eyeLookUpLeft: string[];
    eyeLookDownLeft: string[];
  };
  /** Radians of eye rotation per unit eyeLook weight (track/gaze-weights.ts EYE_GAIN; the page imports nothing). */
  eyeGain: { out: number; in: number; up: number; down: number };
  title: string;
  /** The clip's emotion curve (its animation's extras.musicfaceEmotion), −1 … 1 at `rate` per second. */
  emotion: { rate: number; valence: number[]; arousal: number[] } | null;
}

/** What the page exposes on `window.musicface` (tests read it). */
export interface PreviewPageApi {
  /** The state of the last drawn frame: the song time it showed and every morph target's weight. */
  snapshot(): { time: number; weights: Record<string, number>; yaw: number | null; playing: boolean };
  play(): Promise<void>;
  pause(): void;
  seek(seconds: number): void;
}
