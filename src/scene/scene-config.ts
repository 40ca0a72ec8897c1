/** What the page scene is told (DOM-free: the Node side builds it, the page code reads it). */

/** What the fixed camera shows: the face (default), head and shoulders, or the whole figure. */
export type Framing = 'face' | 'bust' | 'full';

export interface FaceSceneConfig {
  /** Canvas size in pixels (square). */
  size: number;
  /** Clear colour, sRGB 0…1. */
  background: [number, number, number];
  /** +1 when the model faces +Z (glTF), −1 when it faces −Z (VRM 0.x). */
  facing: 1 | -1;
  antialias: boolean;
  /**
   * Per driven target set: the glTF mesh (index) whose primitives carry its targets, and how many.
   * Found by the loader's glTF pointers, not by name: a skinned node becomes a TransformNode *and* a
   * mesh of the same name in Babylon, and names may repeat or be missing in a user's file.
   */
  sets: { mesh: number; targets: number }[];
  /** glTF nodes (indices) turned per frame (head, eyes); the head also moves. */
  poseNodes: { node: number; translation: boolean }[];
  /** The head's glTF node, for framing when no shape moves a vertex (null: none). */
  headNode: number | null;
  framing: Framing;
  /** Orbit controls (preview) or a fixed camera (render). */
  interactive: boolean;
}
