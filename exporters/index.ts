import * as path from 'node:path';
import type { FaceTrack } from '../src/track';
import { type ExportFormat, type ExportOptions, FORMATS, outputFormat } from './formats';

/**
 * Output format from a file name; ".livelink.csv" is checked before ".csv".
 * Example: `formatFromPath('out/take.livelink.csv')` → "livelink"
 */
export function formatFromPath(file: string): ExportFormat {
  const name = path.basename(file).toLowerCase();
  const hit = [...FORMATS].sort((a, b) => b.ext.length - a.ext.length).find((f) => name.endsWith(f.ext));
  if (!hit) {
    throw new Error(`${file}: unknown output format; use one of ${FORMATS.map((f) => f.ext).join(', ')}`);
  }
  return hit.name;
}

/** Extension of a format (for `--formats glb,vrma` style output naming). */
export function extensionOf(format: string): string {
  return outputFormat(format).ext;
}

/**
 * FaceTrack → file bytes in `format` (pure: nothing is written; use writeFileAtomic).
 * Example: `writeFileAtomic(out, await exportTrack(track, formatFromPath(out), { rig }))`
 */
export async function exportTrack(track: FaceTrack, format: ExportFormat, options: ExportOptions = {}): Promise<Uint8Array> {
  return outputFormat(format).write(track, options);
}

export { exportCsv } from './csv';
export { GLB_DEFAULTS, type GlbOptions, exportGlb } from './glb';
export { exportJson } from './json';
export { type LiveLinkWriteOptions, exportLiveLink } from './livelink-csv';
export { UNITY_ANIM_DEFAULTS, type UnityAnimOptions, exportUnityAnim } from './unity-anim';
export { type VrmaOptions, exportVrma } from './vrma';
export {
  type ExportFormat,
  type ExportOptions,
  type Exporter,
  FORMATS,
  type OutputFormat,
  checkFormatForRig,
  isVrmRig,
  outputFormat,
} from './formats';
