/**
 * training/renderer/pack.py: a neural-data folder packed for a GPU machine comes back as the same
 * training pairs — the conditioning exactly (by default), the real frames within what their lossy
 * source already lost — much smaller, and a bad folder gets one clear line. The pairs are the real
 * thing: the GRID s1 clip bbaf2n's frames, cropped, and the default head's conditioning images.
 * On a CUDA machine train.py gathers stacks on the GPU (data.DeviceClips): it must hand the network
 * the same stacks as the CPU path (checked where PyTorch is installed).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ffmpegPath } from '../../src/audio/ffmpeg-binary';
import { bakeForConditioning, conditioningContext, conditioningFrame, faceCrop } from '../../src/neural/conditioning';
import { cropImage } from '../../src/neural/crop-image';
import { npyBytes, readNpy } from '../../src/neural/npy';
import { defaultRig } from '../../src/retarget/default-rig';
import { arkitIndex } from '../../src/track/arkit';
import { createTrack } from '../../src/track/face-track';
import type { PersonCamera } from '../../src/raster';
import { rigMesh } from '../../src/raster';
import { probeVideo, videoFrames } from '../../src/video';

const ROOT = path.join(__dirname, '../..');
const PACK = path.join(ROOT, 'training/renderer/pack.py');
const CLIP = path.join(ROOT, '..', 'shared', 'data', 'video', 'grid-s1', 'clips', 'bbaf2n.mpg');
const S = 128;
const FRAMES = 20;
const torch = spawnSync('python3', ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

let dir: string;
let data: string;

/** A neural-data folder of three clips: two to train on, one held out. */
async function makeData(root: string): Promise<void> {
  fs.mkdirSync(root, { recursive: true });
  const rig = await defaultRig();
  const mesh = rigMesh(rig);
  const info = await probeVideo(CLIP);
  const camera: PersonCamera = {
    width: info.width,
    height: info.height,
    focal: 300,
    u0: info.width / 2,
    v0: info.height / 2,
    rotation: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    translation: [0, -0.08, 0.45],
    pivot: mesh.headPivot,
  };
  const crop = faceCrop(mesh, camera, 0.4);
  const ctx = conditioningContext(rig, camera, crop, S, mesh);
  const real: Uint8Array[] = [];
  for await (const f of videoFrames(CLIP, info)) {
    if (real.length === FRAMES) break;
    real.push(cropImage(f.rgb, info.width, info.height, { x: 77, y: 113, size: 168 }, S));
  }
  for (const [c, name] of ['c1', 'c2', 'c3'].entries()) {
    const track = createTrack(FRAMES);
    for (let t = 0; t < FRAMES; t++) {
      track.expression[t * 52 + arkitIndex('jawOpen')] = 0.5 + 0.5 * Math.sin(0.4 * t + c);
      track.pose.set([0.05 * Math.sin(0.2 * t), 0.1 * Math.sin(0.15 * t + c), 0, 0, 0, 0], t * 6);
    }
    const clip = bakeForConditioning(ctx, track);
    const cond = new Uint8Array(FRAMES * S * S * 3);
    for (let t = 0; t < FRAMES; t++) conditioningFrame(ctx, track, clip, t, cond.subarray(t * S * S * 3, (t + 1) * S * S * 3));
    const reals = new Uint8Array(FRAMES * S * S * 3);
    for (let t = 0; t < FRAMES; t++) reals.set(real[(t + 5 * c) % FRAMES], t * S * S * 3);
    fs.writeFileSync(path.join(root, `${name}.cond.npy`), npyBytes(cond, [FRAMES, S, S, 3]));
    fs.writeFileSync(path.join(root, `${name}.real.npy`), npyBytes(reals, [FRAMES, S, S, 3]));
  }
  fs.writeFileSync(path.join(root, 'split.json'), JSON.stringify({ train: ['c1', 'c2'], test: ['c3'] }));
  fs.writeFileSync(path.join(root, 'person.json'), JSON.stringify({ size: S, stack: 10, fps: 25 }));
}

