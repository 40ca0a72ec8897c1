import { rngFor } from '../../runtime';
import { composeBand } from './compose-band';
import { composeForm } from './compose-form';
import { composeHarmony } from './compose-harmony';
import { composeMelody } from './compose-melody';
import type { Score, VoiceChoice } from './score';
import { type Mode, NOTE_NAMES } from './theory';

/**
 * The singers. Festival sings with its diphone voices (see singer/ and docs/corpus/voices.md: each
 * follows singing mode's pitch within a few cents from MIDI 40 to 71); more singers come from moving a
 * voice's formants (singer/formant-shift.ts): up by 15–25 % with a range a fifth to an octave higher
 * for female singers (adult female formants lie about that far above male ones), down for a darker
 * bass. Italian and Finnish singers sing lyrics in their language with their own voices (lp and lj are
 * women's voices, pc and mv men's).
 * Festival's pitch marking stops at 500 Hz (a 520–600 Hz note comes out at 500 Hz, measured with
 * both English voices; 82–500 Hz is within 1 % of the note), so no range goes above B4 (MIDI 71, 494 Hz),
 * which keeps the female singers in the alto/mezzo register.
 */
export const VOICES: readonly VoiceChoice[] = [
  { name: 'kal', festivalVoice: 'kal_diphone', language: 'english', sex: 'male', octave: 0, formant: 1, low: 45, high: 64 },
  { name: 'ked', festivalVoice: 'ked_diphone', language: 'english', sex: 'male', octave: 0, formant: 1, low: 43, high: 62 },
  { name: 'kal-high', festivalVoice: 'kal_diphone', language: 'english', sex: 'male', octave: 1, formant: 1, low: 55, high: 71 },
  { name: 'ked-high', festivalVoice: 'ked_diphone', language: 'english', sex: 'male', octave: 1, formant: 1, low: 53, high: 70 },
  { name: 'kal-deep', festivalVoice: 'kal_diphone', language: 'english', sex: 'male', octave: 0, formant: 0.9, low: 40, high: 57 },
  { name: 'ked-bright', festivalVoice: 'ked_diphone', language: 'english', sex: 'male', octave: 0, formant: 1.08, low: 48, high: 66 },
  { name: 'kal-alto', festivalVoice: 'kal_diphone', language: 'english', sex: 'female', octave: 1, formant: 1.17, low: 53, high: 71 },
  { name: 'ked-alto', festivalVoice: 'ked_diphone', language: 'english', sex: 'female', octave: 1, formant: 1.2, low: 52, high: 70 },
  { name: 'kal-mezzo', festivalVoice: 'kal_diphone', language: 'english', sex: 'female', octave: 1, formant: 1.25, low: 57, high: 71 },
  { name: 'lp', festivalVoice: 'lp_diphone', language: 'italian', sex: 'female', octave: 0, formant: 1, low: 53, high: 71 },
  { name: 'pc', festivalVoice: 'pc_diphone', language: 'italian', sex: 'male', octave: 0, formant: 1, low: 45, high: 64 },
  { name: 'pc-alto', festivalVoice: 'pc_diphone', language: 'italian', sex: 'female', octave: 1, formant: 1.17, low: 53, high: 71 },
  { name: 'lj', festivalVoice: 'suo_fi_lj_diphone', language: 'finnish', sex: 'female', octave: 0, formant: 1, low: 53, high: 71 },
  { name: 'mv', festivalVoice: 'hy_fi_mv_diphone', language: 'finnish', sex: 'male', octave: 0, formant: 1, low: 45, high: 64 },
];

/** General MIDI soundfonts the band is rendered with (Debian: fluid-soundfont-gm, timgm6mb-soundfont). */
export const SOUNDFONTS = ['FluidR3_GM.sf2', 'TimGM6mb.sf2'] as const;

export interface ComposeOptions {
  /** Song length in seconds (the audio is exactly this long). */
  seconds: number;
  /** Corpus seed; with `index` it fixes everything about the song. */
  seed: number;
  index: number;
  id?: string;
  /** Force a voice by name (default: chosen by seed). */
  voice?: string;
}

/**
 * A whole song from a seed: tempo 70–160 BPM, key and mode, sections, chords, a sung melody with lyrics,
 * and the band parts.
 * Example: `const score = composeSong({ seconds: 30, seed: 1, index: 0 })`
 */
export function composeSong(opts: ComposeOptions): Score {
  const r = (part: string) => rngFor(opts.seed, 'song', opts.index, part);
  const g = r('globals');
  const tempo = g.int(70, 160);
  const beatsPerBar = g.chance(0.15) ? 3 : 4;
  const tonic = g.int(0, 11);
  const mode: Mode = g.chance(0.55) ? 'major' : 'minor';
  const voice = opts.voice ? VOICES.find((v) => v.name === opts.voice) : g.pick(VOICES);
  if (!voice) throw new Error(`unknown voice "${opts.voice}" (known: ${VOICES.map((v) => v.name).join(', ')})`);
  const soundfont = g.pick(SOUNDFONTS);

  const sections = composeForm(r('form'), { seconds: opts.seconds, tempo, beatsPerBar });
  const chords = composeHarmony(r('harmony'), sections, { tonic, mode, tempo, beatsPerBar });
  const melody = composeMelody(r('melody'), sections, chords, {
    tonic,
    mode,
    tempo,
    beatsPerBar,
    low: voice.low,
    high: voice.high,
    language: voice.language,
  });
  const band = composeBand(r('band'), sections, chords, { tonic, mode, tempo, beatsPerBar });
  return {
    id: opts.id ?? songId(opts.index),
    seed: opts.seed,
    seconds: opts.seconds,
    tempo,
    beatsPerBar,
    key: { tonic, tonicName: NOTE_NAMES[tonic], mode },
    voice,
    sections,
    chords,
    phrases: melody.phrases,
    notes: melody.notes,
    words: melody.words,
    band,
    soundfont,
  };
}

/** Song directory name for song `index` of a corpus: s00000, s00001, … */
export function songId(index: number): string {
  return 's' + String(index).padStart(5, '0');
}
