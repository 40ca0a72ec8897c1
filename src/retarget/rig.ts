import type { GlbAsset } from './glb';
import type { Mix } from './profile';

/** One glTF mesh whose morph targets the animation drives (head, teeth, tongue, lashes …). */
export interface RigTargetSet {
  /** Index into json.meshes. */
  mesh: number;
  /** Every node that instances the mesh (each gets its own weights channel). */
  nodes: number[];
  /** The mesh's own target names, in target order. */
  names: string[];
  /** Per target: the ARKit mix that drives it ([] = left at rest). */
  mixes: Mix[];
}

/** What loading a rig found; the CLI prints it. */
export interface RigReport {
  /** Profile id and title, e.g. "arkit" / "ARKit 52". */
  profile: string;
  profileTitle: string;
  /** Number of the rig's targets that the animation drives. */
  driven: number;
  /** Rig targets nothing drives (unknown names, or names the scheme leaves at rest such as "_neutral"). */
  unmapped: string[];
  /** ARKit names that move nothing on this rig. */
  missing: string[];
  /** Node names that carry head pose and eye look (null when the rig has none). */
  head: string | null;
  neck: string | null;
  eyes: { left: string | null; right: string | null };
  /** Anything else the user should know (one sentence each). */
  notes: string[];
}

/**
 * A glTF document with morph targets, the profile mapping ARKit names to its own target names,
 * and the nodes that carry head pose and eye look (DESIGN.md).
 */
export interface Rig {
  /** Where it came from (a path, or "default head"). */
  file: string;
  /** The user's file as loaded; exporters work on a copy. */
  asset: GlbAsset;
  targets: RigTargetSet[];
  head: number | null;
  neck: number | null;
  eyes: { left: number | null; right: number | null };
  /** +1 when the model faces +Z (glTF, VRM 1.0), −1 when it faces −Z (VRM 0.x). */
  facing: 1 | -1;
  report: RigReport;
}
