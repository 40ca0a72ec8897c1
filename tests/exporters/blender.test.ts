import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as THREE from 'three';
import { exportGlb } from '../../exporters/glb';
import { loadRig } from '../../src/retarget/load-rig';
import { ARKIT_COUNT, ARKIT_NAMES } from '../../src/track/arkit';
import { POSE_DIM } from '../../src/track/face-track';
import { testTrack } from './test-track';

const ICT = path.join(__dirname, '../../../shared/data/rigs/ict-facekit-arkit52.glb');
const haveBlender = spawnSync('blender', ['--version'], { encoding: 'utf8' }).status === 0;
if (!haveBlender) console.warn('skipping Blender import checks: `blender` (Debian package blender, 3.4) is not installed');
const haveIct = fs.existsSync(ICT);
if (!haveIct) console.warn(`skipping the ICT-FaceKit part of the Blender check: ${ICT} is absent`);

interface BlenderResult {
  path: string;
  error?: string;
  shapeKeys: string[];
  weights: Record<string, number[]>;
  head: number[][][];
}

/** Ten distinct frames from a fixed seed (a deterministic "random" draw). */
function randomFrames(count: number): number[] {
  const out = new Set<number>();
  let x = 2024;
  while (out.size < 10) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.add(Math.floor((x / 2147483648) * count));
  }
  return [...out].sort((a, b) => a - b);
}

/** Rotation the track asks for at frame k, as a row-major 3×3, computed with three.js (Euler 'YXZ' = Ry·Rx·Rz). */
function poseMatrix(pose: Float32Array, k: number): number[][] {
  const m = new THREE.Matrix4().makeRotationFromEuler(
    new THREE.Euler(pose[k * POSE_DIM], pose[k * POSE_DIM + 1], pose[k * POSE_DIM + 2], 'YXZ'),
  );
  const e = m.elements; // column-major
  return [
    [e[0], e[4], e[8]],
    [e[1], e[5], e[9]],
    [e[2], e[6], e[10]],
  ];
}

/** Angle (rad) of R1ᵀ·R2. */
function rotationDistance(a: number[][], b: number[][]): number {
  let trace = 0;
  for (let i = 0; i < 3; i++) for (let k = 0; k < 3; k++) trace += a[k][i] * b[k][i];
  return Math.acos(Math.min(1, Math.max(-1, (trace - 1) / 2)));
}

(haveBlender ? describe : describe.skip)('Blender 3.4 imports the .glb clips (one Blender process)', () => {
  const track = testTrack(120, 30);
  const frames = randomFrames(track.frameCount);
  let results: BlenderResult[] = [];
  const files: { name: string; mesh: string; head: { bone: string } | { object: string } }[] = [];

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-blender-'));
    const jobFiles = [];
    const head = path.join(dir, 'head.glb');
    fs.writeFileSync(head, await exportGlb(track, { clipName: 'song' }));
    files.push({ name: 'default head', mesh: 'Face', head: { bone: 'head' } });
    jobFiles.push({ path: head, clip: 'song', mesh: 'Face', head: { bone: 'head' } });
    if (haveIct) {
      const ict = path.join(dir, 'ict.glb');
      fs.writeFileSync(ict, await exportGlb(track, { rig: await loadRig(ICT), clipName: 'song' }));
      // The face node's rest rotation, read from the user's file itself.
      const node = JSON.parse(
        fs
          .readFileSync(ICT)
          .subarray(20, 20 + fs.readFileSync(ICT).readUInt32LE(12))
          .toString(),
      ).nodes[0];
      const rest = node.rotation ?? [0, 0, 0, 1];
      files.push({ name: 'ICT-FaceKit', mesh: 'ICTFace', head: { object: 'ICTFace' } });
      jobFiles.push({ path: ict, clip: 'song', mesh: 'ICTFace', head: { object: 'ICTFace', rest } });
    }
    const job = path.join(dir, 'job.json');
    const out = path.join(dir, 'out.json');
    fs.writeFileSync(job, JSON.stringify({ fps: track.fps, frames, files: jobFiles }));
    execFileSync(
      'blender',
      ['-b', '--factory-startup', '--python', path.join(__dirname, '../blender/import_glb_clips.py'), '--', job, out],
      {
        stdio: 'pipe',
        timeout: 180000,
      },
    );
    results = JSON.parse(fs.readFileSync(out, 'utf8'));
    fs.rmSync(dir, { recursive: true, force: true });
  }, 240000);

  test('each face mesh has 52 shape keys named as ARKit', () => {
    expect(results.length).toBe(files.length);
    for (const r of results) {
      expect(r.error).toBeUndefined();
      expect(r.shapeKeys).toEqual([...ARKIT_NAMES]);
    }
  });

  test("the action's F-curves at 10 random frames equal the track's weights within 1e-3", () => {
    for (const r of results) {
      for (const [k, name] of ARKIT_NAMES.entries()) {
        expect(r.weights[name]).toHaveLength(frames.length);
        frames.forEach((f, i) => expect(Math.abs(r.weights[name][i] - track.expression[f * ARKIT_COUNT + k])).toBeLessThan(1e-3));
      }
    }
  });

  test("the head's rotation (bone, or the face object without a skeleton) matches the track's pose within 1e-3 rad", () => {
    for (const r of results) {
      frames.forEach((f, i) => expect(rotationDistance(r.head[i], poseMatrix(track.pose, f))).toBeLessThan(1e-3));
    }
  });
});
