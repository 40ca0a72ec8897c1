/** The synthetic singing corpus (SingingFace-Synth): songs with exact face, phone and beat labels. */
export { synthCorpus } from './synth-corpus';
export type { CorpusOptions, CorpusResult } from './synth-corpus';
export { synthSong, beatGrid, songDir } from './synth-song';
export type { SynthSongOptions, SongEntry, BeatGrid } from './synth-song';
export { buildManifest, songSplit, DEFAULT_HELD_OUT_STYLE } from './manifest';
export type { Manifest, ManifestSong, Split } from './manifest';
export { composeSong, VOICES, SOUNDFONTS, songId } from './composer/compose-song';
export type { Score, SungNote, Section } from './composer/score';
export { phonesToCsv, phonesFromCsv } from './singer/phone-table';
export type { PhoneRow } from './singer/phone-table';
export { performSong } from './teacher/perform-song';
export { performSectionEmotions } from './teacher/emotion-face';
export type { SongLabels } from './teacher/perform-song';
export { STYLE_NAMES, STYLES, styleIndex } from './teacher/styles';
export type { Style, StyleName } from './teacher/styles';
export {
  BLINK_INTERVAL,
  BLINK_DURATION,
  LONG_CLOSING_MIN_SECONDS,
  EYE_SMOOTH_SIGMA_FRAMES,
  sampleBlinks,
  composeEyeState,
} from './teacher/eyes';
export { checkCorpus, checkSong } from './measure/check-corpus';
export type { CorpusCheck, SongCheck } from './measure/check-corpus';
export { emotionTruthFrames } from './composer/emotion-labels';
