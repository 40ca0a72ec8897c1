import type { Rng } from '../../runtime';
import type { ChordSpan, Section, SectionName } from './score';
import { type Mode, PROGRESSIONS, romanOf, triadOn } from './theory';

export interface HarmonyOptions {
  tonic: number; // pitch class 0…11
  mode: Mode;
  tempo: number;
  beatsPerBar: number;
}

/**
 * One chord per bar from a common progression; sections of the same kind share a progression (so a
 * chorus sounds like the chorus again), and every section starts the progression afresh.
 * Example: `composeHarmony(rng, sections, { tonic: 2, mode: 'major', tempo: 100, beatsPerBar: 4 })`
 */
export function composeHarmony(rng: Rng, sections: Section[], opts: HarmonyOptions): ChordSpan[] {
  const beat = 60 / opts.tempo;
  const byName = new Map<SectionName, number[]>();
  const choices = PROGRESSIONS[opts.mode];
  const chords: ChordSpan[] = [];
  for (const s of sections) {
    const key: SectionName = s.name === 'outro' ? 'intro' : s.name;
    let prog = byName.get(key);
    if (!prog) {
      prog = rng.pick(choices);
      byName.set(key, prog);
    }
    for (let b = 0; b < s.bars; b++) {
      // The outro ends on the tonic so the song sounds finished.
      const degree = s.name === 'outro' && b === s.bars - 1 ? 0 : prog[b % prog.length];
      const triad = triadOn(opts.mode, degree);
      const startBeat = (s.startBar + b) * opts.beatsPerBar;
      chords.push({
        start: startBeat * beat,
        end: (startBeat + opts.beatsPerBar) * beat,
        startBeat,
        beats: opts.beatsPerBar,
        root: 48 + ((opts.tonic + triad.offset) % 12),
        quality: triad.quality,
        degree: romanOf(degree, triad.quality),
      });
    }
  }
  return chords;
}

/** Pitch classes of a chord. */
export function chordPitchClasses(chord: ChordSpan): number[] {
  const third = chord.quality === 'maj' ? 4 : 3;
  const fifth = chord.quality === 'dim' ? 6 : 7;
  return [chord.root % 12, (chord.root + third) % 12, (chord.root + fifth) % 12];
}

/** The chord sounding at `beat`. */
export function chordAtBeat(chords: ChordSpan[], beat: number): ChordSpan {
  for (const c of chords) if (beat >= c.startBeat - 1e-9 && beat < c.startBeat + c.beats - 1e-9) return c;
  return chords[chords.length - 1];
}
