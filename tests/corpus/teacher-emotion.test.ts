import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Score } from '../../src/corpus/composer/score';
import { sectionEmotions } from '../../src/corpus/composer/emotion-labels';
import { phonesFromCsv } from '../../src/corpus/singer/phone-table';
import { performSong } from '../../src/corpus/teacher/perform-song';
import { performSectionEmotions } from '../../src/corpus/teacher/emotion-face';
import { LIP_ARTICULATORS } from '../../src/emotion/emotions';
import { weightCurve } from '../../src/track/face-track';

// The fixture song (tests/fixtures/corpus): D minor, 95 BPM, the last chorus at energy 1, a quiet outro.
const fixture = path.join(__dirname, '../fixtures/corpus');
const score = JSON.parse(fs.readFileSync(path.join(fixture, 'score.json'), 'utf8')) as Score;
const phones = phonesFromCsv(fs.readFileSync(path.join(fixture, 'phones.csv'), 'utf8'));
const mean = (x: Float32Array, a: number, b: number) => x.slice(a, b).reduce((s, v) => s + v, 0) / (b - a);

describe("the composer's section emotions and the teacher's performance of them", () => {
  const secs = sectionEmotions(score);

  it('a minor song at a moderate tempo is negative in valence; its climax chorus is its most aroused section, the outro its calmest', () => {
    for (const s of secs) expect(s.valence).toBeLessThan(0);
    const arousal = secs.map((s) => s.arousal);
    const climax = score.sections.findIndex((s) => s.climax);
    expect(Math.max(...arousal)).toBe(arousal[climax]);
    expect(Math.min(...arousal)).toBe(arousal[score.sections.length - 1]);
  });

  it('the teacher performs them over the style: brows and frown rise, the lips keep their timing exactly', () => {
    const plain = performSong(score, phones, 'energetic');
    const felt = performSong(score, phones, 'energetic', { emotion: true });
    expect(felt.labels.valence).toHaveLength(felt.track.frameCount);
    for (const name of LIP_ARTICULATORS)
      expect(Array.from(weightCurve(felt.track, name))).toEqual(Array.from(weightCurve(plain.track, name)));
    // A sad-leaning minor song: AU1 and AU15 (Ekman & Friesen) above the style's own face.
    const T = felt.track.frameCount;
    expect(mean(weightCurve(felt.track, 'browInnerUp'), 0, T)).toBeGreaterThan(mean(weightCurve(plain.track, 'browInnerUp'), 0, T) + 0.05);
    expect(mean(weightCurve(felt.track, 'mouthFrownLeft'), 0, T)).toBeGreaterThan(
      mean(weightCurve(plain.track, 'mouthFrownLeft'), 0, T) + 0.05,
    );
    // The energetic style's smile is still there, smaller.
    const smile = (t: typeof felt.track) => mean(weightCurve(t, 'mouthSmileLeft'), 0, T);
    expect(smile(felt.track)).toBeGreaterThan(0.05);
    expect(smile(felt.track)).toBeLessThan(smile(plain.track));
  });

  it("played afterwards on the neutral teacher's track (what `musicface eval --truth-emotion` scores against), it is the emotional teacher", () => {
    const plain = performSong(score, phones, 'calm-ballad');
    const felt = performSong(score, phones, 'calm-ballad', { emotion: true });
    performSectionEmotions(plain.track, score);
    let worst = 0;
    for (let i = 0; i < felt.track.expression.length; i++)
      worst = Math.max(worst, Math.abs(felt.track.expression[i] - plain.track.expression[i]));
    for (let i = 0; i < felt.track.pose.length; i++) worst = Math.max(worst, Math.abs(felt.track.pose[i] - plain.track.pose[i]));
    expect(worst).toBeLessThan(1e-6);
  });
});
