/**
 * The composed song: everything the singer, the band and the teacher read. Times are seconds from the
 * start of the song unless a field says beats. Written to `score.json` as is.
 */

export type SectionName = 'intro' | 'verse' | 'chorus' | 'bridge' | 'break' | 'outro';

export interface Section {
  name: SectionName;
  start: number;
  end: number;
  startBar: number;
  bars: number;
  /** How hard the band plays and the singer pushes, 0 … 1 (the last chorus is 1). */
  energy: number;
  /** False for the "background music only" parts: intro, instrumental break, outro. */
  vocal: boolean;
  /** The song's peak (its last chorus). */
  climax: boolean;
}

export interface ChordSpan {
  start: number;
  end: number;
  startBeat: number;
  beats: number;
  /** MIDI note of the root in octave 3 (48 … 59). */
  root: number;
  quality: 'maj' | 'min' | 'dim';
  /** Roman numeral in the key, for reading. */
  degree: string;
}

export interface SungNote {
  index: number;
  start: number;
  end: number;
  startBeat: number;
  beats: number;
  midi: number;
  /** What Festival is asked to sing, Hz (of the sounding `midi`). */
  freq: number;
  /** Loudness of the sung note, 0 … 1; the vocal stem's gain follows it (see singer/vocal-dynamics.ts). */
  velocity: number;
  word: number;
  syllableInWord: number;
  phrase: number;
  /** A long note (≥ 1 beat and ≥ 0.5 s) at a phrase end. */
  held: boolean;
  /** The song's highest held note in its climax. */
  climax: boolean;
}

export interface LyricWord {
  text: string;
  firstNote: number;
  syllables: number;
}

export interface Phrase {
  index: number;
  section: number;
  start: number;
  end: number;
  firstNote: number;
  noteCount: number;
}

/** One MIDI note of the band, in beats. */
export interface BandNote {
  beat: number;
  beats: number;
  pitch: number;
  velocity: number;
}

export interface BandPart {
  name: 'drums' | 'bass' | 'chords' | 'pad' | 'lead';
  channel: number;
  program: number;
  programName: string;
  /** MIDI pan 0 (left) … 127 (right). */
  pan: number;
  volume: number;
  reverb: number;
  chorus: number;
  notes: BandNote[];
}

export type Language = 'english' | 'italian' | 'finnish';

export interface VoiceChoice {
  /** Corpus name: kal, ked-high, kal-alto, lp, … (see composer/compose-song.ts VOICES). */
  name: string;
  festivalVoice: string;
  /** The lyrics' language; the voice's own lexicon syllabifies them. */
  language: Language;
  /** How the singer reads: the register of the range and, for a shifted voice, its formants. */
  sex: 'male' | 'female';
  /** 1 for the transposed-up variants of a voice, else 0. */
  octave: number;
  /** Formant warp factor applied to Festival's output (1 = the voice as recorded; see singer/formant-shift.ts). */
  formant: number;
  /** Sounding MIDI range the melody may use. */
  low: number;
  high: number;
}

export interface Score {
  id: string;
  seed: number;
  seconds: number;
  tempo: number;
  beatsPerBar: number;
  key: { tonic: number; tonicName: string; mode: 'major' | 'minor' };
  voice: VoiceChoice;
  sections: Section[];
  chords: ChordSpan[];
  phrases: Phrase[];
  notes: SungNote[];
  words: LyricWord[];
  band: BandPart[];
  /** The General MIDI soundfont file name (basename) the band is rendered with. */
  soundfont: string;
}

/** Seconds per beat. */
export function beatSeconds(score: Pick<Score, 'tempo'>): number {
  return 60 / score.tempo;
}
