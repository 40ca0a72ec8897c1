import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { trackFromJson } from '../../src/track/track-json';
import { trackFromCsv } from '../../src/track/track-csv';
import { validateTrack } from '../../src/track/validate';
import { ARKIT_NAMES } from '../../src/track/arkit';
import type { FaceTrack } from '../../src/track/face-track';
import { convert, tempDir, tones, writeWav } from '../audio/test-audio-files';
import { parseGlb } from '../../src/retarget/glb';
import { buildTestAvatar } from '../render/test-avatar';

// The real CLI (compiled by `npm ci`/`npm run build`) with the shipped generator, on files made here.
const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'musicface.js');
const SONG = path.join(ROOT, 'samples', 'synthetic-song.mp3');
const built = fs.existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'main.js'));
if (!built) console.warn('CLI tests skipped: run `npm run build` first (npm ci does it)');
const maybe = built ? describe : describe.skip;

function column(track: FaceTrack, name: string): number[] {
  const k = ARKIT_NAMES.indexOf(name as (typeof ARKIT_NAMES)[number]);
  return Array.from({ length: track.frameCount }, (_, i) => track.expression[i * 52 + k]);
}
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120000 });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

maybe('musicface animate', () => {
  const dir = tempDir('mf-cli-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const out = (name: string) => path.join(dir, name);
  const leftovers = () => fs.readdirSync(dir).filter((f) => f.startsWith('out') || f.includes('.part'));

  it('animates the sample song: round(duration × 30) frames, valid, same seed → same bytes', () => {
    const a = run('animate', SONG, '-o', out('a.json'), '--seed', '5', '-q');
    expect(a.code).toBe(0);
    const b = run('animate', SONG, '-o', out('b.json'), '--seed', '5', '-q');
    expect(b.code).toBe(0);
    const bytes = fs.readFileSync(out('a.json'));
    expect(bytes.equals(fs.readFileSync(out('b.json')))).toBe(true);
    const track = trackFromJson(bytes.toString('utf8'));
    expect(validateTrack(track)).toEqual([]);
    // The sample is 20.0 s of mp3 (the encoder may pad a few ms): 600 frames ± 1.
    expect(Math.abs(track.frameCount - 600)).toBeLessThanOrEqual(1);
    expect(track.meta).toMatchObject({ model: 'musicface-full', seed: 5 });
    // A singer opens the mouth: in a tenth of the frames at least a fifth of the way.
    expect(quantile(column(track, 'jawOpen'), 0.9)).toBeGreaterThan(0.2);
  });

  it('writes several formats at once, the CSV with the documented columns', () => {
    const r = run('animate', SONG, '-o', out('multi.json'), '--formats', 'json,csv', '-q');
    expect(r.code).toBe(0);
    const csv = fs.readFileSync(out('multi.csv'), 'utf8');
    expect(csv.split('\n')[0].split(',').slice(0, 3)).toEqual(['time', 'eyeBlinkLeft', 'eyeLookDownLeft']);
    expect(trackFromCsv(csv).frameCount).toBe(trackFromJson(fs.readFileSync(out('multi.json'), 'utf8')).frameCount);
  });

  const bad: [string, () => string, RegExp][] = [
    ['a missing file', () => out('nope.mp3'), /nope\.mp3: no such file/],
    [
      'a text file named .mp3',
      () => (fs.writeFileSync(out('text.mp3'), 'hello, this is not audio\n'), out('text.mp3')),
      /text\.mp3: .*(not an audio file|no audio)/i,
    ],
    ['a zero-length file', () => (fs.writeFileSync(out('empty.wav'), ''), out('empty.wav')), /empty\.wav: .*empty/i],
  ];
  it.each(bad)('%s: one clear error, exit ≠ 0, nothing written', (_what, make, message) => {
    const file = make();
    const r = run('animate', file, '-o', out('out.json'), '-q');
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(leftovers()).toEqual([]);
  });

  it('--blinks paper selects the paper sampler and says so in the track; a wrong kind is one clear error', () => {
    const r = run('animate', SONG, '-o', out('paper.json'), '--blinks', 'paper', '-q');
    expect(r.code).toBe(0);
    expect(trackFromJson(fs.readFileSync(out('paper.json'), 'utf8')).meta.blinks).toBe('paper');
    const bad = run('animate', SONG, '-o', out('bad.json'), '--blinks', 'robot', '-q');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/--blinks must be one of human, paper or a gain from 0 to 2, got robot/);
  });

  it('--device cuda on a machine without it: one line in all (no Dawn/Vulkan chatter), then the next provider', () => {
    const r = run('animate', SONG, '-o', out('cuda.json'), '--device', 'cuda', '-q');
    expect(r.code).toBe(0);
    // The machines this runs on have no CUDA; WebGPU may or may not find an adapter. Issue 19 item 10:
    // without one, Dawn and Vulkan used to add five lines of their own ("vkCreateInstance: Found no drivers!").
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(
      /^musicface: cuda execution provider unavailable \([^)]+\); (webgpu execution provider unavailable \(.+\); using cpu|using webgpu)$/,
    );
    // Said once for the song, not again for each graph, and without ORT's own red log lines.
    expect(r.stderr).not.toMatch(/E:onnxruntime|onnxruntime_src/);
    fs.rmSync(out('cuda.json'));
  });

  it('an unknown output extension is refused before any work', () => {
    const r = run('animate', SONG, '-o', out('out.xyz'), '-q');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/out\.xyz: unknown output format; use one of \.glb, .*\.json, \.csv/);
    expect(leftovers()).toEqual([]);
  });

  it('-o avatar.vrm: written for a VRM rig (a VRM with the clip), refused before any work without one', async () => {
    const refused = run('animate', SONG, '-o', out('out.vrm'), '-q');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/out\.vrm: a \.vrm output needs a VRM avatar as the rig/);
    expect(leftovers()).toEqual([]);
    const rig = out('avatar.vrm');
    fs.writeFileSync(rig, await buildTestAvatar({ vrm: true }));
    const r = run('animate', SONG, '-o', out('song.vrm'), '--rig', rig, '-q');
    expect(r.code).toBe(0);
    const json = parseGlb(fs.readFileSync(out('song.vrm'))).json;
    expect(json.extensions?.VRMC_vrm).toBeDefined();
    expect(json.animations).toHaveLength(1);
    fs.rmSync(out('song.vrm'));
  });

  const good: [string, () => string, number][] = [
    ['pure silence (3 s)', () => writeWav(out('silence.wav'), tones(44100, 3, [[440, 0]])), 90],
    ['0.5 s of sound', () => writeWav(out('short.wav'), tones(44100, 0.5, [[440, 0.3]])), 15],
    [
      '96 kHz, 6 channels (2 s)',
      () =>
        convert(
          writeWav(
            out('six.wav'),
            tones(96000, 2, [
              [220, 0.2],
              [330, 0.2],
              [440, 0.2],
              [550, 0.2],
              [660, 0.2],
              [770, 0.2],
            ]),
            24,
          ),
          out('six.flac'),
        ),
      60,
    ],
  ];
  it.each(good)('%s: a valid track of the right length', (what, make, frames) => {
    const file = make();
    const r = run('animate', file, '-o', out('good.json'), '-q');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const track = trackFromJson(fs.readFileSync(out('good.json'), 'utf8'));
    expect(validateTrack(track)).toEqual([]);
    expect(track.frameCount).toBe(frames);
    // Nothing sung, nothing said: the mouth stays shut.
    if (what.startsWith('pure silence')) expect(quantile(column(track, 'jawOpen'), 0.5)).toBeLessThan(0.05);
    fs.rmSync(out('good.json'));
  });

  it('a truncated mp3 animates the part that is there', () => {
    const whole = fs.readFileSync(SONG);
    fs.writeFileSync(out('cut.mp3'), whole.subarray(0, Math.floor(whole.length / 2)));
    const r = run('animate', out('cut.mp3'), '-o', out('cut.json'), '-q');
    expect(r.code).toBe(0);
    const frames = trackFromJson(fs.readFileSync(out('cut.json'), 'utf8')).frameCount;
    // Half the bytes of a constant-bitrate mp3 is about half its 20 s.
    expect(frames).toBeGreaterThan(270);
    expect(frames).toBeLessThan(330);
  });

  it('--stems without SONG: the stems are animated and name the source; --separator with --stems is refused', () => {
    const vocals = writeWav(
      out('stem-vocals.wav'),
      tones(44100, 2, [
        [220, 0.3],
        [440, 0.1],
      ]),
    );
    const band = writeWav(out('stem-band.wav'), tones(44100, 2, [[110, 0.2]]));
    const r = run('animate', '--stems', `${vocals},${band}`, '-o', out('stems.json'), '-q');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const track = trackFromJson(fs.readFileSync(out('stems.json'), 'utf8'));
    expect(track.frameCount).toBe(60);
    expect(track.meta.source).toBe(vocals);
    const both = run('animate', '--stems', `${vocals},${band}`, '--separator', 'learned', '-o', out('both.json'), '-q');
    expect(both.code).not.toBe(0);
    expect(both.stderr.trim().split('\n')).toHaveLength(1);
    expect(both.stderr).toMatch(/--separator has no effect with --stems/);
    expect(fs.existsSync(out('both.json'))).toBe(false);
  });
});
