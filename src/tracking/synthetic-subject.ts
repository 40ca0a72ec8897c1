import { FaceRenderer, Mp4Encoder } from '../render';
import { defaultRig, type Rig } from '../retarget';
import { produceFileAtomic, type Defaults, withDefaults } from '../runtime';
import { arkitIndex, type FaceTrack, createTrack } from '../track';

export interface SyntheticSubjectOptions {
  seconds?: number;
  fps?: number;
  /** Video width and height, pixels. */
  size?: number;
  /** Largest head turn (yaw), radians; pitch and roll are fixed shares of it. */
  maxYaw?: number;
}

export const SYNTHETIC_SUBJECT_DEFAULTS: Defaults<SyntheticSubjectOptions> = Object.freeze({
  seconds: 6,
  fps: 30,
  size: 360,
  maxYaw: 0.35,
});

const smooth01 = (x: number) => 0.5 - 0.5 * Math.cos(Math.PI * Math.min(1, Math.max(0, x)));

/**
 * A known performance for measuring the tracker: the head turns (yaw up to ±`maxYaw`, pitch ±0.55 of it,
 * roll ±0.35 of it, on incommensurate periods), the jaw opens and closes like syllables, the lips smile,
 * funnel and press, the brows lift, and the eyes blink (both, then each one alone, then a long closing).
 * Purely a function of time: no randomness.
 * Example: `const truth = syntheticTrack({ seconds: 4 })`
 */
export function syntheticTrack(options: SyntheticSubjectOptions = {}): FaceTrack {
  const o = withDefaults(SYNTHETIC_SUBJECT_DEFAULTS, options);
  const T = Math.round(o.seconds * o.fps);
  const track = createTrack(T, o.fps, { source: 'synthetic subject', model: 'synthetic-subject' });
  const K = (n: string) => arkitIndex(n);
  for (let f = 0; f < T; f++) {
    const t = f / o.fps;
    const e = track.expression.subarray(f * 52, f * 52 + 52);
    // Syllables: a jaw that opens 0…0.75 at ~2.3 Hz with a slower swell.
    const syl = Math.max(0, Math.sin(2 * Math.PI * 2.3 * t));
    e[K('jawOpen')] = syl * (0.35 + 0.4 * smooth01(0.5 + 0.5 * Math.sin(2 * Math.PI * 0.31 * t)));
    const smile = 0.45 * smooth01(0.5 + 0.7 * Math.sin(2 * Math.PI * 0.23 * t + 1));
    e[K('mouthSmileLeft')] = smile;
    e[K('mouthSmileRight')] = smile * 0.8;
    e[K('mouthFunnel')] = 0.5 * smooth01(1.5 * Math.sin(2 * Math.PI * 0.17 * t + 2.5) - 0.5);
    e[K('mouthPressLeft')] = e[K('mouthPressRight')] = 0.3 * smooth01(1.5 * Math.sin(2 * Math.PI * 0.13 * t + 4) - 0.5);
    e[K('browInnerUp')] = 0.5 * smooth01(0.5 + Math.sin(2 * Math.PI * 0.19 * t));
    // Blinks: both eyes every 1.7 s for 0.2 s; from 2/3 of the clip, a left-only and a right-only blink and a long closing.
    const blink = (start: number, len: number) => {
      const x = (t - start) / len;
      return x >= 0 && x <= 1 ? Math.sin(Math.PI * x) : 0;
    };
    let both = 0;
    for (let s = 0.6; s < o.seconds; s += 1.7) both = Math.max(both, blink(s, 0.24));
    const third = o.seconds / 3;
    const left = blink(2 * third + 0.1, 0.3),
      right = blink(2 * third + 0.6, 0.3),
      long = blink(third + 0.2, 0.9);
    e[K('eyeBlinkLeft')] = Math.min(1, Math.max(both, left, long));
    e[K('eyeBlinkRight')] = Math.min(1, Math.max(both, right, long));
    track.eyes[2 * f] = e[K('eyeBlinkLeft')];
    track.eyes[2 * f + 1] = e[K('eyeBlinkRight')];
    const p = track.pose.subarray(f * 6, f * 6 + 6);
    p[0] = 0.55 * o.maxYaw * Math.sin(2 * Math.PI * 0.29 * t + 0.7);
    p[1] = o.maxYaw * Math.sin(2 * Math.PI * 0.21 * t);
    p[2] = 0.35 * o.maxYaw * Math.sin(2 * Math.PI * 0.37 * t + 2);
    p[3] = 0.006 * Math.sin(2 * Math.PI * 0.11 * t);
    p[4] = 0.004 * Math.sin(2 * Math.PI * 0.17 * t + 1);
  }
  return track;
}

