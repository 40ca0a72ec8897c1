import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Mfcc } from '../../src/features';

export const FIXTURE_DIR = path.join(__dirname, '..', 'fixtures', 'generator');
export const FIXTURE_CARD = path.join(FIXTURE_DIR, 'fixture-random.json');

const decode = (b64: string) => {
  const buf = Buffer.from(b64, 'base64');
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
};

/**
 * PyTorch's outputs of a model for fixed MFCC rows: the random fixture (training/make_fixture.py) or a
 * shipped model (training/export_run.py writes `<id>.reference.json` beside the fixture).
 */
export function pytorchReference(id = 'fixture-random') {
  const r = JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, `${id}.reference.json`), 'utf8'));
  const mfcc = (data: Float32Array): Mfcc => ({ rate: 100, frames: r.mfccFrames, dim: 26, data });
  return {
    frames: r.frames as number,
    styleIndex: r.styleIndex as number,
    vocals: mfcc(decode(r.vocals)),
    accompaniment: mfcc(decode(r.accompaniment)),
    expression: decode(r.expression),
    eyeLong: decode(r.eyeLong),
    poseSpeed: decode(r.poseSpeed),
    pose: decode(r.pose),
  };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Random MFCC-like rows for `seconds` of audio (deterministic). */
export function randomMfcc(seconds: number, seed: number): Mfcc {
  const frames = Math.round(seconds * 100);
  const data = new Float32Array(frames * 26);
  let s = seed >>> 0;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = (s / 4294967296 - 0.5) * 4;
  }
  return { rate: 100, frames, dim: 26, data };
}
