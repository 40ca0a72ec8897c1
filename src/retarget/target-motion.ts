import { readAccessor } from './accessor-read';
import type { GlbAsset } from './glb';

/**
 * Per morph target of mesh `meshIndex`: does it move any vertex? Ready Player Me and similar avatars
 * give teeth and eyes the whole ARKit set with most targets empty; a curve for an empty target animates
 * nothing. Reads the POSITION accessors' min/max (the spec requires them), the data where they are missing.
 * Example: `targetMoves(rig.asset, set.mesh)` → [true, false, …]
 */
export function targetMoves(asset: GlbAsset, meshIndex: number): boolean[] {
  const json = asset.json;
  const prims = json.meshes?.[meshIndex]?.primitives ?? [];
  const count = prims[0]?.targets?.length ?? 0;
  const out = new Array<boolean>(count).fill(false);
  for (const prim of prims) {
    (prim.targets ?? []).forEach((t, k) => {
      if (out[k] || t.POSITION === undefined) return;
      const acc = json.accessors?.[t.POSITION];
      if (!acc) return;
      if (acc.min && acc.max) out[k] = acc.min.some((v) => v !== 0) || acc.max.some((v) => v !== 0);
      else out[k] = readAccessor(asset, t.POSITION).some((v) => v !== 0);
    });
  }
  return out;
}
