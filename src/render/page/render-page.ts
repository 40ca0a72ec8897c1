/**
 * Browser-side entry of the MP4 renderer: draws frames from per-frame values the Node side sends, reads
 * the pixels back and POSTs them, a chunk at a time, to the local server, which streams them to FFmpeg.
 */
import type { Babylon, FaceScene, createFaceScene } from '../../scene/page';
import type { RenderPageApi, RenderPageConfig } from '../render-page-config';
import type { cpuMorph } from './cpu-morph';
import type { vertexLighting } from './vertex-lighting';

export interface RenderPageLib {
  createFaceScene: typeof createFaceScene;
  cpuMorph: typeof cpuMorph;
  vertexLighting: typeof vertexLighting;
}

/** Sets up the scene and returns what the Node side calls through `page.evaluate`. */
export async function renderPage(B: Babylon, lib: RenderPageLib, cfg: RenderPageConfig): Promise<RenderPageApi> {
  const canvas = document.getElementById('view') as HTMLCanvasElement;
  canvas.width = cfg.size;
  canvas.height = cfg.size;
  const response = await fetch(cfg.rigUrl);
  if (!response.ok) throw new Error(`rig: HTTP ${response.status}`);
  const glb = new Uint8Array(await response.arrayBuffer());
  const face: FaceScene = await lib.createFaceScene(B, canvas, glb, cfg);
  const blenders = face.setMeshes.map((meshes) => meshes.map((m) => lib.cpuMorph(B, m)));
  lib.vertexLighting(B, face.scene);
  // Without morph targets the materials need other shaders: compile them now, or the first frame
  // would be drawn before they are ready (and come out different).
  face.scene.render();
  await face.scene.whenReadyAsync();
  const offsets: number[] = [];
  let n = 0;
  for (const set of cfg.sets) {
    offsets.push(n);
    n += set.targets;
  }
  const gl = (face.engine as any)._gl as WebGL2RenderingContext;
  const size = cfg.size;
  const frameBytes = size * size * 4;
  let pending: Promise<void> | null = null;
  let chunkBuffer: Uint8Array | null = null;
  const glInfo = face.engine.getGlInfo();

  const stats = { blendMs: 0, drawMs: 0, waitMs: 0, frames: 0 };
  const packs = [0, 1].map(() => {
    const b = gl.createBuffer()!;
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, b);
    gl.bufferData(gl.PIXEL_PACK_BUFFER, frameBytes, gl.STREAM_READ);
    return b;
  });
  gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
  return {
    stats,
    info: { webgl: face.engine.webGLVersion, renderer: glInfo.renderer },
    async renderChunk(values, count) {
      // One buffer for all chunks (fetch copies the body when the request is made): no 30 MB of
      // garbage per chunk for the collector to chase.
      if (!chunkBuffer || chunkBuffer.length < frameBytes * count) chunkBuffer = new Uint8Array(frameBytes * count);
      const out = chunkBuffer.subarray(0, frameBytes * count);
      const setFrame = (f: number) => {
        const t0 = performance.now();
        const at = f * cfg.stride;
        for (let s = 0; s < blenders.length; s++) for (const blend of blenders[s]) blend(values, at + offsets[s]);
        let h = at + n;
        for (let k = 0; k < cfg.poseNodes.length; k++) {
          const node = face.poseNodes[k];
          node?.rotationQuaternion?.set(values[h], values[h + 1], values[h + 2], values[h + 3]);
          h += 4;
          if (cfg.poseNodes[k].translation) {
            node?.position.set(values[h], values[h + 1], values[h + 2]);
            h += 3;
          }
        }
        stats.blendMs += performance.now() - t0;
      };
      const draw = (f: number) => {
        const t1 = performance.now();
        face.scene.render();
        gl.bindBuffer(gl.PIXEL_PACK_BUFFER, packs[f % 2]);
        gl.readPixels(0, 0, size, size, gl.RGBA, gl.UNSIGNED_BYTE, 0);
        gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
        gl.flush();
        stats.drawMs += performance.now() - t1;
      };
      const collect = (f: number) => {
        const t1 = performance.now();
        gl.bindBuffer(gl.PIXEL_PACK_BUFFER, packs[f % 2]);
        gl.getBufferSubData(gl.PIXEL_PACK_BUFFER, 0, out, f * frameBytes, frameBytes);
        gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
        stats.drawMs += performance.now() - t1;
        stats.frames++;
      };
      // Pipelined: the GPU process draws frame f−1 while this page blends frame f on the CPU; pixels
      // come back through two pixel-pack buffers.
      setFrame(0);
      draw(0);
      for (let f = 1; f < count; f++) {
        setFrame(f);
        collect(f - 1);
        draw(f);
      }
      collect(count - 1);
      const t2 = performance.now();
      // One chunk in flight: frames arrive in order and memory stays flat however long the song.
      if (pending) await pending;
      stats.waitMs += performance.now() - t2;
      (globalThis as { gc?: () => void }).gc?.(); // frees the previous chunk's upload (see chromium.ts)
      pending = fetch(cfg.framesUrl, { method: 'POST', body: out as Uint8Array<ArrayBuffer> }).then(async (r) => {
        await r.arrayBuffer(); // finish the exchange so the request and its body can be freed
        if (!r.ok) throw new Error(`frames: HTTP ${r.status}`);
      });
    },
    async finish() {
      if (pending) await pending;
      pending = null;
    },
  };
}
