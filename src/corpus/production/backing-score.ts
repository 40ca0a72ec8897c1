import type { Rng } from '../../runtime';
import type { Score, SungNote, VoiceChoice } from '../composer/score';
import { degreeToMidi, midiToFreq } from '../composer/theory';
import type { BackingPart } from './choose-production';

/** Festival sings in tune from MIDI 40 to 71 (docs/corpus/voices.md). */
const LOWEST = 40;
const HIGHEST = 71;

/**
 * The score a backing singer sings: the lead's words and notes (all of them for a double, the
 * choruses' for a harmony), moved `part.steps` scale steps in the song's key (an octave back into
 * Festival's range where needed) and detuned, each word started up to `part.jitter` seconds off the
 * lead's, as a second take would be. Words keep their order and never overlap.
 * Example: `const harmony = backingScore(score, part, VOICES[3], rng)`
 */
export function backingScore(score: Score, part: BackingPart, voice: VoiceChoice, rng: Rng): Score {
  const chorus = (t: number) => score.sections.some((s) => s.name === 'chorus' && t >= s.start - 1e-9 && t < s.end);
  const notes: SungNote[] = [];
  const words: Score['words'] = [];
  let lastEnd = 0;
  for (const w of score.words) {
    const src = score.notes.slice(w.firstNote, w.firstNote + w.syllables);
    if (part.role === 'harmony' && !src.every((n) => chorus(n.start))) continue;
    let shift = rng.uniform(-part.jitter, part.jitter);
    if (src[0].start + shift < lastEnd) shift = lastEnd - src[0].start;
    const firstNote = notes.length;
    for (const n of src) {
      const midi = harmonise(score, n.midi, part.steps);
      notes.push({
        ...n,
        index: notes.length,
        start: n.start + shift,
        end: Math.max(n.start + shift + 0.05, n.end + shift),
        midi,
        freq: midiToFreq(midi) * Math.pow(2, part.detuneCents / 1200),
        word: words.length,
      });
    }
    lastEnd = notes[notes.length - 1].end;
    words.push({ text: w.text, firstNote, syllables: w.syllables });
  }
  return { ...score, id: `${score.id}-${part.role}`, voice, notes, words, phrases: [] };
}

/** The note `steps` scale degrees from `midi` in the song's key, folded into Festival's range. */
export function harmonise(score: Pick<Score, 'key'>, midi: number, steps: number): number {
  const { tonic, mode } = score.key;
  let d = -40;
  while (degreeToMidi(tonic, mode, d + 1) <= midi) d++;
  let out = degreeToMidi(tonic, mode, d + steps) + (midi - degreeToMidi(tonic, mode, d)); // keeps a chromatic note's offset
  while (out > HIGHEST) out -= 12;
  while (out < LOWEST) out += 12;
  return out;
}
