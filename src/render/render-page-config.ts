/** What the render page is told and what it exposes (DOM-free: the Node side and the page share them). */
import type { FaceSceneConfig } from '../scene/scene-config'; // direct: page code is compiled without Node's types

export interface RenderPageConfig extends FaceSceneConfig {
  /** URL of the rig's GLB on the local server. */
  rigUrl: string;
  /** URL that receives raw RGBA frames (bottom row first), one POST per chunk. */
  framesUrl: string;
  /** Values per frame: each set's target weights, then per pose node a quaternion x y z w (and for the head a translation x y z). */
  stride: number;
}

export interface RenderPageApi {
  /** WebGL version and renderer string, for the log. */
  info: { webgl: number; renderer: string };
  /** Draws `count` frames from `values` (count × stride) and sends their pixels. Resolves when the previous chunk was taken. */
  renderChunk(values: number[], count: number): Promise<void>;
  /** Resolves when every chunk sent was taken. */
  finish(): Promise<void>;
  /** Milliseconds spent so far: blending, drawing + reading pixels, waiting for the previous chunk's upload. */
  stats: { blendMs: number; drawMs: number; waitMs: number; frames: number };
}
