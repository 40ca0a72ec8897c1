import { bakeClip, defaultRig, cloneAsset, type GltfAnimation, writeGlb, GlbAppender, ensureTrs, type Rig } from '../src/retarget';
import type { Defaults } from '../src/runtime';
import type { FaceTrack } from '../src/track';

export interface GlbOptions {
  /** The rig to animate (a copy of it is written); the default head when left out. */
  rig?: Rig;
  /** Name of the animation. */
  clipName?: string;
  /** Share of head rotation carried by the neck bone (0 = all on the head bone). */
  neckShare?: number;
}

export const GLB_DEFAULTS: Defaults<Omit<GlbOptions, 'rig'>> = Object.freeze({ clipName: 'musicface', neckShare: 0 });

/**
 * FaceTrack → .glb: a copy of the rig (meshes, materials, skins, extensions and any existing
 * animations kept byte for byte) with one more animation named `clipName`: LINEAR keys at the track's
 * frame rate, dense; one `weights` channel per node of every face mesh (values in [0, 1]); head pose as
 * rotation + translation of the head node; eye look as rotation of the eye nodes. Quaternions are unit
 * length and hemisphere-continuous. The track's emotion curve, when it has one, is the animation's
 * `extras.musicfaceEmotion`. Target names are written on the mesh and on every primitive.
 * Example: `fs.writeFileSync('song.glb', await exportGlb(track))`
 */
export async function exportGlb(track: FaceTrack, options: GlbOptions = {}): Promise<Uint8Array> {
  const rig = options.rig ?? (await defaultRig());
  const clipName = options.clipName ?? GLB_DEFAULTS.clipName;
  const baked = bakeClip(track, rig, { neckShare: options.neckShare ?? GLB_DEFAULTS.neckShare });
  const asset = cloneAsset(rig.asset);
  const json = asset.json;
  const app = new GlbAppender(asset);
  const input = app.accessor(baked.times, 'SCALAR', { bounds: true });
  const animation: GltfAnimation = { name: clipName, channels: [], samplers: [] };
  // The emotion curve (valence, arousal, strength at 10 Hz) rides along for `musicface preview`.
  if (track.meta.emotion) animation.extras = { musicfaceEmotion: track.meta.emotion };
  const sampler = (output: number) => {
    animation.samplers.push({ input, output, interpolation: 'LINEAR' });
    return animation.samplers.length - 1;
  };

  for (const { set, values } of baked.weights) {
    const mesh = json.meshes![set.mesh];
    // Names on the mesh and on every primitive: three.js, Babylon, Blender and Unity read the first,
    // UniVRM-era tools the second.
    mesh.extras = { ...(mesh.extras ?? {}), targetNames: set.names };
    for (const prim of mesh.primitives) prim.extras = { ...(prim.extras ?? {}), targetNames: set.names };
    const s = sampler(app.accessor(values, 'SCALAR'));
    for (const node of set.nodes) animation.channels.push({ sampler: s, target: { node, path: 'weights' } });
  }
  for (const nt of [baked.head, baked.neck, ...baked.eyes]) {
    if (!nt) continue;
    ensureTrs(json.nodes![nt.node]);
    animation.channels.push({ sampler: sampler(app.accessor(nt.rotation, 'VEC4')), target: { node: nt.node, path: 'rotation' } });
    if (nt.translation) {
      animation.channels.push({ sampler: sampler(app.accessor(nt.translation, 'VEC3')), target: { node: nt.node, path: 'translation' } });
    }
  }
  app.finish();
  (json.animations ??= []).push(animation);
  return writeGlb(asset);
}
