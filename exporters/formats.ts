import { LIVE_LINK_DEFAULTS } from '../src/livelink';
import type { Rig } from '../src/retarget';
import type { FaceTrack } from '../src/track';
import { exportCsv } from './csv';
import { GLB_DEFAULTS, exportGlb } from './glb';
import { exportJson } from './json';
import { exportLiveLink } from './livelink-csv';
import { UNITY_ANIM_DEFAULTS, exportUnityAnim } from './unity-anim';
import { exportVrma } from './vrma';

/** Every option any format reads; each format's `options` says which of them, with their defaults. */
export interface ExportOptions {
  /** The rig to animate (glb, vrm, anim); the default head when left out. */
  rig?: Rig;
  /** Name of the animation / clip. */
  clipName?: string;
  /** glb: share of head rotation carried by the neck bone (0 = all on the head bone). */
  neckShare?: number;
  /** Unity: path of the SkinnedMeshRenderer with the face's blend shapes. */
  rendererPath?: string;
  /** Unity: path of the head Transform. */
  headPath?: string;
  /** Unity: blend shape weight at full strength (100 for FBX imports, 1 for glTFast). */
  blendShapeScale?: number;
  /** Unity: keys a straight line reproduces within this are dropped (weight units). */
  tolerance?: number;
  /** Unity: also write the Animation window's editor curves (doubles the .anim; off by default). */
  editorCurves?: boolean;
  /** Live Link: timecode frame rate (the app counts at 60). */
  timecodeRate?: number;
  /** Live Link: timecode of the first row, seconds since midnight. */
  startSeconds?: number;
}

/** One exporter signature: FaceTrack (+ options) → the file's bytes; pure, nothing is written. */
export type Exporter<O = ExportOptions> = (track: FaceTrack, options?: O) => Promise<Uint8Array>;

/** One output format: what the CLI, the library, batch and the docs read. */
export interface OutputFormat {
  /** Short name (`--formats glb,vrma`). */
  readonly name: string;
  /** File ending, checked longest first (".livelink.csv" before ".csv"). */
  readonly ext: string;
  /** Who reads it. */
  readonly title: string;
  /** The options it reads, with their defaults (undefined: none; `rig` defaults to the default head). */
  readonly options: Readonly<Partial<Record<keyof ExportOptions, unknown>>>;
  readonly write: Exporter;
}

const rigOptions = { rig: undefined };

/** Every output format, in the order the CLI lists them. */
export const FORMATS = [
  {
    name: 'glb',
    ext: '.glb',
    title: 'glTF binary clip on the default head or your rig (Blender, Unity, Unreal, three.js, Babylon)',
    options: { ...rigOptions, ...GLB_DEFAULTS },
    write: (t, o = {}) => exportGlb(t, o),
  },
  {
    name: 'vrm',
    ext: '.vrm',
    title: 'your VRM avatar with the clip (the .glb bytes, VRM blocks kept; needs --rig AVATAR.vrm)',
    options: { ...rigOptions, ...GLB_DEFAULTS },
    // A VRM is a .glb with VRM extensions, which exportGlb keeps (it edits a copy of the user's file).
    write: async (t, o = {}) => {
      checkFormatForRig('.vrm output', 'vrm', o.rig);
      return exportGlb(t, o);
    },
  },
  {
    name: 'vrma',
    ext: '.vrma',
    title: 'VRM Animation 1.0 (VRM avatars: three-vrm, UniVRM, VRM apps)',
    options: { clipName: GLB_DEFAULTS.clipName },
    write: (t, o = {}) => exportVrma(t, o),
  },
  {
    name: 'livelink',
    ext: '.livelink.csv',
    title: "Live Link Face CSV (Unreal / MetaHuman, the app's take format)",
    options: { timecodeRate: LIVE_LINK_DEFAULTS.timecodeRate, startSeconds: LIVE_LINK_DEFAULTS.startSeconds },
    write: (t, o = {}) => exportLiveLink(t, o),
  },
  {
    name: 'anim',
    ext: '.anim',
    title: 'Unity AnimationClip (blend shape and head Transform curves)',
    options: { ...rigOptions, rendererPath: undefined, headPath: undefined, ...UNITY_ANIM_DEFAULTS },
    write: (t, o = {}) => exportUnityAnim(t, o),
  },
  { name: 'json', ext: '.json', title: 'raw face track, JSON', options: {}, write: (t) => exportJson(t) },
  { name: 'csv', ext: '.csv', title: 'raw face track, CSV', options: {}, write: (t) => exportCsv(t) },
] as const satisfies readonly OutputFormat[];

export type ExportFormat = (typeof FORMATS)[number]['name'];

/** The format called `name`, or one sentence naming the choices. */
export function outputFormat(name: string): OutputFormat {
  const hit = FORMATS.find((f) => f.name === name);
  if (!hit) throw new Error(`unknown export format "${name}"; use one of ${FORMATS.map((f) => f.name).join(', ')}`);
  return hit;
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
export function checkFormatForRig(file: string, format: string, rig: Rig | undefined): void {
  if (format === 'vrm' && !isVrmRig(rig)) {
    const what = rig ? `${rig.file} is not a VRM avatar` : 'no --rig was given (the default head is not a VRM avatar)';
    throw new Error(`${file}: a .vrm output needs a VRM avatar as the rig, but ${what}; write a .glb instead`);
  }
}
