import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BabylonModules } from './babylon-modules';

/** One thing the server hands out: bytes in memory or a file on disk. */
export interface Resource {
  type: string;
  body?: string | Uint8Array;
  file?: string;
  /** Extra response headers (an HTML page's Content-Security-Policy). */
  headers?: Record<string, string>;
}

export type PostHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface LocalServerOptions {
  /** Exact URL path → resource, e.g. "/" → the page, "/clip.glb" → the user's file. */
  resources: ReadonlyMap<string, Resource>;
  /** Babylon modules the page may load (and only those). */
  modules?: BabylonModules;
  /** Exact URL path → handler for POST (the renderer's frame sink). */
  posts?: ReadonlyMap<string, PostHandler>;
}

export interface LocalServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

// Every path the server hands out is spelled with these characters only: anything else (percent
// escapes, backslashes, NUL, …) is refused before any lookup, so no encoded form can name another file.
const SAFE_PATH = /^\/[A-Za-z0-9._@/-]*$/;

const COMMON_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
};

/** Content-Security-Policy for an HTML page whose only inline script is `inlineScript` (the import map). */
export function pagePolicy(inlineScripts: string[]): string {
  const hashes = inlineScripts.map((s) => `'sha256-${crypto.createHash('sha256').update(s).digest('base64')}'`);
  return [
    "default-src 'none'",
    `script-src 'self' ${hashes.join(' ')}`,
    "connect-src 'self'",
    "img-src 'self' blob: data:",
    "media-src 'self'",
    "style-src 'unsafe-inline'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function refuse(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** The path of a request, or an HTTP status explaining why it is refused. */
export function checkRequest(req: http.IncomingMessage, port: number): { path: string } | { status: number; why: string } {
  const host = (req.headers.host ?? '').toLowerCase();
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return { status: 421, why: 'wrong Host header' };
  const url = req.url ?? '';
  if (!url.startsWith('/')) return { status: 400, why: 'bad request target' };
  const q = url.indexOf('?');
  const p = q < 0 ? url : url.slice(0, q);
  if (!SAFE_PATH.test(p)) return { status: 400, why: 'bad path' };
  const segments = p.split('/').slice(1);
  if (segments.some((s, i) => s === '.' || s === '..' || (s === '' && i < segments.length - 1))) return { status: 400, why: 'bad path' };
  return { path: p };
}

function sendFile(req: http.IncomingMessage, res: http.ServerResponse, r: Resource): void {
  let size: number;
  try {
    const st = fs.statSync(r.file!);
    if (!st.isFile()) {
      refuse(res, 404, 'not found');
      return;
    }
    size = st.size;
  } catch {
    refuse(res, 404, 'not found');
    return;
  }
  const headers: Record<string, string | number> = { ...COMMON_HEADERS, 'Content-Type': r.type, 'Accept-Ranges': 'bytes' };
  let start = 0;
  let end = size - 1;
  let status = 200;
  const range = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ''));
  // RFC 9110 14.1.1: a last position before the first makes the range invalid, and an invalid Range
  // is ignored (the whole file, 200); 416 is for a valid range that misses the file (bytes=5000- of 100).
  const invalid = !!range && !!range[1] && !!range[2] && Number(range[2]) < Number(range[1]);
  if (range && (range[1] || range[2]) && !invalid) {
    if (range[1]) {
      start = Number(range[1]);
      end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    } else {
      start = Math.max(0, size - Number(range[2]));
    }
    if (start > end || start >= size) {
      res.writeHead(416, { ...COMMON_HEADERS, 'Content-Range': `bytes */${size}` });
      return void res.end();
    }
    status = 206;
    headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  }
  headers['Content-Length'] = size === 0 ? 0 : end - start + 1;
  res.writeHead(status, headers);
  if (req.method === 'HEAD' || size === 0) return void res.end();
  const stream = fs.createReadStream(r.file!, { start, end });
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/**
 * An HTTP server on 127.0.0.1 (a free port) that serves exactly the listed resources, the allowed
 * Babylon modules and the listed POST endpoints: no directory listing, no path resolution (lookups are
 * exact), no percent-decoding, and requests whose Host is not this server's are refused
 * (DNS rebinding).
 * Example: `const s = await startLocalServer({ resources: new Map([['/', { type: 'text/html', body: html }]]) }); console.log(s.url)`
 */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  let port = 0;
  const server = http.createServer((req, res) => {
    const checked = checkRequest(req, port);
    if ('status' in checked) return refuse(res, checked.status, checked.why);
    const post = options.posts?.get(checked.path);
    if (req.method === 'POST' && post) return post(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
    const r = options.resources.get(checked.path);
    if (r) {
      if (r.file) return sendFile(req, res, r);
      const body = typeof r.body === 'string' ? Buffer.from(r.body) : Buffer.from(r.body ?? new Uint8Array(0));
      res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': r.type, 'Content-Length': body.length, ...r.headers });
      return void res.end(req.method === 'HEAD' ? undefined : body);
    }
    const moduleFile = options.modules?.files.get(checked.path);
    if (moduleFile) return sendFile(req, res, { type: 'text/javascript; charset=utf-8', file: moduleFile });
    refuse(res, 404, 'not found');
  });
  server.keepAliveTimeout = 2000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * An HTML resource with its Content-Security-Policy (scripts: same origin plus the given inline scripts).
 * Example: `resources.set('/', htmlPage(html, [importMapText]))`
 */
export function htmlPage(html: string, inlineScripts: string[]): Resource {
  return { type: 'text/html; charset=utf-8', body: html, headers: { 'Content-Security-Policy': pagePolicy(inlineScripts) } };
}
