import * as path from 'path';
import { Rig } from '../src/retarget';
import { FaceTrack } from '../src/track';
import { exportCsv } from './csv';
import { exportGlb } from './glb';
import { exportJson } from './json';
import { trackToLiveLinkCsv } from './livelink-csv';
import { exportUnityAnim } from './unity-anim';
import { exportVrma } from './vrma';

export type ExportFormat = 'glb' | 'vrm' | 'vrma' | 'livelink' | 'anim' | 'json' | 'csv';

export interface FormatInfo {
  format: ExportFormat;
  /** File extension, checked longest first (".livelink.csv" before ".csv"). */
  extension: string;
  /** Who reads it. */
  title: string;
  /** Does it animate a rig (and so take `rig`)? */
  usesRig: boolean;
}

/** Every output format, in the order the CLI lists them. */
export const FORMATS: readonly FormatInfo[] = [
  { format: 'glb', extension: '.glb', title: 'glTF binary clip on the default head or your rig (Blender, Unity, Unreal, three.js, Babylon)', usesRig: true },
  { format: 'vrm', extension: '.vrm', title: 'your VRM avatar with the clip (the .glb bytes, VRM blocks kept; needs --rig AVATAR.vrm)', usesRig: true },
  { format: 'vrma', extension: '.vrma', title: 'VRM Animation 1.0 (VRM avatars: three-vrm, UniVRM, VRM apps)', usesRig: false },
  { format: 'livelink', extension: '.livelink.csv', title: "Live Link Face CSV (Unreal / MetaHuman, the app's take format)", usesRig: false },
  { format: 'anim', extension: '.anim', title: 'Unity AnimationClip (blend shape and head Transform curves)', usesRig: true },
  { format: 'json', extension: '.json', title: 'raw face track, JSON', usesRig: false },
  { format: 'csv', extension: '.csv', title: 'raw face track, CSV', usesRig: false },
];

/**
 * Output format from a file name; ".livelink.csv" is checked before ".csv".
 * Example: `formatFromPath('out/take.livelink.csv')` → "livelink"
 */
export function formatFromPath(file: string): ExportFormat {
  const name = path.basename(file).toLowerCase();
  const hit = [...FORMATS].sort((a, b) => b.extension.length - a.extension.length).find((f) => name.endsWith(f.extension));
  if (!hit) {
    throw new Error(`${file}: unknown output format; use one of ${FORMATS.map((f) => f.extension).join(', ')}`);
  }
  return hit.format;
}

/** Extension of a format (for `--formats glb,vrma` style output naming). */
export function extensionOf(format: ExportFormat): string {
  const info = FORMATS.find((f) => f.format === format);
  if (!info) throw new Error(`unknown export format "${format}"; use one of ${FORMATS.map((f) => f.format).join(', ')}`);
  return info.extension;
}

/** Whether a rig is a VRM avatar (VRM 1.0 `VRMC_vrm` or VRM 0.x `VRM` extension). */
export function isVrmRig(rig: Rig | undefined): boolean {
  const ext = rig?.asset.json.extensions;
  return !!ext && ('VRMC_vrm' in ext || 'VRM' in ext);
}

/**
 * Refuses a format that cannot be made from this rig (`.vrm` from a rig that is not a VRM), in one
 * sentence naming the file; call it before the slow work.
 * Example: `checkFormatForRig('out.vrm', 'vrm', rig)`
 */
export function checkFormatForRig(file: string, format: ExportFormat, rig: Rig | undefined): void {
  if (format === 'vrm' && !isVrmRig(rig)) {
    const what = rig ? `${rig.file} is not a VRM avatar` : 'no --rig was given (the default head is not a VRM avatar)';
    throw new Error(`${file}: a .vrm output needs a VRM avatar as the rig, but ${what}; write a .glb instead`);
  }
}

export interface ExportOptions {
  /** The rig to animate (glb, anim); the default head when left out. */
  rig?: Rig;
  /** Name of the animation / clip. */
  clipName?: string;
  /** Unity: path of the SkinnedMeshRenderer with the face's blend shapes. */
  rendererPath?: string;
  /** Unity: path of the head Transform. */
  headPath?: string;
  /** Unity: also write the Animation window's editor curves (doubles the .anim; off by default). */
  editorCurves?: boolean;
}

/**
 * FaceTrack → file bytes in `format` (pure: nothing is written; use writeFileAtomic).
 * Example: `writeFileAtomic(out, await exportTrack(track, formatFromPath(out), { rig }))`
 */
export async function exportTrack(track: FaceTrack, format: ExportFormat, options: ExportOptions = {}): Promise<Uint8Array> {
  const text = (s: string) => new TextEncoder().encode(s);
  switch (format) {
    case 'glb':
      return exportGlb(track, { rig: options.rig, clipName: options.clipName });
    case 'vrm':
      // A VRM is a .glb with VRM extensions, which exportGlb keeps (it edits a copy of the user's file).
      checkFormatForRig('.vrm output', 'vrm', options.rig);
      return exportGlb(track, { rig: options.rig, clipName: options.clipName });
    case 'vrma':
      return exportVrma(track, { clipName: options.clipName });
    case 'livelink':
      return text(trackToLiveLinkCsv(track));
    case 'anim':
      return text(await exportUnityAnim(track, options));
    case 'json':
      return exportJson(track);
    case 'csv':
      return exportCsv(track);
    default:
      throw new Error(`unknown export format "${String(format)}"; use one of ${FORMATS.map((f) => f.format).join(', ')}`);
  }
}

export { exportCsv, exportGlb, exportJson, exportUnityAnim, exportVrma, trackToLiveLinkCsv };
export { liveLinkCsvToTrack, LIVE_LINK_HEADER } from '../src/livelink';
