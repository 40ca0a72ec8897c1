import { probeAudio } from '../audio';
import { defaultRig, type Rig } from '../retarget';
import { produceFileAtomic, checkOutputs, type ProgressCallback, noProgress, InvalidOptionError } from '../runtime';
import { type FaceTrack, assertValidTrack } from '../track';
import { FaceRenderer, type FaceRendererOptions, abortError } from './face-renderer';
import { MP4_DEFAULTS, Mp4Encoder } from './mp4-encoder';

export interface RenderVideoOptions extends FaceRendererOptions {
  /** The rig to show; default: the shipped default head. */
  rig?: Rig;
  /** Output frame rate; default: the track's (30). Frame i is shown at i / fps. */
  fps?: number;
  crf?: number;
  preset?: string;
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
  /** A renderer already open (its rig and size are used; it stays open): saves the browser's start per video. */
  renderer?: FaceRenderer;
}

export interface RenderVideoResult {
  file: string;
  frames: number;
  fps: number;
  size: number;
  seconds: number;
  /** Which software/GPU GL drew the frames (e.g. "llvmpipe"), for logs and bug reports. */
  gl: string;
  /** Things the user should know (one sentence each), e.g. a track much shorter than the song. */
  notes: string[];
}

/** Track frame shown at output frame `j` when the video runs at `fps` (frame i of the track at i / track.fps). */
export function trackFrameAt(track: FaceTrack, fps: number, j: number): number {
  return Math.min(track.frameCount - 1, Math.floor((j * track.fps) / fps + 1e-9));
}

/** Output frame count: the track's duration at `fps`. */
export function outputFrameCount(track: FaceTrack, fps: number): number {
  return Math.max(1, Math.round((track.frameCount * fps) / track.fps));
}

/**
 * Renders a FaceTrack on a rig to an H.264 + AAC MP4 (yuv420p, +faststart) with the song's audio.
 * Frames stream from the browser to FFmpeg a chunk at a time, so memory stays flat for any length;
 * nothing appears at `out` unless the whole file was written.
 * Example: `await renderVideo(track, 'song.mp3', 'song.mp4', { size: 512 })`
 */
export async function renderVideo(
  track: FaceTrack,
  song: string | null,
  out: string,
  options: RenderVideoOptions = {},
): Promise<RenderVideoResult> {
  assertValidTrack(track);
  checkOutputs([out], [song, options.rig?.file]);
  const fps = options.fps ?? track.fps;
  if (!(fps > 0 && fps <= 240)) throw new InvalidOptionError('fps', fps, { message: `fps must be between 0 and 240 (got ${fps})` });
  const onProgress = options.onProgress ?? noProgress;
  const signal = options.signal;
  if (signal?.aborted) throw abortError(signal);
  const started = Date.now();
  const notes: string[] = [];
  if (song !== null) {
    // Fail on an unreadable song before starting a browser, with the decoder's one-sentence reason.
    const info = await probeAudio(song);
    const trackSeconds = track.frameCount / track.fps;
    if (Math.abs(info.durationSeconds - trackSeconds) > 1) {
      notes.push(
        `the track lasts ${trackSeconds.toFixed(1)} s but ${song} lasts ${info.durationSeconds.toFixed(1)} s; the video is as long as the longer of the two`,
      );
    }
  }
  const renderer = options.renderer ?? (await FaceRenderer.open(options.rig ?? (await defaultRig()), options));
  notes.push(...renderer.rig.notes);
  const total = outputFrameCount(track, fps);
  const frames = new Int32Array(total);
  for (let j = 0; j < total; j++) frames[j] = trackFrameAt(track, fps, j);
  try {
    await produceFileAtomic(out, async (tmp) => {
      const encoder = new Mp4Encoder(
        {
          width: renderer.size,
          height: renderer.size,
          fps,
          audio: song ?? undefined,
          crf: options.crf ?? MP4_DEFAULTS.crf,
          preset: options.preset ?? MP4_DEFAULTS.preset,
        },
        tmp,
      );
      try {
        onProgress({ stage: 'render', done: 0, total });
        await renderer.render(
          track,
          frames,
          (rgba) => encoder.write(rgba),
          (done) => onProgress({ stage: 'render', done, total }),
          signal,
        );
        await encoder.finish();
      } catch (e) {
        await encoder.abort();
        throw e;
      }
    });
  } finally {
    if (!options.renderer) await renderer.close();
  }
  if (process.env.MUSICFACE_RENDER_STATS) process.stderr.write(`render stats: ${JSON.stringify(renderer.stats)}\n`);
  return { file: out, frames: total, fps, size: renderer.size, seconds: (Date.now() - started) / 1000, gl: renderer.glRenderer, notes };
}

/**
 * Renders single track frames to images (RGBA, top row first, `size`² × 4 bytes each), e.g. for checks
 * and thumbnails.
 * Example: `const [img] = await renderStills(track, [0], { rig })`
 */
export async function renderStills(
  track: FaceTrack,
  frames: number[],
  options: FaceRendererOptions & { rig?: Rig } = {},
): Promise<Uint8Array[]> {
  assertValidTrack(track);
  const rig = options.rig ?? (await defaultRig());
  const renderer = await FaceRenderer.open(rig, options);
  const size = renderer.size;
  const frameBytes = size * size * 4;
  const images: Uint8Array[] = [];
  let current = new Uint8Array(frameBytes);
  let filled = 0;
  try {
    await renderer.render(track, frames, async (bytes) => {
      for (let at = 0; at < bytes.length; ) {
        const n = Math.min(frameBytes - filled, bytes.length - at);
        current.set(bytes.subarray(at, at + n), filled);
        filled += n;
        at += n;
        if (filled === frameBytes) {
          images.push(flipRows(current, size));
          current = new Uint8Array(frameBytes);
          filled = 0;
        }
      }
    });
  } finally {
    await renderer.close();
  }
  return images;
}

function flipRows(bottomUp: Uint8Array, size: number): Uint8Array {
  const row = size * 4;
  const out = new Uint8Array(bottomUp.length);
  for (let y = 0; y < size; y++) out.set(bottomUp.subarray((size - 1 - y) * row, (size - y) * row), y * row);
  return out;
}
