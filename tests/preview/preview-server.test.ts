/**
 * The preview server hands out the page, its own scripts, the clip and the song, and nothing else,
 * to this machine only. Requests are written byte for byte on a socket (an HTTP client library would
 * normalise the tricky paths before sending them).
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { exportTrack } from '../../exporters';
import { type Preview, startPreview } from '../../src/preview/preview-server';
import { createTrack } from '../../src/track/face-track';
import { testRig } from '../render/helpers';

let dir: string;
let preview: Preview;
let clipBytes: Buffer;
let songBytes: Buffer;
// A file next to the clip and song that must never be served.
const SECRET = 'top-secret-do-not-serve';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-preview-sec-'));
  const rig = await testRig();
  if (!rig) throw new Error('no rig available (rigs/default/head.glb or ../shared/data)');
  clipBytes = Buffer.from(await exportTrack(createTrack(30), 'glb', { rig }));
  fs.writeFileSync(path.join(dir, 'clip.glb'), clipBytes);
  songBytes = Buffer.from('RIFF....WAVEfmt fake but served as bytes'.repeat(50));
  fs.writeFileSync(path.join(dir, 'song.wav'), songBytes);
  fs.writeFileSync(path.join(dir, 'secret.txt'), SECRET);
  preview = await startPreview({ clip: path.join(dir, 'clip.glb'), audio: path.join(dir, 'song.wav') });
});
afterAll(async () => {
  await preview?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Sends raw bytes, returns status code, headers text and body. */
function raw(request: string, host = '127.0.0.1', port = preview.port): Promise<{ status: number; head: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host);
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', reject);
    socket.on('end', () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      const head = all.subarray(0, split).toString('latin1');
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1] ?? 0), head, body: all.subarray(split + 4) });
    });
    socket.write(request);
  });
}
const get = (target: string, host = `127.0.0.1:${0}`) =>
  raw(`GET ${target} HTTP/1.1\r\nHost: ${host.endsWith(':0') ? `127.0.0.1:${preview.port}` : host}\r\nConnection: close\r\n\r\n`);

test('listens on 127.0.0.1 only, on the port it printed', async () => {
  expect(preview.url).toBe(`http://127.0.0.1:${preview.port}/`);
  const external = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal);
  if (external) await expect(raw('GET / HTTP/1.1\r\n\r\n', external.address)).rejects.toThrow(/ECONNREFUSED/);
  await expect(raw('GET / HTTP/1.1\r\n\r\n', '::1')).rejects.toThrow(/ECONNREFUSED|EADDRNOTAVAIL/);
});

test('serves the page, its script, the clip and the song (with ranges for seeking)', async () => {
  const page = await get('/');
  expect(page.status).toBe(200);
  expect(page.head).toMatch(/Content-Security-Policy: default-src 'none'/i);
  expect(page.body.toString()).toContain('<script type="module" src="/app.js">');
  expect((await get('/app.js')).status).toBe(200);
  expect((await get('/clip.glb')).body.equals(clipBytes)).toBe(true);
  expect((await get('/song')).body.equals(songBytes)).toBe(true);
  const range = await raw(`GET /song HTTP/1.1\r\nHost: 127.0.0.1:${preview.port}\r\nRange: bytes=10-19\r\nConnection: close\r\n\r\n`);
  expect(range.status).toBe(206);
  expect(range.body.equals(songBytes.subarray(10, 20))).toBe(true);
  // Babylon comes from node_modules through the server, only the modules the page imports.
  const mod = await get('/vendor/@babylonjs/core/scene.js');
  expect(mod.status).toBe(200);
  const installed = path.join(path.dirname(require.resolve('@babylonjs/core/package.json')), 'scene.js');
  expect(mod.body.equals(fs.readFileSync(installed))).toBe(true);
});

