/** Just enough music theory for pop songs: keys, scales, diatonic chords. MIDI note 69 = A4 = 440 Hz. */

export const NOTE_NAMES = ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B'] as const;

export const MAJOR_SCALE = [0, 2, 4, 5, 7, 9, 11] as const;
export const MINOR_SCALE = [0, 2, 3, 5, 7, 8, 10] as const;

export type Mode = 'major' | 'minor';

export function midiToFreq(midi: number): number {
  return 440 * Math.pow(2, (midi - 69) / 12);
}

export function scaleOf(mode: Mode): readonly number[] {
  return mode === 'major' ? MAJOR_SCALE : MINOR_SCALE;
}

/** MIDI note of scale degree `degree` (0-based, may be negative or above 6) above `tonic`. */
export function degreeToMidi(tonic: number, mode: Mode, degree: number): number {
  const scale = scaleOf(mode);
  const octave = Math.floor(degree / 7);
  const d = degree - octave * 7;
  return tonic + octave * 12 + scale[d];
}

/** Is `midi` in the scale of the key? */
export function inScale(tonic: number, mode: Mode, midi: number): boolean {
  const pc = (((midi - tonic) % 12) + 12) % 12;
  return scaleOf(mode).includes(pc);
}

/** Diatonic triad on a scale degree (0-based): root pitch class offset from the tonic and quality. */
export function triadOn(mode: Mode, degree: number): { offset: number; quality: 'maj' | 'min' | 'dim'; tones: number[] } {
  const scale = scaleOf(mode);
  const at = (k: number) => scale[(degree + k) % 7] + 12 * Math.floor((degree + k) / 7);
  const root = at(0);
  const third = at(2) - root;
  const fifth = at(4) - root;
  const quality = third === 4 ? 'maj' : fifth === 6 ? 'dim' : 'min';
  return { offset: root, quality, tones: [0, third, fifth] };
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'];

export function romanOf(degree: number, quality: 'maj' | 'min' | 'dim'): string {
  const r = ROMAN[degree % 7];
  return quality === 'maj' ? r : quality === 'min' ? r.toLowerCase() : r.toLowerCase() + '°';
}

/**
 * Common pop progressions as scale degrees (0-based), one chord per bar. The minor ones use natural
 * minor degrees (VI, VII, III are major chords there).
 */
export const PROGRESSIONS: Record<Mode, number[][]> = {
  major: [
    [0, 4, 5, 3], // I–V–vi–IV
    [5, 3, 0, 4], // vi–IV–I–V
    [0, 5, 3, 4], // I–vi–IV–V
    [0, 3, 4, 3], // I–IV–V–IV
    [1, 4, 0, 0], // ii–V–I–I
    [0, 3, 5, 4], // I–IV–vi–V
    [3, 0, 4, 5], // IV–I–V–vi
  ],
  minor: [
    [0, 5, 2, 6], // i–VI–III–VII
    [0, 3, 4, 0], // i–iv–v–i
    [0, 6, 5, 6], // i–VII–VI–VII
    [5, 6, 0, 0], // VI–VII–i–i
    [0, 3, 6, 2], // i–iv–VII–III
  ],
};