const py = (...args: string[]) => spawnSync('python3', args, { encoding: 'utf8' });
const bytes = (folder: string) => fs.readdirSync(folder).reduce((n, f) => n + fs.statSync(path.join(folder, f)).size, 0);
const npy = (file: string) => readNpy(new Uint8Array(fs.readFileSync(file)), file).data as Uint8Array;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-pack-'));
  data = path.join(dir, 'data');
  await makeData(data);
}, 60000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('pack → unpack gives back the pairs: conditioning exact, real frames above 35 dB, in a fraction of the bytes', () => {
  const packed = path.join(dir, 'packed');
  const back = path.join(dir, 'back');
  const p = py(PACK, 'pack', data, packed);
  expect(p.stderr).toBe('');
  expect(p.status).toBe(0);
  expect(bytes(packed)).toBeLessThan(bytes(data) / 10);
  const u = py(PACK, 'unpack', packed, back, '--ffmpeg', ffmpegPath());
  expect(u.status).toBe(0);
  expect(u.stdout).not.toMatch(/warning/);
  expect(JSON.parse(fs.readFileSync(path.join(back, 'split.json'), 'utf8'))).toEqual({ train: ['c1', 'c2'], test: ['c3'] });
  for (const name of ['c1', 'c2', 'c3']) {
    expect(
      Buffer.compare(Buffer.from(npy(path.join(back, `${name}.cond.npy`))), Buffer.from(npy(path.join(data, `${name}.cond.npy`)))),
    ).toBe(0);
    const a = npy(path.join(data, `${name}.real.npy`)),
      b = npy(path.join(back, `${name}.real.npy`));
    expect(b.length).toBe(a.length);
    let se = 0;
    for (let i = 0; i < a.length; i++) se += (a[i] - b[i]) ** 2;
    expect(10 * Math.log10((255 * 255) / (se / a.length))).toBeGreaterThan(35);
  }
  expect(fs.existsSync(back + '.part')).toBe(false);
}, 120000);

test('--only train leaves the held-out clips behind, and the unpacked split says so', () => {
  const packed = path.join(dir, 'packed-train');
  const back = path.join(dir, 'back-train');
  expect(py(PACK, 'pack', data, packed, '--only', 'train').status).toBe(0);
  expect(py(PACK, 'unpack', packed, back, '--ffmpeg', ffmpegPath()).status).toBe(0);
  expect(JSON.parse(fs.readFileSync(path.join(back, 'split.json'), 'utf8'))).toEqual({ train: ['c1', 'c2'], test: [] });
  expect(fs.existsSync(path.join(back, 'c3.cond.npy'))).toBe(false);
}, 120000);

test('a folder that is not neural data, or an output that exists, is one clear line and nothing written', () => {
  const r = py(PACK, 'pack', dir + '/nowhere', path.join(dir, 'p2'));
  expect(r.status).not.toBe(0);
  expect(r.stderr.trim()).toBe(`${dir}/nowhere: not a folder written by \`musicface neural-data\` (no split.json)`);
  expect(fs.existsSync(path.join(dir, 'p2'))).toBe(false);
  const u = py(PACK, 'unpack', data, path.join(dir, 'u2'));
  expect(u.stderr.trim()).toBe(`${data}: not a folder written by \`pack.py pack\` (no packed.json)`);
  const again = py(PACK, 'pack', data, data);
  expect(again.stderr.trim()).toBe(`${data}: already exists and is not empty`);
});

(torch ? test : test.skip)('the GPU path gathers the same 10-frame stacks as the CPU path, never across a clip cut', () => {
  const r = py(
    '-c',
    `
import sys, numpy as np
sys.path.insert(0, ${JSON.stringify(path.join(ROOT, 'training/renderer'))})
from data import Clips, DeviceClips
c = Clips(${JSON.stringify(data)}, ['c1', 'c2', 'c3'], 10)
g = DeviceClips(c, 'cpu')
ids = [0, 3, 19, 20, 21, 29, 40, 59]
a, b = c.batch(ids), g.batch(ids)
first = g.batch([20])[0][0]
cut = all(bool((first[3 * k:3 * k + 3] == first[27:30]).all()) for k in range(10)) and not bool((first[27:30] == g.batch([19])[0][0, 27:30]).all())
print(max(float((x - y).abs().max()) for x, y in zip(a, b)), tuple(a[0].shape), cut)
`,
  );
  expect(r.stderr).toBe('');
  // The stack of frame 20 (clip c2's first) is c2's first frame ten times, as at the start of a song.
  expect(r.stdout.trim()).toBe('0.0 (8, 30, 128, 128) True');
});
