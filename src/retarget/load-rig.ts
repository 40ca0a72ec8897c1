import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROFILES } from './profiles';
import { ARKIT_NAMES } from '../track';
import { findPoseNodes } from './find-nodes';
import { type GlbAsset, type GltfJson, parseGlb } from './glb';
import { type Mix, type RigProfile, nameKey } from './profile';
import type { Rig, RigReport, RigTargetSet } from './rig';
import { readVrmExpressions, vrmPresetMixes } from './vrm-expressions';
import { RigError } from '../runtime';

/** Target names of a mesh: mesh.extras.targetNames, else the first primitive's, else accessor names. */
export function meshTargetNames(json: GltfJson, meshIndex: number): string[] {
  const mesh = json.meshes![meshIndex];
  const count = mesh.primitives[0]?.targets?.length ?? 0;
  const fromExtras = (x: unknown) =>
    Array.isArray(x) && x.length === count && x.every((n) => typeof n === 'string') ? (x as string[]) : null;
  const names = fromExtras(mesh.extras?.targetNames) ?? fromExtras(mesh.primitives[0]?.extras?.targetNames);
  if (names) return names.slice();
  return (mesh.primitives[0]?.targets ?? []).map((t, i) => {
    const acc = t.POSITION !== undefined ? json.accessors?.[t.POSITION] : undefined;
    return typeof acc?.name === 'string' && acc.name ? acc.name : `target_${i}`;
  });
}

const list = (names: string[], max = 8) => names.slice(0, max).join(', ') + (names.length > max ? `, … (${names.length} in all)` : '');

/** Detection score: driven names count 1, names the scheme knows but leaves at rest ½, plus its style bonus. */
function score(profile: RigProfile, names: string[]): number {
  let s = 0;
  for (const n of new Set(names)) {
    const mix = profile.entries.get(nameKey(n));
    if (mix) s += mix.length ? 1 : 0.5;
  }
  return s + (profile.styleBonus?.(names) ?? 0);
}

/**
 * GLB/VRM bytes → Rig: detects the naming profile from the target names (or the VRM expressions),
 * binds every mesh that carries known shapes, finds head/neck/eye nodes, and reports what it found.
 * Example: `const rig = rigFromGlb(fs.readFileSync('avatar.vrm'), 'avatar.vrm'); console.log(rig.report.missing)`
 */
