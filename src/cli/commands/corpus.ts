import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { checkCorpus, synthCorpus, STYLE_NAMES } from '../../corpus';
import type { Command } from '../command';
import { checkOutputs, CorpusError, InvalidOptionError } from '../../runtime';
import { terminalProgress } from '../progress-bar';

const usage = `Usage: musicface corpus synth --songs N --seconds S --out DIR --seed K [--jobs J] [--held-out-style NAME]
       musicface corpus check --out DIR [--songs N]

Makes the synthetic singing corpus (SingingFace-Synth): N songs of S seconds, each composed, sung by
Festival (14 singers: English, Italian and Finnish, male and female, with vibrato and breath), produced
(EQ, compression, reverb, a doubled lead or a chorus harmony on some songs), played by fluidsynth, mixed
(vocal 2-8 LU over the band, peak -9 to -1 dBFS) and performed by the teacher face model, which follows
the lead singer, in one of the performer styles. Writes DIR/songs/<id>/ (mixture.wav, vocals.wav,
lead.wav, accompaniment.wav, score.json, band.mid, melody.mid, phones.csv, beats.json, track.json,
labels.json, song.json) and DIR/manifest.json (splits by song and by style; each song's singer and
production).

Runs J worker processes (default: one per CPU). Finished songs are kept, so running the same command
again resumes an interrupted run. Same --seed, same bytes.

Options:
  --songs N            number of songs
  --seconds S          length of each song in seconds (4-600)
  --out DIR            corpus directory
  --seed K             corpus seed (default 1)
  --jobs J             worker processes
  --held-out-style S   style whose songs form the held-out-style test split (default rhythmic-nodder)
  -q, --quiet          no progress bar

\`corpus check\` measures a corpus against its own audio (exact mix, phrase onsets vs the vocal stem,
drum hits vs the accompaniment, mouth closed in rests, labels in range) and prints a JSON summary.

Needs: festival, festvox-kallpc16k, festvox-kdlpc16k, fluidsynth, fluid-soundfont-gm, timgm6mb-soundfont
(scripts/install-corpus-deps.sh installs them on Debian/Ubuntu).

Example (a 5-hour corpus): musicface corpus synth --songs 600 --seconds 30 --out corpus --seed 1`;

function int(value: string | undefined, name: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new Error(`--${name} is required (see musicface corpus --help)`);
    return fallback;
  }
  const n = Number(value);
  if (!Number.isFinite(n) || String(n) !== value.trim())
    throw new InvalidOptionError(`--${name}`, value, { message: `--${name} must be a number, got "${value}"` });
  return n;
}

function check(args: string[]): number {
  const { values } = parseArgs({ args, options: { out: { type: 'string' }, songs: { type: 'string' } }, strict: true });
  if (!values.out) throw new Error(`--out is required (see musicface corpus --help)`);
  if (!fs.existsSync(path.join(values.out, 'manifest.json')))
    throw new CorpusError(`${values.out} has no manifest.json; is it a corpus made by corpus synth?`, { file: values.out });
  const result = checkCorpus(values.out, values.songs === undefined ? Infinity : int(values.songs, 'songs'));
  process.stdout.write(JSON.stringify(result, null, 1) + '\n');
  const bad = result.mixMismatches > 0 || result.silentVowels > 0 || result.restJawMax >= 0.05 || result.labelProblems.length > 0;
  return bad ? 1 : 0;
}

const command: Command = {
  summary: 'make the synthetic singing corpus (corpus synth …)',
  usage,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === 'check') return check(rest);
    if (sub !== 'synth') throw new Error(`unknown corpus subcommand "${sub ?? ''}"; try: musicface corpus --help`);
    const { values } = parseArgs({
      args: rest,
      options: {
        songs: { type: 'string' },
        seconds: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        jobs: { type: 'string' },
        'held-out-style': { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
      },
      strict: true,
    });
    if (!values.out) throw new Error(`--out is required (see musicface corpus --help)`);
    checkOutputs([path.join(values.out, 'manifest.json')]); // a read-only --out fails now, not after the songs
    const held = values['held-out-style'];
    if (held !== undefined && !(STYLE_NAMES as readonly string[]).includes(held)) {
      throw new InvalidOptionError('--held-out-style', held, {
        message: `--held-out-style must be one of ${STYLE_NAMES.join(', ')}, got "${held}"`,
      });
    }
    const result = await synthCorpus({
      out: values.out,
      songs: int(values.songs, 'songs'),
      seconds: int(values.seconds, 'seconds'),
      seed: int(values.seed, 'seed', 1),
      jobs: values.jobs === undefined ? undefined : int(values.jobs, 'jobs'),
      heldOutStyle: held as (typeof STYLE_NAMES)[number] | undefined,
      onProgress: values.quiet ? () => {} : terminalProgress(),
    });
    const m = result.manifest;
    const hours = m.totalSeconds / 3600;
    process.stdout.write(
      `${values.out}: ${m.songs.length} songs, ${hours.toFixed(2)} h (made ${result.made}, kept ${result.skipped}) in ${result.wallSeconds.toFixed(1)} s; ` +
        `split train/val/test ${m.counts.split.train}/${m.counts.split.val}/${m.counts.split.test}, held-out style ${m.heldOutStyle}\n`,
    );
    return 0;
  },
};
export default command;
