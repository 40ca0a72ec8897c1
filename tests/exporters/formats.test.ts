import { FORMATS, exportTrack, extensionOf, formatFromPath } from '../../exporters';
import { parseGlb } from '../../src/retarget/glb';
import { trackToCsv } from '../../src/track/track-csv';
import { trackToJson } from '../../src/track/track-json';
import { testTrack } from './test-track';

describe('exporters/index', () => {
  test('picks the format from the file name, .livelink.csv before .csv, any case', () => {
    expect(formatFromPath('out/song.glb')).toBe('glb');
    expect(formatFromPath('song.VRMA')).toBe('vrma');
    expect(formatFromPath('/tmp/take.livelink.csv')).toBe('livelink');
    expect(formatFromPath('song.csv')).toBe('csv');
    expect(formatFromPath('Song.anim')).toBe('anim');
    expect(formatFromPath('song.json')).toBe('json');
    expect(FORMATS.map((f) => extensionOf(f.format))).toEqual(['.glb', '.vrma', '.livelink.csv', '.anim', '.json', '.csv']);
  });

  test('an unknown extension gets one clear error naming the file and the known extensions', () => {
    expect(() => formatFromPath('song.fbx')).toThrow('song.fbx: unknown output format; use one of .glb, .vrma, .livelink.csv, .anim, .json, .csv');
  });

  test('every format produces its kind of file; JSON and CSV are the track writers’ own bytes', async () => {
    const track = testTrack(20, 30);
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    expect(parseGlb(await exportTrack(track, 'glb')).json.animations).toHaveLength(1);
    expect(parseGlb(await exportTrack(track, 'vrma')).json.extensionsUsed).toContain('VRMC_vrm_animation');
    expect(text(await exportTrack(track, 'livelink')).split('\n')[0].startsWith('Timecode,BlendShapeCount,EyeBlinkLeft')).toBe(true);
    expect(text(await exportTrack(track, 'anim')).includes('AnimationClip:')).toBe(true);
    expect(text(await exportTrack(track, 'json'))).toBe(trackToJson(track));
    expect(text(await exportTrack(track, 'csv'))).toBe(trackToCsv(track));
  });
});