export function rigFromGlb(bytes: Uint8Array, file: string): Rig {
  const asset: GlbAsset = parseGlb(bytes, file);
  const json = asset.json;
  const meshes = json.meshes ?? [];
  const morphMeshes = meshes.flatMap((m, i) => ((m.primitives[0]?.targets?.length ?? 0) > 0 ? [i] : []));
  if (!morphMeshes.length) {
    const what = meshes.length ? `${meshes.length} mesh(es) (${list(meshes.map((m, i) => m.name ?? `mesh ${i}`))})` : 'no meshes';
    throw new RigError(
      `${file}: no morph targets (blendshapes) found; it has ${what} and ${json.nodes?.length ?? 0} node(s). ` +
        'A face rig needs morph targets named as ARKit (eyeBlinkLeft, jawOpen, …) or another supported scheme.',
      { file },
    );
  }
  const namesOf = new Map(morphMeshes.map((m) => [m, meshTargetNames(json, m)]));
  const allNames = [...new Set([...namesOf.values()].flat())];
  const scored = PROFILES.map((p) => ({ p, s: score(p, allNames) }));
  const best = scored.reduce((a, b) => (b.s > a.s ? b : a));
  const vrm = readVrmExpressions(json);
  const useVrm = vrm !== null && vrm.binds.size > 0 && best.s < ARKIT_NAMES.length / 2;
  if (!useVrm && best.s < 1) {
    throw new RigError(
      `${file}: none of its ${allNames.length} morph target(s) has a name MusicFace knows ` +
        `(ARKit 52, MediaPipe, ICT-FaceKit, Ready Player Me, CC4, Oculus visemes, or VRM expressions); found: ${list(allNames)}.`,
      { file },
    );
  }

  const targets: RigTargetSet[] = [];
  const notes: string[] = [];
  let profileId: string;
  let profileTitle: string;
  if (useVrm) {
    profileId = `vrm-${vrm!.version}`;
    profileTitle = `VRM ${vrm!.version} expressions`;
    const presetMix = vrmPresetMixes(vrm!);
    const mixes = new Map<number, Map<number, Map<number, number>>>(); // mesh → target → arkit → weight
    for (const [preset, binds] of vrm!.binds) {
      for (const b of binds) {
        const perTarget = mixes.get(b.mesh) ?? new Map<number, Map<number, number>>();
        mixes.set(b.mesh, perTarget);
        const terms = perTarget.get(b.index) ?? new Map<number, number>();
        perTarget.set(b.index, terms);
        for (const t of presetMix.get(preset) ?? []) terms.set(t.arkit, (terms.get(t.arkit) ?? 0) + b.weight * t.weight);
      }
    }
    for (const [mesh, perTarget] of [...mixes].sort((a, b) => a[0] - b[0])) {
      const names = namesOf.get(mesh);
      if (!names) continue;
      const m: Mix[] = names.map((_, i) =>
        [...(perTarget.get(i) ?? new Map<number, number>())].map(([arkit, weight]) => ({ arkit, weight })),
      );
      targets.push({ mesh, nodes: [], names, mixes: m });
    }
    notes.push(`${file}: driven through its VRM ${vrm!.version} expressions (aa, ih, ou, ee, oh, blink, happy, …), not by target names.`);
  } else {
    profileId = best.p.id;
    profileTitle = best.p.title;
    for (const mesh of morphMeshes) {
      const names = namesOf.get(mesh)!;
      const mixes = names.map((n) => best.p.entries.get(nameKey(n)) ?? []);
      if (names.some((n) => best.p.entries.has(nameKey(n)))) targets.push({ mesh, nodes: [], names, mixes });
    }
  }
  // Nodes that instance each bound mesh.
  (json.nodes ?? []).forEach((n, i) => targets.find((t) => t.mesh === n.mesh)?.nodes.push(i));
  const bound = targets.filter((t) => t.nodes.length > 0);
  if (bound.length < targets.length)
    notes.push(`${file}: ${targets.length - bound.length} mesh(es) with face shapes are not placed in the scene and stay still.`);

  // Head, neck and eyes: the VRM humanoid when there is one, else by name, else the face mesh's own node.
  const found = findPoseNodes(json);
  let head = vrm?.humanoid.head ?? found.head;
  const neck = vrm ? vrm.humanoid.neck : found.neck;
  const eyes = vrm ? { left: vrm.humanoid.leftEye, right: vrm.humanoid.rightEye } : found.eyes;
  if (head === null) {
    const faceNodes = bound.flatMap((t) => t.nodes);
    if (faceNodes.length === 1 && json.nodes![faceNodes[0]].skin === undefined) {
      head = faceNodes[0];
      notes.push(`${file}: no head bone; head pose moves the face mesh's node "${json.nodes![head].name ?? head}".`);
    } else {
      notes.push(`${file}: no head bone or single unskinned face node found; head pose is not applied.`);
    }
  }

  const driven = new Set<number>();
  const unmapped = new Set<string>();
  let drivenCount = 0;
  for (const t of bound) {
    t.mixes.forEach((mix, i) => {
      if (mix.length) {
        drivenCount++;
        mix.forEach((term) => driven.add(term.arkit));
      } else unmapped.add(t.names[i]);
    });
  }
  const nodeName = (i: number | null) => (i === null ? null : (json.nodes![i].name ?? `node ${i}`));
  const report: RigReport = {
    profile: profileId,
    profileTitle,
    driven: drivenCount,
    unmapped: [...unmapped],
    missing: ARKIT_NAMES.filter((_, k) => !driven.has(k)),
    head: nodeName(head),
    neck: nodeName(neck),
    eyes: { left: nodeName(eyes.left), right: nodeName(eyes.right) },
    notes,
  };
  return { file, asset, targets: bound, head, neck, eyes, facing: vrm?.version === '0.x' ? -1 : 1, report };
}

/**
 * Loads a user's rig (.glb or .vrm).
 * Example: `const rig = await loadRig('avatar.vrm'); for (const n of rig.report.notes) console.log(n)`
 */
export async function loadRig(file: string): Promise<Rig> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.gltf')
    throw new RigError(`${file}: a .gltf with separate files is not supported; export or convert it to a single .glb`, { file });
  if (ext !== '.glb' && ext !== '.vrm')
    throw new RigError(`${file}: a rig must be a .glb or .vrm file (got "${ext || 'no extension'}")`, { file });
  let bytes: Uint8Array;
  try {
    bytes = await fs.promises.readFile(file);
  } catch (e) {
    throw new RigError(`${file}: cannot read the rig (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file });
  }
  return rigFromGlb(bytes, file);
}
