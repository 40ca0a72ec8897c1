/**
 * glTF extensions real avatars use load in render (the preview page shares the loader and
 * displayable-glb.ts): WebP textures, texture transforms, KTX2 without a fallback (transcoded in Node
 * to PNG; one that does not decode is drawn without the image, with a note), and a required extension
 * nobody can load is one clear line.
 */
import { renderStills } from '../../src/render/render-video';
import { renderRig } from '../../src/render/render-rig';
import { parseGlb, writeGlb } from '../../src/retarget/glb';
import { rigFromGlb } from '../../src/retarget/load-rig';
import { arkitIndex, ARKIT_COUNT } from '../../src/track/arkit';
import { createTrack } from '../../src/track/face-track';
import { diffMask, haveChromium, maybeSavePng, testIf } from './helpers';
import { buildTestAvatar, haveDraco } from './test-avatar';

const SIZE = 128;

function jawTrack() {
  const track = createTrack(2);
  track.expression[ARKIT_COUNT + arkitIndex('jawOpen')] = 1;
  return track;
}

/** The avatar with its shirt texture edited by `edit` (on the glTF JSON). */
async function avatarWith(edit: (json: ReturnType<typeof parseGlb>['json']) => void, options = {}) {
  const asset = parseGlb(await buildTestAvatar({ webp: true, ...options }));
  edit(asset.json);
  return writeGlb(asset);
}

testIf(haveChromium(), 'no Chromium installed')(
  'a WebP-only texture under KHR_texture_transform (both required) renders, and the mouth opens',
  async () => {
    const rig = rigFromGlb(await buildTestAvatar({ webp: true, textureTransform: true }), 'avatar.glb');
    expect(rig.asset.json.extensionsRequired).toEqual(expect.arrayContaining(['EXT_texture_webp', 'KHR_texture_transform']));
    const [closed, open] = await renderStills(jawTrack(), [0, 1], { rig, size: SIZE, gl: 'swiftshader' });
    const mouth = diffMask(closed, open, SIZE);
    expect(mouth.count).toBeGreaterThan(SIZE * SIZE * 0.01);
    expect(mouth.centroid!.y).toBeGreaterThan(SIZE * 0.5);
  },
);

testIf(haveChromium() && haveDraco(), haveDraco() ? 'no Chromium installed' : 'the draco3d package is not installed')(
  'a Draco-compressed avatar (KHR_draco_mesh_compression, required) renders its face, and the mouth opens',
  async () => {
    const rig = rigFromGlb(await buildTestAvatar({ draco: true }), 'draco-avatar.glb');
    expect(rig.asset.json.extensionsRequired).toContain('KHR_draco_mesh_compression');
    const [closed, open] = await renderStills(jawTrack(), [0, 1], { rig, size: SIZE, gl: 'swiftshader' });
    maybeSavePng('draco-closed.png', closed, SIZE);
    const mouth = diffMask(closed, open, SIZE);
    expect(mouth.count).toBeGreaterThan(SIZE * SIZE * 0.01);
    expect(mouth.centroid!.y).toBeGreaterThan(SIZE * 0.5);
  },
);

/** Pixels clearly magenta (the KTX2 checker's first colour, lit) and clearly green (its second). */
function checkerColours(rgba: Uint8Array) {
  let magenta = 0;
  let green = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    const [r, g, b] = [rgba[i], rgba[i + 1], rgba[i + 2]];
    if (r > 2 * g + 40 && b > 2 * g + 40) magenta++;
    if (g > r + 50 && g > b + 50) green++;
  }
  return { magenta, green };
}

test.each(['etc1s', 'uastc'] as const)(
  'a KTX2-only texture (KHR_texture_basisu, %s, required) is transcoded and drawn in its colours',
  async (kind) => {
    const rig = rigFromGlb(await buildTestAvatar({ ktx2: kind }), 'ktx2-avatar.glb');
    expect(rig.asset.json.extensionsRequired).toContain('KHR_texture_basisu');
    const rr = await renderRig(rig);
    expect(rr.notes.join('\n')).not.toMatch(/KTX2/);
    const json = parseGlb(rr.glb).json;
    expect(json.extensionsRequired ?? []).not.toContain('KHR_texture_basisu');
    expect(JSON.stringify(json.materials)).toMatch(/baseColorTexture/);
    if (!haveChromium()) return console.warn('no Chromium installed: the KTX2 avatar is not rendered');
    const [img] = await renderStills(createTrack(1), [0], { rig, size: SIZE, gl: 'swiftshader', framing: 'bust' });
    maybeSavePng(`ktx2-${kind}.png`, img, SIZE);
    const seen = checkerColours(img);
    // Both checker colours cover a visible part of the shirt (bust framing: the shirt fills the lower third).
    expect(seen.magenta).toBeGreaterThan(SIZE * SIZE * 0.02);
    expect(seen.green).toBeGreaterThan(SIZE * SIZE * 0.02);
  },
);

test('a KTX2 texture that does not decode is left off its material, with a note naming KHR_texture_basisu and why', async () => {
  const bytes = await avatarWith((json) => {
    const textures = json.textures as { extensions: { EXT_texture_webp?: { source: number } } }[];
    const images = json.images as { mimeType?: string }[];
    textures[0].extensions = { KHR_texture_basisu: { source: textures[0].extensions.EXT_texture_webp!.source } } as object;
    images[0].mimeType = 'image/ktx2'; // the bytes are still WebP: not a KTX2
    json.extensionsUsed = [...(json.extensionsUsed ?? []).filter((e) => e !== 'EXT_texture_webp'), 'KHR_texture_basisu'];
    json.extensionsRequired = ['KHR_texture_basisu'];
  });
  const rr = await renderRig(rigFromGlb(bytes, 'ktx2-avatar.glb'));
  expect(rr.notes.join('\n')).toMatch(
    /ktx2-avatar\.glb: 1 KTX2\/Basis texture.*KHR_texture_basisu.*\(ktx2-avatar\.glb: image 0: not a KTX2 image\)/,
  );
  const json = parseGlb(rr.glb).json;
  expect(JSON.stringify(json.materials)).not.toMatch(/baseColorTexture/);
  expect(json.extensionsRequired ?? []).not.toContain('KHR_texture_basisu');
});

test('a required extension nothing can load fails before any browser starts, in one line naming it', async () => {
  const bytes = await avatarWith((json) => {
    json.extensionsUsed = [...(json.extensionsUsed ?? []), 'EXT_made_up_compression'];
    json.extensionsRequired = [...(json.extensionsRequired ?? []), 'EXT_made_up_compression'];
  });
  const rig = rigFromGlb(bytes, 'odd.glb');
  await expect(renderStills(createTrack(1), [0], { rig, size: 32, executablePath: '/nonexistent/chromium' })).rejects.toThrow(
    /^odd\.glb: requires the glTF extension EXT_made_up_compression, which render and preview cannot load$/,
  );
});
