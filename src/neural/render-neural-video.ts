import { checkOutputs, produceFileAtomic, type ProgressCallback, noProgress, type Defaults, withDefaults } from '../runtime';
import { probeAudio } from '../audio';
import { abortError, Mp4Encoder, MP4_DEFAULTS, outputFrameCount, trackFrameAt } from '../render';
import { type FaceTrack, assertValidTrack } from '../track';
import { bakeForConditioning, conditioningFrame } from './conditioning';
import { type NeuralRenderer, runNeural } from './neural-renderer';

export interface NeuralVideoOptions {
  /** Frames per network call. */
  batch?: number;
  /**
   * Share of the track's head motion shown: a renderer learned only the head motion its person made on
   * camera (GRID's speaker barely moves), so a singer's larger turns are scaled down.
   */
  poseScale?: number;
  /** Soft edge where the drawn square meets the background, as a share of its side. */
  feather?: number;
  crf?: number;
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
}

export const NEURAL_VIDEO_DEFAULTS: Defaults<Pick<NeuralVideoOptions, 'batch' | 'poseScale' | 'feather'>> = Object.freeze({
  batch: 8,
  poseScale: 0.5,
  feather: 0.08,
});

export interface NeuralVideoResult {
  file: string;
  frames: number;
  fps: number;
  width: number;
  height: number;
  provider: string;
  seconds: number;
  /** Seconds spent drawing conditioning images and in the network. */
  conditioningSeconds: number;
  networkSeconds: number;
}

/** A copy of the track with its head motion scaled by `s` (rotations and translations). */
function scalePose(track: FaceTrack, s: number): FaceTrack {
  if (s === 1) return track;
  return { ...track, pose: track.pose.map((v) => v * s) };
}

/**
 * Draws a track with a person's neural renderer and writes an MP4 with the song: per output frame the
 * conditioning image of the track frame shown then (the rig through the person's camera), the last
 * `stack` of them stacked into the network, its picture pasted over the person's background with a
 * soft edge, streamed into FFmpeg a batch at a time (flat memory for any length). The video runs at the
 * person's frame rate.
 * Example: `await renderNeuralVideo(track, 'song.mp3', 'out.mp4', await loadNeuralRenderer('me.renderer.onnx'))`
 */
export async function renderNeuralVideo(
  track: FaceTrack,
  song: string | null,
  out: string,
  renderer: NeuralRenderer,
  options: NeuralVideoOptions = {},
): Promise<NeuralVideoResult> {
  assertValidTrack(track);
  checkOutputs([out], [song]);
  const o = withDefaults(NEURAL_VIDEO_DEFAULTS, options);
  const onProgress = o.onProgress ?? noProgress;
  if (song !== null) await probeAudio(song); // an unreadable song fails before any work
  const started = Date.now();
  const { card, conditioning: ctx, background } = renderer;
  const S = card.size,
    stack = card.stack;
  const fps = card.person.fps;
  const { width: W, height: H } = background;
  const crop = ctx.crop;
  const shown = scalePose(track, o.poseScale);
  const clip = bakeForConditioning(ctx, shown);
  const total = outputFrameCount(track, fps);
  const frameCond = S * S * 3;
  const ring: Uint8Array[] = Array.from({ length: stack }, () => new Uint8Array(frameCond));
  let drawn = -1;
  const condOf = (j: number): Uint8Array => ring[((j % stack) + stack) % stack];
  // Feathered paste weights over the crop square, and the bilinear upsampling grid.
  const C = crop.size;
  const feather = Math.max(1, o.feather * C);
  const alpha = new Float32Array(C * C);
  for (let y = 0; y < C; y++)
    for (let x = 0; x < C; x++) alpha[y * C + x] = Math.min(1, (Math.min(x, y, C - 1 - x, C - 1 - y) + 0.5) / feather);
  const frame = new Uint8Array(W * H * 4);
  for (let p = 0; p < W * H; p++) {
    frame[4 * p] = background.rgb[3 * p];
    frame[4 * p + 1] = background.rgb[3 * p + 1];
    frame[4 * p + 2] = background.rgb[3 * p + 2];
    frame[4 * p + 3] = 255;
  }
  let condSeconds = 0,
    netSeconds = 0;
  await produceFileAtomic(out, async (tmp) => {
    const encoder = new Mp4Encoder(
      { width: W, height: H, fps, audio: song ?? undefined, bottomUp: false, crf: o.crf ?? MP4_DEFAULTS.crf },
      tmp,
    );
    try {
      onProgress({ stage: 'neural', done: 0, total });
      for (let start = 0; start < total; start += o.batch) {
        if (o.signal?.aborted) throw abortError(o.signal);
        const n = Math.min(o.batch, total - start);
        const input = new Float32Array(n * 3 * stack * S * S);
        for (let b = 0; b < n; b++) {
          const j = start + b;
          const t0 = Date.now();
          while (drawn < j) {
            drawn++;
            conditioningFrame(ctx, shown, clip, trackFrameAt(track, fps, drawn), condOf(drawn));
          }
          condSeconds += (Date.now() - t0) / 1000;
          // Channels: the stacked frames oldest first, 3 each (RGB), as the training data stacks them.
          const base = b * 3 * stack * S * S;
          for (let k = 0; k < stack; k++) {
            const src = condOf(Math.max(0, j - (stack - 1 - k)));
            for (let c = 0; c < 3; c++) {
              const plane = base + (3 * k + c) * S * S;
              for (let p = 0; p < S * S; p++) input[plane + p] = src[3 * p + c] / 255;
            }
          }
        }
        const t1 = Date.now();
        const pred = await runNeural(renderer, input, n);
        netSeconds += (Date.now() - t1) / 1000;
        for (let b = 0; b < n; b++) {
          const img = pred.subarray(b * 3 * S * S, (b + 1) * 3 * S * S);
          for (let y = 0; y < C; y++) {
            const fy = Math.min(S - 1, Math.max(0, ((y + 0.5) * S) / C - 0.5));
            const y0 = Math.floor(fy),
              y1 = Math.min(S - 1, y0 + 1),
              ay = fy - y0;
            for (let x = 0; x < C; x++) {
              const fx = Math.min(S - 1, Math.max(0, ((x + 0.5) * S) / C - 0.5));
              const x0 = Math.floor(fx),
                x1 = Math.min(S - 1, x0 + 1),
                ax = fx - x0;
              const a = alpha[y * C + x];
              const q = 4 * ((crop.y + y) * W + crop.x + x);
              for (let c = 0; c < 3; c++) {
                const pl = c * S * S;
                const v =
                  (1 - ay) * ((1 - ax) * img[pl + y0 * S + x0] + ax * img[pl + y0 * S + x1]) +
                  ay * ((1 - ax) * img[pl + y1 * S + x0] + ax * img[pl + y1 * S + x1]);
                const bg = background.rgb[3 * ((crop.y + y) * W + crop.x + x) + c];
                frame[q + c] = Math.max(0, Math.min(255, Math.round(a * 255 * v + (1 - a) * bg)));
              }
            }
          }
          await encoder.write(frame.slice());
        }
        onProgress({ stage: 'neural', done: start + n, total });
      }
      await encoder.finish();
    } catch (e) {
      await encoder.abort();
      throw e;
    }
  });
  return {
    file: out,
    frames: total,
    fps,
    width: W,
    height: H,
    provider: renderer.provider,
    seconds: (Date.now() - started) / 1000,
    conditioningSeconds: condSeconds,
    networkSeconds: netSeconds,
  };
}
