/**
 * `npm run bench:render`: frames per second of the MP4 preview render at 512² and peak memory for a
 * 4-minute song. Options: --minutes N (default 4), --size PX (default 512), --gl auto|llvmpipe|swiftshader.
 * The song is the CC0 Francium excerpt (../shared/data) looped to length; the track is a deterministic
 * synthetic one that moves every blendshape and the head (the renderer's cost does not depend on the
 * values). Memory: Node's own peak RSS, and the peak of the summed PSS of Node + Chromium + FFmpeg
 * (PSS splits shared pages, so the sum is not inflated by Chromium's shared libraries).
 * The last line printed is one JSON object.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { benchSong, SHARED_DATA } from './bench-song';
import type { GlBackend } from '../src/render/chromium';
import { renderVideo } from '../src/render/render-video';
import { defaultRig } from '../src/retarget/default-rig';
import { loadRig } from '../src/retarget/load-rig';
import type { Rig } from '../src/retarget/rig';
import { ARKIT_COUNT } from '../src/track/arkit';
import { createTrack, type FaceTrack, POSE_DIM, syncEyesToExpression } from '../src/track/face-track';

const SHARED = SHARED_DATA;

/** Every weight on its own slow sine, the head nodding and turning a little, blinks every ~4 s. */
function syntheticTrack(frames: number): FaceTrack {
  const track = createTrack(frames, 30, { source: 'render-bench' });
  for (let t = 0; t < frames; t++) {
    for (let k = 0; k < ARKIT_COUNT; k++) track.expression[t * ARKIT_COUNT + k] = 0.5 + 0.5 * Math.sin(t * (0.05 + k * 0.003) + k);
    const p = t * POSE_DIM;
    track.pose[p] = 0.1 * Math.sin(t * 0.07);
    track.pose[p + 1] = 0.2 * Math.sin(t * 0.031);
    track.pose[p + 2] = 0.05 * Math.sin(t * 0.05);
    const blink = t % 120 < 5 ? 1 : 0;
    track.eyes[t * 2] = blink;
    track.eyes[t * 2 + 1] = blink;
  }
  syncEyesToExpression(track);
  return track;
}

/** Summed PSS (kB) of this process and all its descendants, from /proc (Linux). */
function treePssKb(): number {
  const children = new Map<number, number[]>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(d));
      children.set(ppid, list);
    } catch {
      // gone already
    }
  }
  let total = 0;
  const stack = [process.pid];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      total += m ? Number(m[1]) : 0;
    } catch {
      // gone already
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

async function main() {
  const { values } = parseArgs({
    options: { minutes: { type: 'string' }, size: { type: 'string' }, gl: { type: 'string' }, rig: { type: 'string' } },
  });
  const minutes = Number(values.minutes ?? 4);
  const size = Number(values.size ?? 512);
  const song = benchSong(minutes);
  const frames = Math.round(minutes * 60 * 30);
  const track = syntheticTrack(frames);
  const ict = path.join(SHARED, 'rigs', 'ict-facekit-arkit52.glb');
  let rigName = values.rig;
  let rig: Rig | undefined;
  if (rigName) rig = await loadRig(rigName);
  else {
    try {
      rig = await defaultRig();
      rigName = 'default head';
    } catch {
      rig = await loadRig(ict);
      rigName = ict;
    }
  }
  let peakPss = 0;
  // Memory over time: PSS samples with how far the render was, to show it stays flat.
  let progress = 0;
  const samples: [number, number][] = [];
  const sampler = setInterval(() => {
    const kb = treePssKb();
    peakPss = Math.max(peakPss, kb);
    samples.push([progress, kb]);
  }, 250);
  const out = path.join(os.tmpdir(), `musicface-bench-render-${process.pid}.mp4`);
  const t0 = process.hrtime.bigint();
  let firstFrameAt = 0;
  const result = await renderVideo(track, song, out, {
    rig,
    size,
    gl: (values.gl as GlBackend | undefined) ?? 'auto',
    onProgress: (e) => {
      progress = e.total ? e.done / e.total : 0;
      if (!firstFrameAt && e.done > 0) firstFrameAt = Number(process.hrtime.bigint() - t0) / 1e9;
    },
  });
  const total = Number(process.hrtime.bigint() - t0) / 1e9;
  clearInterval(sampler);
  const mp4MB = fs.statSync(out).size / 1e6;
  fs.rmSync(out, { force: true });
  const rssMB = process.resourceUsage().maxRSS / 1024;
  const peakIn = (a: number, b: number) => Math.max(0, ...samples.filter(([p]) => p > a && p <= b).map(([, kb]) => kb)) / 1024;
  const earlyMB = peakIn(0.05, 0.25);
  const lateMB = peakIn(0.75, 1);
  const load = os.loadavg()[0];
  console.log(`rig ${rigName}; GL: ${result.gl}`);
  console.log(
    `${frames} frames at ${size}² in ${total.toFixed(1)} s (startup ${firstFrameAt.toFixed(1)} s): ${(frames / total).toFixed(1)} fps end to end`,
  );
  console.log(
    `peak RSS of node ${rssMB.toFixed(0)} MB; peak PSS of node + chromium + ffmpeg ${(peakPss / 1024).toFixed(0)} MB; MP4 ${mp4MB.toFixed(1)} MB`,
  );
  console.log(`peak PSS while 5–25 % done ${earlyMB.toFixed(0)} MB, while 75–100 % done ${lateMB.toFixed(0)} MB (flat = streaming works)`);
  console.log(`${os.cpus().length} cores, load average at the end ${load.toFixed(2)} (other work on the machine slows this down)`);
  const round = (x: number) => Math.round(x * 10) / 10;
  console.log(
    JSON.stringify({
      songSeconds: minutes * 60,
      frames,
      size,
      gl: result.gl,
      seconds: round(total),
      startupSeconds: round(firstFrameAt),
      fps: round(frames / total),
      fpsAfterStartup: round(frames / (total - firstFrameAt)),
      peakRssMB: Math.round(rssMB),
      peakTreePssMB: Math.round(peakPss / 1024),
      treePssEarlyMB: Math.round(earlyMB),
      treePssLateMB: Math.round(lateMB),
      cores: os.cpus().length,
      loadAverage: round(load),
    }),
  );
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
