import { applyEmotionCurve, circumplexCurve } from '../../emotion';
import { gaussianSmooth, type FaceTrack } from '../../track';
import { emotionTruthFrames } from '../composer/emotion-labels';
import type { Score } from '../composer/score';

/** Sections change mood over about a second, not at the bar line (σ of the blend, seconds). */
const SECTION_BLEND_SECONDS = 0.5;

/**
 * The teacher performs the composer's section emotions (composer/emotion-labels.ts) on a finished
 * track, in place, with the same FACS faces and head changes the runtime's emotion layer plays
 * (src/emotion/emotions.ts): valence/arousal → a mix of joy, tenderness, sadness and anger whose
 * strength is the distance from the circumplex's centre. It adds onto the style's own face, so a
 * performer style and an emotion combine (a shy singer's joy is a shy smile plus the joy prototype).
 * Returns the per-frame truth it performed (for labels.json).
 * Example: `const { valence, arousal } = performSectionEmotions(track, score)`
 */
export function performSectionEmotions(track: FaceTrack, score: Score, intensity = 1): { valence: Float32Array; arousal: Float32Array } {
  const truth = emotionTruthFrames(score, track.frameCount, track.fps);
  const valence = gaussianSmooth(truth.valence, SECTION_BLEND_SECONDS * track.fps);
  const arousal = gaussianSmooth(truth.arousal, SECTION_BLEND_SECONDS * track.fps);
  applyEmotionCurve(track, circumplexCurve(valence, arousal, track.fps, intensity));
  return { valence, arousal };
}
