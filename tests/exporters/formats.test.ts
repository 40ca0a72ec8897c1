import { FORMATS, checkFormatForRig, exportTrack, extensionOf, formatFromPath } from '../../exporters';
import { parseGlb } from '../../src/retarget/glb';
import { trackToCsv } from '../../src/track/track-csv';
import { trackToJson } from '../../src/track/track-json';
import { rigFromGlb } from '../../src/retarget/load-rig';
import { buildTestAvatar } from '../render/test-avatar';
import { testTrack } from './test-track';

describe('exporters/index', () => {
  test('picks the format from the file name, .livelink.csv before .csv, any case', () => {
    expect(formatFromPath('out/song.glb')).toBe('glb');
    expect(formatFromPath('song.VRMA')).toBe('vrma');
    expect(formatFromPath('/tmp/take.livelink.csv')).toBe('livelink');
    expect(formatFromPath('song.csv')).toBe('csv');
    expect(formatFromPath('Song.anim')).toBe('anim');
    expect(formatFromPath('song.json')).toBe('json');
    expect(formatFromPath('avatar.VRM')).toBe('vrm');
    expect(FORMATS.map((f) => extensionOf(f.name))).toEqual(['.glb', '.vrm', '.vrma', '.livelink.csv', '.anim', '.json', '.csv']);
  });

  test('an unknown extension gets one clear error naming the file and the known extensions', () => {
    expect(() => formatFromPath('song.fbx')).toThrow(
      'song.fbx: unknown output format; use one of .glb, .vrm, .vrma, .livelink.csv, .anim, .json, .csv',
    );
  });

  test('every format produces its kind of file; JSON and CSV are the track writers’ own bytes', async () => {
    const track = testTrack(20, 30);
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    expect(parseGlb(await exportTrack(track, 'glb')).json.animations).toHaveLength(1);
    expect(parseGlb(await exportTrack(track, 'vrma')).json.extensionsUsed).toContain('VRMC_vrm_animation');
    expect(
      text(await exportTrack(track, 'livelink'))
        .split('\n')[0]
        .startsWith('Timecode,BlendShapeCount,EyeBlinkLeft'),
    ).toBe(true);
    expect(text(await exportTrack(track, 'anim')).includes('AnimationClip:')).toBe(true);
    expect(text(await exportTrack(track, 'json'))).toBe(trackToJson(track));
    expect(text(await exportTrack(track, 'csv'))).toBe(trackToCsv(track));
  });

  test('.vrm output for a VRM avatar: the .glb bytes, with the VRM extension kept as it was', async () => {
    const track = testTrack(20, 30);
    const rig = rigFromGlb(await buildTestAvatar({ vrm: true }), 'avatar.vrm');
    const vrm = await exportTrack(track, 'vrm', { rig });
    expect(Buffer.from(vrm).equals(Buffer.from(await exportTrack(track, 'glb', { rig })))).toBe(true);
    const json = parseGlb(vrm).json;
    expect(json.extensions!.VRMC_vrm).toEqual(rig.asset.json.extensions!.VRMC_vrm);
    expect(json.extensionsUsed).toContain('VRMC_vrm');
    expect(json.animations).toHaveLength(1);
  });

  test('.vrm output from a rig that is not a VRM is refused in one sentence naming the file', async () => {
    await expect(exportTrack(testTrack(5, 30), 'vrm')).rejects.toThrow(
      /a \.vrm output needs a VRM avatar as the rig.*write a \.glb instead/,
    );
    expect(() => checkFormatForRig('out/song.vrm', 'vrm', undefined)).toThrow(
      'out/song.vrm: a .vrm output needs a VRM avatar as the rig, but no --rig was given (the default head is not a VRM avatar); write a .glb instead',
    );
  });
});
