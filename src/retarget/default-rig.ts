import * as fs from 'node:fs';
import * as path from 'node:path';
import { rigFromGlb } from './load-rig';
import type { Rig } from './rig';

/**
 * The package root (the folder whose package.json is named "musicface"), found by walking up from
 * this file, so it works from src/ (tests), dist/src/ (built) and node_modules/musicface (installed).
 */
export function packageRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if (JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'musicface') return dir;
      } catch {
        // not ours; keep walking
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`cannot find the musicface package root above ${__dirname}`);
  }
}

/** Path of the shipped default head. */
export function defaultHeadPath(): string {
  return path.join(packageRoot(), 'rigs', 'default', 'head.glb');
}

let cached: Promise<Rig> | null = null;

/**
 * The default head (rigs/default/head.glb) as a Rig. Loaded once; exporters never modify it.
 * Example: `const bytes = await exportTrack(track, 'glb', { rig: await defaultRig() })`
 */
export function defaultRig(): Promise<Rig> {
  cached ??= fs.promises.readFile(defaultHeadPath()).then((bytes) => rigFromGlb(bytes, 'default head'));
  cached.catch(() => (cached = null));
  return cached;
}
