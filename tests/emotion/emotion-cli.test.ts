import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkDirection, readDirection } from '../../src/emotion/direction';
import { trackFromJson } from '../../src/track/track-json';

// The real CLI (compiled by `npm run build`) with the shipped generator.
const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'musicface.js');
const SONG = path.join(ROOT, 'samples', 'synthetic-song.mp3');
const built = fs.existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'main.js'));
if (!built) console.warn('emotion CLI tests skipped: run `npm run build` first');
const maybe = built ? describe : describe.skip;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-emotion-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120000 });

describe('direction files', () => {
  it('a bad file gets one sentence naming the file and the problem', () => {
    const cases: [string, RegExp][] = [
      ['{ "sections": [ { "start": 5, "end": 2, "emotion": "joy" } ] }', /section 1: "end" \(2\) must be after "start" \(5\)/],
      ['{ "sections": [ { "start": 0, "end": 2, "emotion": "happy" } ] }', /section 1: "emotion" must be one of auto, neutral, joy/],
      ['{ "sections": [ { "start": 0, "end": 2, "emotion": "joy", "intensity": 3 } ] }', /"intensity" must be a number from 0 to 1, got 3/],
      ['{ "sections": [ ], "fade": 2 }', /unknown field "fade"/],
      ['[ { "start": 0, "end": 2, "emotion": "joy" }', /not valid JSON/],
    ];
    for (const [text, problem] of cases) {
      const p = file('d.json', text);
      expect(() => readDirection(p)).toThrow(new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
      expect(() => readDirection(p)).toThrow(problem);
    }
    expect(() => readDirection(path.join(dir, 'missing.json'))).toThrow(/missing\.json: cannot read the direction file \(ENOENT\)/);
  });

  it('takes the sections array alone and defaults the crossfade to 1 s', () => {
    expect(checkDirection([{ start: 0, end: 3, emotion: 'auto' }], 'x')).toEqual({
      crossfade: 1,
      sections: [{ start: 0, end: 3, emotion: 'auto' }],
    });
  });
});

maybe('musicface animate with emotion flags', () => {
  it('refuses a bad flag or direction before any work, naming it', () => {
    const out = path.join(dir, 'x.json');
    expect(run('animate', SONG, '-o', out, '--emotion', 'glee', '-q').stderr).toMatch(
      /--emotion must be one of auto, neutral, joy, sadness, anger, tenderness, surprise, fear, got glee/,
    );
    expect(run('animate', SONG, '-o', out, '--intensity', '1.5', '-q').stderr).toMatch(
      /--intensity must be a number from 0 to 1, got 1\.5/,
    );
    expect(run('animate', SONG, '-o', out, '--head', 'lots', '-q').stderr).toMatch(/--head must be a gain from 0 to 2, got lots/);
    const bad = file('bad.json', '{ "sections": [ { "start": 0, "end": 1, "emotion": "joy", "intensity": -1 } ] }');
    const r = run('animate', SONG, '-o', out, '--direction', bad, '-q');
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${bad}: section 1: "intensity" must be a number from 0 to 1, got -1`);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('writes the emotion curve into the track, and --mouth-only leaves the head still', () => {
    const d = file('dir.json', JSON.stringify({ sections: [{ start: 0, end: 4, emotion: 'sadness', intensity: 0.8 }] }));
    const out = path.join(dir, 'sad.json');
    const r = run('animate', SONG, '-o', out, '--emotion', 'joy', '--direction', d, '--blinks', '0.5', '--mouth-only', '-q');
    expect(r.stderr).toBe('');
    const track = trackFromJson(fs.readFileSync(out, 'utf8'), out);
    const emo = track.meta.emotion as { emotion: string; rate: number; valence: number[]; arousal: number[] };
    expect(emo.emotion).toBe('joy');
    // Sadness (valence −0.85 × 0.8) at the start, joy (+0.95) after the range.
    expect(emo.valence[10]).toBeCloseTo(-0.85 * 0.8, 2);
    expect(emo.valence[emo.valence.length - 1]).toBeCloseTo(0.95, 2);
    expect(track.pose.every((v) => v === 0)).toBe(true);
    expect(track.meta.mouthOnly).toBe(true);
  }, 120000);
});
