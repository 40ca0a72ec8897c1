/**
 * Browser-side, MP4 renderer only: the scene's lights evaluated per vertex instead of per pixel.
 *
 * Why: in software GL the per-pixel light loop of Babylon's StandardMaterial is most of a frame.
 * Measured on the default head at 512² (llvmpipe, 2 loaded cores, back to back): 13.9 fps lit per
 * pixel, 26 fps with lighting off. The meshes that fill a face render are dense (the default head has
 * a vertex every few pixels), so lighting at the vertices and interpolating looks the same there.
 * The formulas are Babylon's own (hemispheric: ground→sky by ½n·l+½; directional: Lambert +
 * Blinn-Phong with the material's specular power), with the lights' colours × intensities as constants;
 * the result goes into Babylon's final-colour formula in place of its per-pixel diffuse/specular sums.
 */
import type { Babylon } from '../../scene/page';
type Scene = import('@babylonjs/core/scene.js', { with: { 'resolution-mode': 'import' }}).Scene;

/** Puts every lit StandardMaterial of `scene` on per-vertex lighting from the scene's hemispheric and directional lights. */
export function vertexLighting(B: Babylon, scene: Scene): void {
  const f = (x: number) => (Number.isFinite(x) ? x : 0).toFixed(6);
  const v3 = (c: { r: number; g: number; b: number } | { x: number; y: number; z: number }, s = 1) =>
    'r' in c ? `vec3(${f(c.r * s)}, ${f(c.g * s)}, ${f(c.b * s)})` : `vec3(${f(c.x * s)}, ${f(c.y * s)}, ${f(c.z * s)})`;
  const lines: string[] = [];
  for (const light of scene.lights) {
    if (!light.isEnabled()) continue;
    const l = light as any;
    const k = light.intensity;
    if (light.getClassName() === 'HemisphericLight') {
      lines.push(
        `{ float ndl = dot(mfN, normalize(${v3(l.direction)})) * 0.5 + 0.5; mfDiffuse += mix(${v3(l.groundColor, k)}, ${v3(light.diffuse, k)}, ndl); }`,
      );
    } else if (light.getClassName() === 'DirectionalLight') {
      const spec = light.specular.r + light.specular.g + light.specular.b > 0;
      lines.push(
        `{ vec3 L = normalize(-${v3(l.direction)}); mfDiffuse += max(0., dot(mfN, L)) * ${v3(light.diffuse, k)};` +
          (spec ? ` mfSpecular += pow(max(0., dot(mfN, normalize(mfV + L))), mfGloss) * ${v3(light.specular, k)};` : '') +
          ' }',
      );
    }
  }
  const vertexCode = `
    vec3 mfN = normalize(vNormalW);
    vec3 mfV = normalize(vEyePosition.xyz - vPositionW);
    vec3 mfDiffuse = vec3(0.);
    vec3 mfSpecular = vec3(0.);
    float mfGloss = max(1., vSpecularColor.a);
    ${lines.join('\n    ')}
    vMfDiffuse = mfDiffuse;
    vMfSpecular = mfSpecular;`;

  class VertexLighting extends B.MaterialPluginBase {
    constructor(material: InstanceType<Babylon['StandardMaterial']>) {
      super(material, 'MusicFaceVertexLighting', 200, {}, true, true);
    }
    override getClassName() {
      return 'MusicFaceVertexLighting';
    }
    override prepareDefinesBeforeAttributes(defines: any) {
      defines._needNormals = true; // the material's own lights are off, but the vertices need normals
    }
    override getCustomCode(shaderType: string): { [point: string]: string } {
      const varyings = 'varying vec3 vMfDiffuse;\nvarying vec3 vMfSpecular;\n';
      if (shaderType === 'vertex') return { CUSTOM_VERTEX_DEFINITIONS: varyings, CUSTOM_VERTEX_MAIN_END: vertexCode };
      return {
        CUSTOM_FRAGMENT_DEFINITIONS: varyings,
        // Babylon's own final colour, with the interpolated sums in place of its per-pixel ones.
        CUSTOM_FRAGMENT_BEFORE_FOG:
          'color.rgb = clamp(vMfDiffuse * diffuseColor + emissiveColor + vAmbientColor, 0.0, 1.0) * baseColor.rgb * baseAmbientColor + vMfSpecular * specularColor;',
      };
    }
  }
  for (const mesh of scene.meshes) {
    const m = mesh.material as InstanceType<Babylon['StandardMaterial']> | null;
    if (m?.getClassName() !== 'StandardMaterial' || m.disableLighting || (m as any).__mfVertexLit) continue;
    (m as any).__mfVertexLit = true;
    new VertexLighting(m);
    m.disableLighting = true;
  }
}
