import type { ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { RenderError } from '../runtime';

/**
 * A minimal Chrome DevTools Protocol client over `--remote-debugging-pipe` (fd 3 in, fd 4 out,
 * NUL-terminated JSON messages).
 *
 * Why not Playwright here: Playwright turns on the Network domain, so Chromium serializes every
 * request body for the inspector; the renderer POSTs ~30 MB of pixels per chunk, and that alone cut
 * throughput from ~20 to ~3 frames/s and grew Node to 700 MB. Only Target, Page and Runtime are used.
 */
// CDP messages are JSON whose shape depends on the method or event: callers type them at the call.
// biome-ignore-start lint/suspicious/noExplicitAny: untyped protocol JSON
export class CdpPipe {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void; method: string }>();
  private readonly listeners = new Map<string, Set<(params: any, sessionId?: string) => void>>();
  private buffer = '';
  private closedError: Error | null = null;

  constructor(
    private readonly input: Writable,
    output: Readable,
  ) {
    output.setEncoding('utf8');
    output.on('data', (chunk: string) => this.onData(chunk));
    output.on('close', () => this.fail(new Error('the browser closed its debugging pipe')));
    input.on('error', (e) => this.fail(e));
  }

  static fromProcess(proc: ChildProcess): CdpPipe {
    return new CdpPipe(proc.stdio[3] as Writable, proc.stdio[4] as Readable);
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    for (let end = this.buffer.indexOf('\0'); end >= 0; end = this.buffer.indexOf('\0')) {
      const text = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 1);
      const msg = JSON.parse(text);
      if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        if (!p) continue;
        this.pending.delete(msg.id);
        if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
        else p.resolve(msg.result);
      } else if (msg.method) {
        for (const fn of this.listeners.get(msg.method) ?? []) fn(msg.params, msg.sessionId);
      }
    }
  }

  private fail(e: Error): void {
    if (this.closedError) return;
    this.closedError = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  /** Sends a command (to a target session when `sessionId` is given) and resolves with its result. */
  send<T = any>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    if (this.closedError) return Promise.reject(this.closedError);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.input.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    });
  }

  on(event: string, fn: (params: any, sessionId?: string) => void): void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(fn);
    this.listeners.set(event, set);
  }
}

/** A page target of a CdpPipe: evaluate expressions in it. */
export class CdpPage {
  constructor(
    readonly cdp: CdpPipe,
    readonly sessionId: string,
  ) {}

  /** Attaches to the browser's first page (opening one if there is none). */
  static async open(cdp: CdpPipe): Promise<CdpPage> {
    const { targetInfos } = await cdp.send<{ targetInfos: { targetId: string; type: string }[] }>('Target.getTargets');
    const existing = targetInfos.find((t) => t.type === 'page');
    const targetId = existing?.targetId ?? (await cdp.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' })).targetId;
    const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    const page = new CdpPage(cdp, sessionId);
    await cdp.send('Page.enable', {}, sessionId);
    await cdp.send('Runtime.enable', {}, sessionId);
    return page;
  }

  /** Navigates and waits for the load event. */
  async goto(url: string): Promise<void> {
    const loaded = new Promise<void>((resolve) => {
      this.cdp.on('Page.loadEventFired', (_p, sid) => {
        if (sid === this.sessionId) resolve();
      });
    });
    const r = await this.cdp.send<{ errorText?: string }>('Page.navigate', { url }, this.sessionId);
    if (r.errorText) throw new RenderError(`cannot open ${url}: ${r.errorText}`);
    await loaded;
  }

  /**
   * Evaluates `expression` (awaiting a returned promise) and returns its JSON value.
   * Example: `await page.evaluate('window.musicface.finish()')`
   */
  async evaluate<T = unknown>(expression: string): Promise<T> {
    const r = await this.cdp.send<{ result: { value?: T }; exceptionDetails?: { text: string; exception?: { description?: string } } }>(
      'Runtime.evaluate',
      { expression, awaitPromise: true, returnByValue: true },
      this.sessionId,
    );
    if (r.exceptionDetails) {
      const d = r.exceptionDetails;
      throw new RenderError(`page: ${(d.exception?.description ?? d.text).split('\n')[0]}`);
    }
    return r.result.value as T;
  }
}
// biome-ignore-end lint/suspicious/noExplicitAny: untyped protocol JSON
