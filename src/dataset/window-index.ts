import { windowFeatures } from '../features';
import type { Mfcc } from '../features';

/**
 * The MFCC row feeding each slot of each video frame's window (T × window), found by running the
 * inference windowing on rows that hold their own index — so training gathers exactly the windows
 * inference builds, without a second implementation of the rule.
 */
export function windowIndex(mfccFrames: number, frameCount: number): Int32Array {
  const dim = 26;
  const data = new Float32Array(mfccFrames * dim);
  for (let j = 0; j < mfccFrames; j++) data[j * dim] = j;
  const probe: Mfcc = { rate: 100, frames: mfccFrames, dim: 26, data };
  const f = windowFeatures(probe, 0, frameCount);
  const out = new Int32Array(frameCount * f.window);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(f.data[i * dim]);
  return out;
}
