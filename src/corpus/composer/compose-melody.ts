import { lyricLine } from '../lyrics/lyric-line';
import type { Rng } from '../../runtime';
import { chordAtBeat, chordPitchClasses } from './compose-harmony';
import type { ChordSpan, Language, LyricWord, Phrase, Section, SungNote } from './score';
import { type Mode, degreeToMidi, midiToFreq } from './theory';

export interface MelodyOptions {
  tonic: number; // pitch class
  mode: Mode;
  tempo: number;
  beatsPerBar: number;
  /** Sounding MIDI range of the singer. */
  low: number;
  high: number;
  /** The lyrics' language (default English). */
  language?: Language;
  /** Festival needs time for a syllable's consonants; notes shorter than this are not written. */
  minNoteSeconds?: number;
}

/** Rhythm cells in beats; a phrase is a few of these and one long final note. */
const CELLS = [[1], [0.5, 0.5], [1.5, 0.5], [0.5, 1], [2], [1, 0.5, 0.5], [1, 1]];

export interface Melody {
  phrases: Phrase[];
  notes: SungNote[];
  words: LyricWord[];
}

/**
 * The sung line: two-bar phrases in the vocal sections, each a few rhythm cells and a long final note,
 * pitches walking the scale in steps with chord tones on strong beats, choruses higher than verses, and
 * the song's highest note held at the end of the climax chorus. Lyrics fill one syllable per note.
 * Example: `composeMelody(rng, sections, chords, { tonic: 0, mode: 'major', tempo: 96, beatsPerBar: 4, low: 45, high: 64 })`
 */
