import { CorpusError } from '../../runtime';
/**
 * The phone table: what Festival sang, when. One row per phone; silences (`pau`) have syllable and
 * note -1. Times are seconds from the start of the song, straight from Festival's Segment relation —
 * the mouth ground truth is built from these, not from the score (consonants start before the note).
 */
export interface PhoneRow {
  start: number;
  end: number;
  phone: string;
  /** Index of the sung syllable (one per note), or -1 for silence. */
  syllable: number;
  /** Index into score.notes, or -1 for silence. */
  note: number;
  /** The lyric word, or '' for silence. */
  word: string;
  /** Sounding MIDI note, or -1 for silence. */
  midi: number;
}

export const SILENCE_PHONE = 'pau';

export const PHONE_CSV_HEADER = 'start,end,phone,syllable,note,word,midi';

/**
 * Phone table → CSV text (times with 5 decimals: 10 µs, Festival's own resolution).
 * Example: `fs.writeFileSync('phones.csv', phonesToCsv(rows))`
 */
export function phonesToCsv(rows: readonly PhoneRow[]): string {
  const lines = rows.map((r) => [r.start.toFixed(5), r.end.toFixed(5), r.phone, r.syllable, r.note, r.word, r.midi].join(','));
  return [PHONE_CSV_HEADER, ...lines].join('\n') + '\n';
}

/** CSV text written by `phonesToCsv` → rows. `file` names the source in errors. */
export function phonesFromCsv(text: string, file = 'phones.csv'): PhoneRow[] {
  const lines = text.trim().split('\n');
  if (lines[0] !== PHONE_CSV_HEADER) throw new CorpusError(`${file}: first line must be "${PHONE_CSV_HEADER}"`, { file });
  return lines.slice(1).map((line, i) => {
    const f = line.split(',');
    if (f.length !== 7) throw new CorpusError(`${file}: line ${i + 2} has ${f.length} fields, expected 7`, { file });
    return {
      start: Number(f[0]),
      end: Number(f[1]),
      phone: f[2],
      syllable: Number(f[3]),
      note: Number(f[4]),
      word: f[5],
      midi: Number(f[6]),
    };
  });
}

/** Is this row a silence? */
export function isSilence(row: PhoneRow): boolean {
  return row.phone === SILENCE_PHONE || row.note < 0;
}
