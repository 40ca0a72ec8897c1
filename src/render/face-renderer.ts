import * as crypto from 'node:crypto';
import type * as http from 'node:http';
import * as path from 'node:path';
import type { Rig } from '../retarget';
import type { FaceTrack } from '../track';
import { type Browser, type BrowserOptions, type GlBackend, launchBrowser } from './chromium';
import { type Framing, type LocalServer, faceSceneFunctions, pageFunctions, pageSource, startLocalServer } from '../scene';
import type { RenderPageApi, RenderPageConfig } from './render-page-config';
import { type RenderRig, bakeForRender, frameValues, renderRig } from './render-rig';
import { type Defaults, InvalidOptionError, RenderError, withDefaults } from '../runtime';

export interface FaceRendererOptions extends BrowserOptions {
  /** Frame width and height in pixels. */
  size?: number;
  /** Background, sRGB 0…1. */
  background?: [number, number, number];
  /** Multisampled edges: smoother silhouettes, but measured to halve the frame rate in software GL. */
  antialias?: boolean;
  /** Frames per page round trip. */
  chunkFrames?: number;
  /** What the camera shows: `face` (default), `bust` (head and shoulders) or `full` (the whole figure). */
  framing?: Framing;
}

export const FACE_RENDERER_DEFAULTS: Defaults<Omit<FaceRendererOptions, 'executablePath'>> = Object.freeze({
  size: 512,
  background: [0.16, 0.17, 0.2] as [number, number, number],
  antialias: false,
  chunkFrames: 30,
  gl: 'auto' as GlBackend,
  framing: 'face' as Framing,
});

/** Receives the pixels of a chunk of frames (RGBA, `size`² × 4 bytes each, bottom row first). */
export type FrameSink = (rgba: Uint8Array) => Promise<void>;

/**
 * A headless Chromium page with the rig loaded, ready to draw frames of a FaceTrack.
 * Example: `const r = await FaceRenderer.open(rig); await r.render(track, [0, 1, 2], sink); await r.close();`
 */
export class FaceRenderer {
  private sink: FrameSink | null = null;
  private sinkError: Error | null = null;
  /** Where the page's time went in the last `render` (see RenderPageApi.stats). */
  stats: RenderPageApi['stats'] | null = null;

  private constructor(
    readonly rig: RenderRig,
    readonly size: number,
    readonly gl: string,
    readonly glRenderer: string,
    private readonly browser: Browser,
    private readonly server: LocalServer,
    private readonly chunkFrames: number,
  ) {}

  static async open(rig: Rig, options: FaceRendererOptions = {}): Promise<FaceRenderer> {
    const o = withDefaults(FACE_RENDERER_DEFAULTS, options);
    if (!['face', 'bust', 'full'].includes(o.framing))
      throw new InvalidOptionError('framing', o.framing, { message: `framing must be face, bust or full (got ${o.framing})` });
    if (!Number.isInteger(o.size) || o.size < 16 || o.size > 4096 || o.size % 2) {
      throw new InvalidOptionError('size', o.size, {
        message: `size must be an even number of pixels between 16 and 4096 (got ${o.size})`,
      });
    }
    const rr = await renderRig(rig);
    const tries: Exclude<GlBackend, 'auto'>[] = o.gl === 'auto' ? ['llvmpipe', 'swiftshader'] : [o.gl];
    let lastError: Error | null = null;
    for (const gl of tries) {
      try {
        return await FaceRenderer.start(rr, o, gl);
      } catch (e) {
        lastError = e as Error;
        if (/browser|Chromium|Chrome/.test(lastError.message) && /cannot start|none was found|does not exist/.test(lastError.message))
          break;
      }
    }
    throw lastError!;
  }

