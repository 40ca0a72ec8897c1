/**
 * `npm run bench:neural`: speed of the photoreal path on this machine.
 *  - tracking a person's video (GRID s1 clip bbaf2n, 75 frames): landmark detection and fitting frames/s,
 *    and the one-off rig calibration;
 *  - conditioning images (software rasterizer) per second at 256² and 512²;
 *  - the renderer network alone at 256² and 512² (its graph is fully convolutional, so the shipped
 *    GRID renderer runs at any multiple of 8) on the first provider that works: CUDA, WebGPU, CPU;
 *  - the whole `render --renderer` path (conditioning → network → paste → H.264) for 10 s of track.
 * Options: --renderer FILE (default models/renderers/grid-s1.renderer.onnx, else the test fixture),
 * --threads N (default 2), --no-tracking. The last line printed is one JSON object.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { type NeuralRenderer, loadNeuralRenderer } from '../src/neural/neural-renderer';
import { networkFramesPerSecond } from './neural-network-bench';
import { bakeForConditioning, conditioningContext, conditioningFrame } from '../src/neural/conditioning';
import { renderNeuralVideo } from '../src/neural/render-neural-video';
import { packageRoot } from '../src/retarget/default-rig';
import { ARKIT_COUNT } from '../src/track/arkit';
import { createTrack, type FaceTrack } from '../src/track/face-track';
import { trackVideo } from '../src/tracking/track-video';

const GRID_CLIP = path.resolve(__dirname, '..', '..', '..', 'shared', 'data', 'video', 'grid-s1', 'clips', 'bbaf2n.mpg');

function movingTrack(frames: number): FaceTrack {
  const track = createTrack(frames, 30, { source: 'neural-bench' });
  for (let t = 0; t < frames; t++) {
    for (let k = 0; k < ARKIT_COUNT; k++) track.expression[t * ARKIT_COUNT + k] = 0.25 + 0.25 * Math.sin(0.05 * t * (1 + (k % 7)) + k);
    track.pose.set([0.05 * Math.sin(0.07 * t), 0.08 * Math.sin(0.05 * t), 0.03 * Math.sin(0.09 * t), 0, 0, 0], t * 6);
  }
  return track;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { renderer: { type: 'string' }, threads: { type: 'string' }, 'no-tracking': { type: 'boolean' } },
  });
  const threads = Number(values.threads ?? 2);
  const shipped = path.join(packageRoot(), 'models', 'renderers', 'grid-s1.renderer.onnx');
  const fixture = path.join(packageRoot(), 'tests', 'fixtures', 'neural', 'tiny.renderer.onnx');
  const file = values.renderer ?? (fs.existsSync(shipped) ? shipped : fixture);
  const result: Record<string, unknown> = {
    machine: `${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}`,
    threads,
    renderer: path.relative(process.cwd(), file),
  };

  if (!values['no-tracking'] && fs.existsSync(GRID_CLIP)) {
    const fit = await trackVideo(GRID_CLIP);
    const n = fit.track.frameCount;
    result.tracking = {
      frames: n,
      detectFps: n / fit.seconds.detect,
      fitFps: n / fit.seconds.fit,
      calibrationSeconds: fit.seconds.calibrate,
      endToEndFps: n / (fit.seconds.detect + fit.seconds.fit + fit.seconds.calibrate),
    };
    console.log(
      `tracking: detection ${(n / fit.seconds.detect).toFixed(1)} frames/s, fit ${(n / fit.seconds.fit).toFixed(1)} frames/s, rig calibration ${fit.seconds.calibrate.toFixed(1)} s once`,
    );
  }

  const lines: string[] = [];
  const r: NeuralRenderer = await loadNeuralRenderer(file, { allowFixture: true, threads, log: (l) => lines.push(l) });
  for (const l of lines) console.log(l);
  result.provider = r.provider;
  const track = movingTrack(300);
  const cond: Record<string, number> = {};
  const net: Record<string, number> = {};
  for (const size of [256, 512]) {
    const scale = size / r.card.size;
    const ctx = conditioningContext(r.conditioning.rig, r.card.person.camera, r.card.person.crop, size, r.conditioning.mesh);
    const clip = bakeForConditioning(ctx, track);
    const img = new Uint8Array(size * size * 3);
    const t0 = Date.now();
    const frames = size === 256 ? 60 : 30;
    for (let f = 0; f < frames; f++) conditioningFrame(ctx, track, clip, f, img);
    cond[size] = frames / ((Date.now() - t0) / 1000);
    // The network at this size (a fully convolutional graph takes any multiple of 8).
    net[size] = await networkFramesPerSecond(r.session, r.card.input.name, r.card.stack, size, 1, 3);
    console.log(
      `${size}²: conditioning ${cond[size].toFixed(1)} frames/s, network ${net[size].toFixed(2)} frames/s on ${r.provider} (${(1000 / net[size]).toFixed(0)} ms each; scale ×${scale} of the trained size)`,
    );
  }
  result.conditioningFps = cond;
  result.networkFps = net;
  const out = path.join(os.tmpdir(), 'musicface-neural-bench.mp4');
  const video = await renderNeuralVideo(movingTrack(300), null, out, r);
  fs.rmSync(out, { force: true });
  result.render = {
    size: r.card.size,
    frames: video.frames,
    fps: video.frames / video.seconds,
    conditioningSeconds: video.conditioningSeconds,
    networkSeconds: video.networkSeconds,
  };
  console.log(
    `render --renderer at ${r.card.size}²: ${video.frames} frames in ${video.seconds.toFixed(1)} s = ${(video.frames / video.seconds).toFixed(1)} frames/s (conditioning ${video.conditioningSeconds.toFixed(1)} s, network ${video.networkSeconds.toFixed(1)} s)`,
  );
  await r.dispose();
  console.log(JSON.stringify(result));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
