import { VRM0_PRESETS, VRM_PRESET_MIX, type VrmPreset } from './profiles/vrm1';
import { arkitIndex } from '../track';
import type { GltfJson } from './glb';
import type { Mix, MixTerm } from './profile';

/** A VRM avatar's expressions, reduced to what retargeting needs. */
export interface VrmExpressions {
  version: '0.x' | '1.0';
  /** preset → morph target binds (weights 0…1) */
  binds: Map<VrmPreset, { mesh: number; index: number; weight: number }[]>;
  humanoid: { head: number | null; neck: number | null; leftEye: number | null; rightEye: number | null };
}

interface Vrm1Ext {
  humanoid?: { humanBones?: Record<string, { node?: number }> };
  expressions?: { preset?: Record<string, { morphTargetBinds?: { node: number; index: number; weight: number }[] }> };
}
interface Vrm0Ext {
  humanoid?: { humanBones?: { bone: string; node: number }[] };
  blendShapeMaster?: { blendShapeGroups?: { presetName?: string; binds?: { mesh: number; index: number; weight: number }[] }[] };
}

/**
 * Reads VRMC_vrm (VRM 1.0) or VRM (0.x) expressions and humanoid bones; null when the file is not a VRM.
 * Example: `readVrmExpressions(asset.json)?.binds.get('aa')`
 */
export function readVrmExpressions(json: GltfJson): VrmExpressions | null {
  const ext = json.extensions ?? {};
  const v1 = ext.VRMC_vrm as Vrm1Ext | undefined;
  if (v1) {
    const bones = v1.humanoid?.humanBones ?? {};
    const binds = new Map<VrmPreset, { mesh: number; index: number; weight: number }[]>();
    for (const [name, def] of Object.entries(v1.expressions?.preset ?? {})) {
      const list = (def.morphTargetBinds ?? []).flatMap((b) => {
        const mesh = json.nodes?.[b.node]?.mesh;
        return mesh === undefined ? [] : [{ mesh, index: b.index, weight: b.weight }];
      });
      if (list.length) binds.set(name as VrmPreset, list);
    }
    const node = (b: string) => bones[b]?.node ?? null;
    return {
      version: '1.0',
      binds,
      humanoid: { head: node('head'), neck: node('neck'), leftEye: node('leftEye'), rightEye: node('rightEye') },
    };
  }
  const v0 = ext.VRM as Vrm0Ext | undefined;
  if (v0) {
    const bones = v0.humanoid?.humanBones ?? [];
    const binds = new Map<VrmPreset, { mesh: number; index: number; weight: number }[]>();
    for (const g of v0.blendShapeMaster?.blendShapeGroups ?? []) {
      const preset = VRM0_PRESETS[(g.presetName ?? '').toLowerCase()];
      if (!preset || !g.binds?.length) continue;
      binds.set(
        preset,
        g.binds.map((b) => ({ mesh: b.mesh, index: b.index, weight: b.weight / 100 })),
      );
    }
    const node = (b: string) => bones.find((x) => x.bone === b)?.node ?? null;
    return {
      version: '0.x',
      binds,
      humanoid: { head: node('head'), neck: node('neck'), leftEye: node('leftEye'), rightEye: node('rightEye') },
    };
  }
  return null;
}

/**
 * ARKit mix of every preset for this avatar. Blinks are linear here because the avatar's binds are
 * known: with blinkLeft and blinkRight, each follows its eye's eyeBlink weight and blink stays at
 * rest; with only blink, it follows the mean of the two eyes.
 */
export function vrmPresetMixes(vrm: VrmExpressions): Map<VrmPreset, Mix> {
  const out = new Map<VrmPreset, Mix>(Object.entries(VRM_PRESET_MIX) as [VrmPreset, Mix][]);
  const L: MixTerm = { arkit: arkitIndex('eyeBlinkLeft'), weight: 1 };
  const R: MixTerm = { arkit: arkitIndex('eyeBlinkRight'), weight: 1 };
  if (vrm.binds.has('blinkLeft') && vrm.binds.has('blinkRight')) {
    out.set('blinkLeft', [L]);
    out.set('blinkRight', [R]);
    out.set('blink', []);
  } else {
    out.set('blink', [
      { ...L, weight: 0.5 },
      { ...R, weight: 0.5 },
    ]);
    out.set('blinkLeft', []);
    out.set('blinkRight', []);
  }
  return out;
}