  private static async start(
    rr: RenderRig,
    o: typeof FACE_RENDERER_DEFAULTS & FaceRendererOptions,
    gl: Exclude<GlBackend, 'auto'>,
  ): Promise<FaceRenderer> {
    const token = crypto.randomBytes(16).toString('hex');
    const config: RenderPageConfig = {
      size: o.size,
      background: o.background,
      facing: rr.facing,
      antialias: o.antialias,
      sets: rr.sets,
      poseNodes: rr.poseNodes,
      headNode: rr.headNode,
      framing: o.framing,
      interactive: false,
      rigUrl: '/rig.glb',
      framesUrl: `/frames/${token}`,
      stride: rr.stride,
    };
    const page = pageSource({
      title: 'MusicFace render',
      functions: [
        ...faceSceneFunctions(),
        ...pageFunctions(path.join(__dirname, 'page', 'cpu-morph'), ['cpuMorph', 'accumulateNormals']),
        ...pageFunctions(path.join(__dirname, 'page', 'vertex-lighting'), ['vertexLighting']),
        ...pageFunctions(path.join(__dirname, 'page', 'render-page'), ['renderPage']),
      ],
      entry: 'renderPage',
      config,
      body: `<canvas id="view" width="${o.size}" height="${o.size}"></canvas>`,
    });
    page.resources.set('/rig.glb', { type: 'model/gltf-binary', body: rr.glb });
    let self: FaceRenderer | null = null;
    const posts = new Map([[`/frames/${token}`, (req: http.IncomingMessage, res: http.ServerResponse) => self!.receive(req, res)]]);
    const server = await startLocalServer({ resources: page.resources, modules: page.modules, posts });
    let browser: Browser | null = null;
    try {
      browser = await launchBrowser({ executablePath: o.executablePath, gl });
      await browser.page.goto(server.url);
      const state = await browser.page.evaluate<boolean | string>(
        `new Promise((resolve) => { const t0 = Date.now(); (function poll() {
          if (window.musicfaceReady) return resolve(true);
          if (window.musicfaceError) return resolve(String(window.musicfaceError));
          if (Date.now() - t0 > 120000) return resolve('the page did not get ready in 120 s');
          setTimeout(poll, 20); })(); })`,
      );
      if (state !== true) throw new RenderError(`the render page failed with ${gl} GL: ${String(state).split('\n')[0]}`);
      const info = await browser.page.evaluate<RenderPageApi['info']>('window.musicface.info');
      if (info.webgl < 2) throw new RenderError(`${gl} GL gave WebGL ${info.webgl}; WebGL 2 is needed`);
      self = new FaceRenderer(rr, o.size, gl, info.renderer, browser, server, o.chunkFrames);
      return self;
    } catch (e) {
      await browser?.close();
      await server.close();
      throw e;
    }
  }

  /** The frame POST handler: streams the body into the current sink, pausing while it is busy. */
  private receive(req: http.IncomingMessage, res: http.ServerResponse): void {
    const sink = this.sink;
    let chain = Promise.resolve();
    req.on('data', (d: Buffer) => {
      if (!sink) return;
      req.pause();
      chain = chain
        .then(() => sink(new Uint8Array(d.buffer, d.byteOffset, d.byteLength)))
        .then(() => void req.resume())
        .catch((e) => {
          this.sinkError ??= e as Error;
          req.resume();
        });
    });
    req.on('end', () => {
      chain.then(() => {
        res.writeHead(this.sinkError ? 500 : 204);
        res.end();
      });
    });
  }

  /**
   * Draws track frames `frames` (indices into the track) in order and hands their pixels to `sink`.
   * `onFrames(n)` is called after each chunk; `signal` stops between chunks.
   */
  async render(
    track: FaceTrack,
    frames: ArrayLike<number>,
    sink: FrameSink,
    onFrames?: (done: number) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const stride = this.rig.stride;
    this.sink = sink;
    this.sinkError = null;
    const page = this.browser.page;
    const clip = bakeForRender(track, this.rig);
    try {
      for (let start = 0; start < frames.length; start += this.chunkFrames) {
        if (signal?.aborted) throw abortError(signal);
        const count = Math.min(this.chunkFrames, frames.length - start);
        const values = new Float32Array(count * stride);
        for (let f = 0; f < count; f++) frameValues(clip, frames[start + f], values, f * stride);
        await page.evaluate(`window.musicface.renderChunk(${JSON.stringify(Array.from(values))}, ${count})`);
        if (this.sinkError) throw this.sinkError;
        onFrames?.(start + count);
      }
      await page.evaluate('window.musicface.finish()');
      this.stats = await page.evaluate<RenderPageApi['stats']>('window.musicface.stats');
      if (this.sinkError) throw this.sinkError;
    } finally {
      this.sink = null;
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.server.close();
  }
}

export function abortError(signal: AbortSignal): Error {
  const reason = signal.reason;
  if (reason instanceof Error) return reason;
  const e = new Error(typeof reason === 'string' ? reason : 'cancelled');
  e.name = 'AbortError';
  return e;
}
