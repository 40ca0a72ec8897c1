import { ARKIT_COUNT, EYE_DIM, type FaceTrack, createTrack, syncEyesToExpression } from '../../track';
import type { Score } from '../composer/score';
import { rngFor } from '../../runtime';
import type { PhoneRow } from '../singer/phone-table';
import { addAffect } from './affect';
import { eyeMotion } from './eyes';
import { headMotion } from './head';
import { lipsFromPhones } from './lips';
import { STYLES, type StyleName, styleIndex } from './styles';
import { buildTimeline } from './timeline';
import { performSectionEmotions } from './emotion-face';

/** Per-frame truths the generator is trained on besides the track itself (labels.json). */
export interface SongLabels {
  format: 'musicface.corpus.labels';
  version: 1;
  fps: number;
  frameCount: number;
  style: StyleName;
  /** Index of the style in STYLE_NAMES (the generator's one-hot). */
  styleIndex: number;
  /** The long-closing eye state alone, 0 … 1 (closings of 0.5 s or more). */
  eyeLong: number[];
  /** Visible random blinks, [startFrame, endFrame). */
  blinks: [number, number][];
  /** Long closings, [startFrame, endFrame). */
  longClosings: [number, number][];
  /** 1 where the singer sings (from the phone table), else 0. */
  vocalActive: number[];
  /** With `emotion`: the composer's valence and arousal the teacher performed, per frame, −1 … 1. */
  valence?: number[];
  arousal?: number[];
}

export interface PerformOptions {
  fps?: number;
  /**
   * Perform the composer's section emotions (emotion-face.ts) on top of the style. Off by default: the
   * shipped generator was trained on a corpus without them, and rebuilding the corpus is its own step.
   */
  emotion?: boolean;
}

/**
 * The teacher: the face a singer of `style` makes for this song — lips from the phone table, head
 * from the beat and the sections, eyes from held high notes plus random blinks, brows and smile from
 * pitch, loudness and section. Seeded by the score's seed and id.
 * Example: `const { track, labels } = performSong(score, phones, 'theatrical')`
 */
export function performSong(
  score: Score,
  phones: readonly PhoneRow[],
  styleName: StyleName,
  options: PerformOptions = {},
): { track: FaceTrack; labels: SongLabels } {
  const fps = options.fps ?? 30;
  const style = STYLES[styleName];
  if (!style) throw new Error(`unknown style "${styleName}"`);
  const rng = (part: string) => rngFor(score.seed, score.id, 'teacher', part);
  const tl = buildTimeline(score, phones, fps);
  const track = createTrack(tl.frameCount, fps, {
    source: 'musicface corpus synth',
    model: 'teacher',
    seed: score.seed,
    style: styleName,
    song: score.id,
    voice: score.voice.name,
  });
  track.expression.set(lipsFromPhones(score, phones, tl, style));
  addAffect(track.expression, score, tl, style, rng('affect'));
  track.pose.set(headMotion(tl, style, rng('head'), score.tempo));
  const eyes = eyeMotion(score, tl, style, rng('long-closing'), rng('blinks'));
  for (let i = 0; i < tl.frameCount; i++) {
    track.eyes[i * EYE_DIM] = eyes.closure[i];
    track.eyes[i * EYE_DIM + 1] = eyes.closure[i];
  }
  syncEyesToExpression(track);
  const felt = options.emotion ? performSectionEmotions(track, score) : undefined;
  // Guard the [0, 1] contract against rounding in the blends above.
  for (let k = 0; k < tl.frameCount * ARKIT_COUNT; k++) track.expression[k] = Math.min(1, Math.max(0, track.expression[k]));
  const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
  const labels: SongLabels = {
    format: 'musicface.corpus.labels',
    version: 1,
    fps,
    frameCount: tl.frameCount,
    style: styleName,
    styleIndex: styleIndex(styleName),
    eyeLong: Array.from(eyes.long, r6),
    blinks: eyes.blinks,
    longClosings: eyes.closings,
    vocalActive: Array.from(tl.singing),
    ...(felt ? { valence: Array.from(felt.valence, r6), arousal: Array.from(felt.arousal, r6) } : {}),
  };
  return { track, labels };
}