/** A soft, deterministic backdrop (a lit wall with a few blurred shapes), RGB bytes top row first. */
export function syntheticBackdrop(size: number): Uint8Array {
  const out = new Uint8Array(size * size * 3);
  const blobs = [
    [0.15, 0.2, 0.18, [190, 170, 140]],
    [0.85, 0.3, 0.22, [120, 140, 170]],
    [0.75, 0.85, 0.3, [150, 120, 110]],
    [0.2, 0.8, 0.2, [110, 130, 120]],
  ] as const;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = x / size,
        v = y / size;
      const c = [150 - 50 * v + 20 * u, 148 - 45 * v, 140 - 30 * v];
      for (const [bx, by, r, col] of blobs) {
        const g = Math.exp(-((u - bx) ** 2 + (v - by) ** 2) / (r * r));
        for (let k = 0; k < 3; k++) c[k] = c[k] * (1 - 0.6 * g) + col[k] * 0.6 * g;
      }
      // A faint fine texture so the backdrop is not flat (deterministic hash noise).
      const h = Math.sin(x * 12.9898 + y * 78.233) * 43758.5453;
      const n = (h - Math.floor(h) - 0.5) * 6;
      for (let k = 0; k < 3; k++) out[3 * (y * size + x) + k] = Math.max(0, Math.min(255, Math.round(c[k] + n)));
    }
  }
  return out;
}

const KEY: [number, number, number] = [0, 1, 0];

/**
 * Renders a track on a rig (default: the default head) with the project's video renderer and lays it
 * over `syntheticBackdrop`, then encodes an MP4 (no sound): the synthetic subject whose truth is known.
 * Example: `await renderSyntheticSubject(syntheticTrack(), 'subject.mp4')`
 */
export async function renderSyntheticSubject(
  track: FaceTrack,
  out: string,
  options: SyntheticSubjectOptions & { rig?: Rig } = {},
): Promise<void> {
  const o = withDefaults(SYNTHETIC_SUBJECT_DEFAULTS, options);
  const size = o.size;
  const backdrop = syntheticBackdrop(size);
  const renderer = await FaceRenderer.open(options.rig ?? (await defaultRig()), { size, background: KEY });
  const frames = Array.from({ length: track.frameCount }, (_, i) => i);
  const frameBytes = size * size * 4;
  try {
    await produceFileAtomic(out, async (tmp) => {
      const encoder = new Mp4Encoder({ width: size, height: size, fps: track.fps, bottomUp: false, crf: 18 }, tmp);
      let pending = Buffer.alloc(0);
      try {
        await renderer.render(track, frames, async (bytes) => {
          pending = Buffer.concat([pending, bytes]);
          while (pending.length >= frameBytes) {
            const frame = pending.subarray(0, frameBytes);
            const rgba = new Uint8Array(frameBytes);
            // Rows arrive bottom first; key out the clear colour and lay the frame over the backdrop.
            for (let y = 0; y < size; y++) {
              const src = (size - 1 - y) * size * 4;
              for (let x = 0; x < size; x++) {
                const s = src + 4 * x,
                  d = 4 * (y * size + x),
                  b = 3 * (y * size + x);
                const key = frame[s] === 0 && frame[s + 1] === 255 && frame[s + 2] === 0;
                rgba[d] = key ? backdrop[b] : frame[s];
                rgba[d + 1] = key ? backdrop[b + 1] : frame[s + 1];
                rgba[d + 2] = key ? backdrop[b + 2] : frame[s + 2];
                rgba[d + 3] = 255;
              }
            }
            await encoder.write(rgba);
            pending = pending.subarray(frameBytes);
          }
        });
        await encoder.finish();
      } catch (e) {
        await encoder.abort();
        throw e;
      }
    });
  } finally {
    await renderer.close();
  }
}