export function composeMelody(rng: Rng, sections: Section[], chords: ChordSpan[], opts: MelodyOptions): Melody {
  const beatSec = 60 / opts.tempo;
  const minBeats = beatSec * 0.5 >= (opts.minNoteSeconds ?? 0.2) ? 0.5 : 1;
  const cells = CELLS.filter((c) => c.every((b) => b >= minBeats));
  // Tonic placed low in the range so the scale above it fits the voice.
  let tonicMidi = opts.low + ((opts.tonic - opts.low + 120) % 12);
  if (tonicMidi < opts.low + 2) tonicMidi += 12;
  if (tonicMidi > opts.high - 7) tonicMidi -= 12;
  const midiOf = (d: number) => degreeToMidi(tonicMidi, opts.mode, d);
  let dLo = -7;
  while (midiOf(dLo) < opts.low) dLo++;
  let dHi = 14;
  while (midiOf(dHi) > opts.high) dHi--;
  const span = dHi - dLo;
  const centre: Record<string, number> = {
    verse: dLo + Math.round(span * 0.35),
    chorus: dLo + Math.round(span * 0.6),
    bridge: dLo + Math.round(span * 0.5),
  };

  const notes: SungNote[] = [];
  const phrases: Phrase[] = [];
  const words: LyricWord[] = [];
  let degree = centre.verse;

  sections.forEach((section, si) => {
    if (!section.vocal) return;
    const phraseBeats = opts.beatsPerBar * (section.bars >= 2 ? 2 : 1);
    const sectionBeats = section.bars * opts.beatsPerBar;
    const startBeat = section.startBar * opts.beatsPerBar;
    const target = centre[section.name] ?? centre.verse;
    for (let pb = 0; pb < sectionBeats; pb += phraseBeats) {
      const P = Math.min(phraseBeats, sectionBeats - pb);
      const isLastPhrase = pb + phraseBeats >= sectionBeats;
      const climaxPhrase = section.climax && isLastPhrase;
      const leadIn = rng.weighted([0, 0.5, 1], [3, 1, 1]);
      const restEnd = Math.min(rng.pick([1, 1.5, 2]), Math.floor(P / 3 / 0.5) * 0.5);
      const window = P - leadIn - restEnd;
      if (window < 1) continue;
      let lastLen = Math.min(window / 2, rng.pick(section.name === 'chorus' ? [1.5, 2, 3] : [1, 1.5, 2]));
      if (climaxPhrase) lastLen = Math.max(lastLen, Math.min(window - minBeats, 3));
      lastLen = Math.max(1, Math.round(lastLen * 2) / 2);
      const rhythm: number[] = [];
      let left = window - lastLen;
      while (left >= minBeats - 1e-9) {
        const fit = cells.filter((c) => c.reduce((a, b) => a + b, 0) <= left + 1e-9);
        if (!fit.length) break;
        const cell = rng.pick(fit);
        rhythm.push(...cell);
        left -= cell.reduce((a, b) => a + b, 0);
      }
      rhythm.push(lastLen + left); // whatever did not fit a cell lengthens the final note

      const phraseIndex = phrases.length;
      const firstNote = notes.length;
      let beat = startBeat + pb + leadIn;
      for (let j = 0; j < rhythm.length; j++) {
        const len = rhythm[j];
        const final = j === rhythm.length - 1;
        // Step-wise walk pulled towards the section's tessitura.
        const pull = Math.sign(target - degree) * (Math.abs(target - degree) > 2 ? 1 : 0);
        degree += rng.weighted([-2, -1, 0, 1, 2, 3, -3, 4, -4], [2, 5, 2, 5, 2, 1, 1, 0.5, 0.5]) + pull;
        degree = Math.max(dLo, Math.min(dHi, degree));
        const strong = Math.abs(beat - Math.round(beat)) < 1e-9;
        const chord = chordAtBeat(chords, beat);
        if (strong || final) degree = nearestChordTone(degree, chordPitchClasses(chord), midiOf, dLo, dHi);
        if (final && climaxPhrase) degree = highestChordTone(chordPitchClasses(chord), midiOf, dLo, dHi);
        else if (final && section.name === 'chorus' && rng.chance(0.35)) {
          degree = highestChordTone(chordPitchClasses(chord), midiOf, Math.max(dLo, dHi - 3), dHi);
        }
        const midi = midiOf(degree);
        const start = beat * beatSec;
        const end = (beat + len) * beatSec;
        const inBar = (beat - startBeat) % opts.beatsPerBar;
        const arc = Math.sin((Math.PI * (beat - startBeat - pb)) / P) * 0.08;
        const accent = Math.abs(inBar) < 1e-9 ? 0.06 : 0;
        const velocity = clamp(0.35 + 0.45 * section.energy + arc + accent + rng.uniform(-0.04, 0.04) + (final ? 0.04 : 0), 0.15, 1);
        notes.push({
          index: notes.length,
          start,
          end,
          startBeat: beat,
          beats: len,
          midi,
          freq: midiToFreq(midi),
          velocity,
          word: -1,
          syllableInWord: 0,
          phrase: phraseIndex,
          held: final && len >= 1 && end - start >= 0.5,
          climax: final && climaxPhrase,
        });
        beat += len;
      }
      phrases.push({
        index: phraseIndex,
        section: si,
        start: notes[firstNote].start,
        end: notes[notes.length - 1].end,
        firstNote,
        noteCount: notes.length - firstNote,
      });
      // One syllable per note.
      let n = firstNote;
      for (const w of lyricLine(rng, notes.length - firstNote, opts.language)) {
        const wi = words.length;
        words.push({ text: w.text, firstNote: n, syllables: w.stress.length });
        for (let k = 0; k < w.stress.length; k++, n++) {
          notes[n].word = wi;
          notes[n].syllableInWord = k;
        }
      }
    }
  });
  return { phrases, notes, words };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}

function nearestChordTone(degree: number, pcs: number[], midiOf: (d: number) => number, lo: number, hi: number): number {
  for (const off of [0, -1, 1, -2, 2, -3, 3]) {
    const d = degree + off;
    if (d >= lo && d <= hi && pcs.includes(((midiOf(d) % 12) + 12) % 12)) return d;
  }
  return degree;
}

function highestChordTone(pcs: number[], midiOf: (d: number) => number, lo: number, hi: number): number {
  for (let d = hi; d >= lo; d--) if (pcs.includes(((midiOf(d) % 12) + 12) % 12)) return d;
  return hi;
}