test('Range (issue 19 item 14): last before first is invalid and ignored (200, whole file, RFC 9110 14.1.1); a range past the end is 416', async () => {
  const ask = (range: string) =>
    raw(`GET /song HTTP/1.1\r\nHost: 127.0.0.1:${preview.port}\r\nRange: ${range}\r\nConnection: close\r\n\r\n`);
  const backwards = await ask('bytes=200-100');
  expect(backwards.status).toBe(200);
  expect(backwards.body.equals(songBytes)).toBe(true);
  const past = await ask(`bytes=${songBytes.length + 10}-`);
  expect(past.status).toBe(416);
  expect(past.head).toMatch(new RegExp(`Content-Range: bytes \\*/${songBytes.length}`, 'i'));
});

test.each([
  '/vendor/',
  '/vendor/@babylonjs/core/',
  '/vendor/@babylonjs/core/Engines/',
  '/vendor/@babylonjs/core/package.json',
  '/vendor/@babylonjs/core/scene.d.ts',
  '/vendor/@babylonjs/core/scene.js.map',
  '/secret.txt',
  '/song.wav',
  '/clip.glb/',
])('no listing and nothing but the allowed files: %s → 404', async (target) => {
  const r = await get(target);
  expect(r.status).toBe(404);
  expect(r.body.toString()).toBe('not found');
});

test.each([
  '/../secret.txt',
  '/../../../../etc/passwd',
  '/vendor/@babylonjs/core/../../../package.json',
  '/vendor/@babylonjs/core/../../../../secret.txt',
  '/%2e%2e/secret.txt',
  '/%2E%2E%2Fsecret.txt',
  '/vendor/@babylonjs/core/%2e%2e/%2e%2e/%2e%2e/package.json',
  '/vendor/@babylonjs/core/..%2f..%2f..%2fpackage.json',
  '/%252e%252e%252fsecret.txt',
  '/..%5c..%5csecret.txt',
  '/vendor\\..\\..\\secret.txt',
  '//etc/passwd',
  '/./clip.glb',
  '/clip.glb%00.js',
  '/%c0%ae%c0%ae/secret.txt',
  'http://127.0.0.1/../secret.txt',
  '*',
])('no path traversal, plain or encoded: %s', async (target) => {
  const r = await get(target);
  expect([400, 404]).toContain(r.status);
  expect(r.body.toString()).not.toContain(SECRET);
  expect(r.body.toString()).not.toContain('root:');
  expect(r.body.toString()).not.toContain('"name"');
});

test.each([
  ['evil.example', 421],
  ['evil.example:80', 421],
  [`127.0.0.1.evil.example:PORT`, 421],
  [`127.0.0.1:1`, 421],
  ['127.0.0.1', 421],
  ['', 421],
])('a Host header that is not this server (DNS rebinding): %s → refused', async (host, status) => {
  const h = host.replace('PORT', String(preview.port));
  const r = await raw(`GET /clip.glb HTTP/1.1\r\n${h ? `Host: ${h}\r\n` : ''}Connection: close\r\n\r\n`);
  expect(r.status === status || r.status === 400).toBe(true);
  expect(r.body.equals(clipBytes)).toBe(false);
});

test('localhost:PORT is this server too; other methods are refused', async () => {
  expect((await get('/', `localhost:${preview.port}`)).status).toBe(200);
  for (const m of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
    const r = await raw(`${m} /clip.glb HTTP/1.1\r\nHost: 127.0.0.1:${preview.port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    expect(r.status).toBe(405);
  }
});

test('bad inputs: one sentence naming the file', async () => {
  await expect(startPreview({ clip: path.join(dir, 'nope.glb'), audio: path.join(dir, 'song.wav') })).rejects.toThrow(
    /nope\.glb: cannot read the clip/,
  );
  await expect(startPreview({ clip: path.join(dir, 'secret.txt'), audio: path.join(dir, 'song.wav') })).rejects.toThrow(
    /secret\.txt: not a binary glTF/,
  );
  await expect(startPreview({ clip: path.join(dir, 'clip.glb'), audio: path.join(dir, 'secret.txt') })).rejects.toThrow(
    /secret\.txt: browsers cannot play this kind of file/,
  );
});
