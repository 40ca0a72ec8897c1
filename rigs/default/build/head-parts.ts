import type { MeshPart } from './mesh-part';
import { EYE_PARTS, MOUTH_PARTS } from './parts';
import { buildSkin } from './skin-mesh';

/** Every piece of the default head in a fixed order (the order fixes vertex order, so bytes are stable). */
export function headParts(): MeshPart[] {
  return [buildSkin().part, ...EYE_PARTS(), ...MOUTH_PARTS()];
}
