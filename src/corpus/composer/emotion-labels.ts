import type { Score } from './score';

/**
 * The emotion the composer gave each section, from the choices it made: mode, tempo, dynamics
 * (section energy) and register (where the melody sits in the singer's range).
 *
 * Valence and arousal (Russell 1980), −1 … 1:
 *   valence = 0.6·mode + 0.25·tempo + 0.15·register
 *   arousal = 0.45·tempo + 0.4·dynamics + 0.15·register
 * with mode +1 major / −1 minor, tempo (70 … 160 BPM), dynamics (energy 0 … 1) and register (the
 * section's mean sung pitch in the voice's range; the song's mean for instrumental sections) each
 * mapped to −1 … 1. The weights order the cues the way the reviews do: mode is the strongest valence
 * cue and tempo the strongest arousal cue, loudness next (Gabrielsson & Lindström 2010, Handbook of
 * Music and Emotion ch. 14, Table 14.2; Juslin & Laukka 2003, Psychol. Bull. 129(5), Table 11:
 * happiness fast/major/high/loud-ish, sadness slow/minor/low/soft, tenderness slow/major/soft,
 * anger fast/loud/minor).
 */
export interface SectionEmotion {
  start: number;
  end: number;
  valence: number;
  arousal: number;
}

const clamp = (x: number) => Math.max(-1, Math.min(1, x));

export function sectionEmotions(score: Score): SectionEmotion[] {
  const mode = score.key.mode === 'major' ? 1 : -1;
  const tempo = clamp(((score.tempo - 70) / 90) * 2 - 1);
  const span = Math.max(1, score.voice.high - score.voice.low);
  const place = (midi: number) => clamp(((midi - score.voice.low) / span) * 2 - 1);
  const songMean = score.notes.length
    ? score.notes.reduce((s, n) => s + n.midi, 0) / score.notes.length
    : (score.voice.low + score.voice.high) / 2;
  return score.sections.map((sec) => {
    const notes = score.notes.filter((n) => n.start >= sec.start && n.start < sec.end);
    const register = place(notes.length ? notes.reduce((s, n) => s + n.midi, 0) / notes.length : songMean);
    const dynamics = clamp(sec.energy * 2 - 1);
    return {
      start: sec.start,
      end: sec.end,
      valence: clamp(0.6 * mode + 0.25 * tempo + 0.15 * register),
      arousal: clamp(0.45 * tempo + 0.4 * dynamics + 0.15 * register),
    };
  });
}

/** The section truth per video frame (frames outside every section keep the nearest one's). */
export function emotionTruthFrames(score: Score, frameCount: number, fps: number): { valence: Float32Array; arousal: Float32Array } {
  const secs = sectionEmotions(score);
  const valence = new Float32Array(frameCount);
  const arousal = new Float32Array(frameCount);
  let k = 0;
  for (let t = 0; t < frameCount; t++) {
    const s = t / fps;
    while (k < secs.length - 1 && s >= secs[k].end) k++;
    valence[t] = secs[k]?.valence ?? 0;
    arousal[t] = secs[k]?.arousal ?? 0;
  }
  return { valence, arousal };
}
