import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { evaluate, scoresToMarkdown, evaluateRealSongs, realScoresToMarkdown } from '../../eval';
import { FEATURE_PARAMS } from '../../features';
import { cardSeparator, loadGenerator } from '../../generator';
import { DEFAULT_SEPARATOR, createSeparator } from '../../separation';
import { writeFileAtomic, checkOutputs, InvalidOptionError } from '../../runtime';
import { defaultHeadPath, packageRoot } from '../../retarget';
import type { Command } from '../command';
import { terminalProgress } from '../progress-bar';
import { EMOTION_CHOICES, type EmotionChoice } from '../../emotion';

function checkedEmotion(v: string): EmotionChoice {
  if (!(EMOTION_CHOICES as readonly string[]).includes(v))
    throw new InvalidOptionError('--emotion', v, { message: `--emotion must be one of ${EMOTION_CHOICES.join(', ')}, got ${v}` });
  return v as EmotionChoice;
}

/** Third-party test data beside the repository (see ../shared/data/ATTRIBUTION.md); used only if present. */
const SHARED = path.join(packageRoot(), '..', 'shared', 'data');

const usage = `Usage: musicface eval --corpus DIR [--models a,b,…] [--out REPORT] [options]
       musicface eval --real SONGS_DIR [--models a,b,…] [--gains=-20,-10,0] [--true-stems] [--out REPORT]

Scores generators on the held-out test songs of a synthetic corpus with the paper's metrics
(section 4.3): mouth LMD on rigs (mm), CCA of head speed and pose, Rough, CCA of the long
eye-closing state, blink rate and duration, Beat Align — and, on real songs with true stems,
the share of vocal-silent frames with the mouth closed.

With --real SONGS_DIR (no corpus needed): real songs given as their stems, one folder per song
(SONGS_DIR/<song>/*.wav|flac|m4a|…). The lead is the stem whose name says "lead" among those that
say vox/vocal/voice (or the only vocal), other vocals are backing, the rest is the band; a
<song>/stems.json {"lead": [...], "backing": [...], "band": [...]} overrides the names. The mixture
(the sum of all stems) goes through the separator; per song and overall it reports the share of
frames with the mouth open (jawOpen > 0.1) while the lead sings, where no voice sings and where only
backing vocals sing, jawOpen's mean/median/p90 over lead-sung frames and its lag behind the lead's
level. A stem sings where its frame RMS ≥ max(-50 dBFS, its 95th percentile - 40 dB).

Options:
  --models LIST     generator names or card paths (default musicface-full)
  --rigs LIST       rigs for LMD (default: the default head, and ../shared/data's ICT head if present)
  --split NAME      test (default) | val
  --held-out-style  use the held-out-style split instead of the by-song split
  --real LIST       real songs as name=mixture:vocals,… for the vocal-silent check (default: the
                    Francium excerpt if present) — or a folder of multitrack songs (see above)
  --gains LIST      with --real SONGS_DIR: mixture gains in dB (default 0)
  --true-stems      with --real SONGS_DIR: also run each song from its true stems
  --emotion NAME    score with the emotion layer (auto, joy, …; default: the generator alone)
  --truth-emotion   score against the teacher performing the composer's section emotions
                    (default: the neutral teacher the corpus was made with)
  --separator SPEC  learned, builtin, htdemucs, spleeter:DIR, mdx:MODEL.onnx (default: the one
                    the models' cards name, else learned; cards that differ need one)
  --max-songs N     evaluate only the first N test songs
  --out FILE        write FILE.md and FILE.json (default: print the table)
`;

const command: Command = {
  summary: 'score generators with the paper’s metrics',
  usage,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        corpus: { type: 'string' },
        models: { type: 'string' },
        rigs: { type: 'string' },
        split: { type: 'string' },
        'held-out-style': { type: 'boolean' },
        real: { type: 'string' },
        gains: { type: 'string' },
        'true-stems': { type: 'boolean' },
        seed: { type: 'string' },
        emotion: { type: 'string' },
        'truth-emotion': { type: 'boolean' },
        separator: { type: 'string' },
        'max-songs': { type: 'string' },
        out: { type: 'string' },
        'allow-fixture': { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
      },
    });
    if (values.real && fs.existsSync(values.real) && fs.statSync(values.real).isDirectory()) {
      return realSongsReport(values.real, values);
    }
    if (!values.corpus) throw new Error('missing --corpus DIR (or --real SONGS_DIR)');
    const ict = path.join(SHARED, 'rigs', 'ict-facekit-arkit52.glb');
    const rigs = values.rigs ? values.rigs.split(',') : [defaultHeadPath(), ...(fs.existsSync(ict) ? [ict] : [])];
    const francium = path.join(SHARED, 'audio', 'francium-55-115s-');
    const realSongs = values.real
      ? values.real.split(',').map((spec) => {
          const [name, files] = spec.split('=');
          const [mixture, vocals] = (files ?? '').split(':');
          if (!mixture || !vocals)
            throw new InvalidOptionError('--real', spec, { message: `--real takes name=mixture:vocals, got ${spec}` });
          return { name, mixture, vocals };
        })
      : fs.existsSync(`${francium}mixture.flac`)
        ? [{ name: 'francium', mixture: `${francium}mixture.flac`, vocals: `${francium}vocals.flac` }]
        : [];
    if (values.out) checkOutputs([`${values.out}.md`, `${values.out}.json`]); // before minutes of scoring
    const scores = await evaluate({
      corpus: values.corpus,
      models: (values.models ?? 'musicface-full').split(','),
      rigs,
      realSongs,
      split: values.split,
      splitKey: values['held-out-style'] ? 'styleSplit' : 'split',
      separator: values.separator,
      maxSongs: values['max-songs'] ? Number(values['max-songs']) : undefined,
      allowFixture: values['allow-fixture'],
      ...(values.emotion ? { emotion: checkedEmotion(values.emotion) } : {}),
      truthEmotion: values['truth-emotion'],
      onProgress: values.quiet ? undefined : terminalProgress(),
    });
    return report(scoresToMarkdown(scores), scores, values.out);
  },
};

async function realSongsReport(dir: string, values: Record<string, string | boolean | undefined>): Promise<number> {
  const gains = values.gains ? String(values.gains).split(',').map(Number) : [0];
  if (gains.some((g) => !Number.isFinite(g)))
    throw new InvalidOptionError('--gains', values.gains, { message: `--gains takes dB values like -20,-10,0, got ${values.gains}` });
  const generators = await Promise.all(
    String(values.models ?? 'musicface-full')
      .split(',')
      .map((m) => loadGenerator(m, FEATURE_PARAMS, { allowFixture: Boolean(values['allow-fixture']) })),
  );
  const scores = await evaluateRealSongs({
    dir,
    generators,
    separator: await createSeparator(String(values.separator ?? cardSeparator(generators) ?? DEFAULT_SEPARATOR)),
    gainsDb: gains,
    trueStems: Boolean(values['true-stems']),
    seed: values.seed ? Number(values.seed) : 0,
    onProgress: values.quiet ? undefined : terminalProgress(),
  });
  return report(realScoresToMarkdown(scores), scores, values.out as string | undefined);
}

/** Prints the markdown table and, with --out, writes it and the JSON beside it. */
function report(md: string, scores: unknown, out: string | undefined): number {
  if (out) {
    writeFileAtomic(`${out}.md`, md);
    writeFileAtomic(`${out}.json`, JSON.stringify(scores, null, 2) + '\n');
    process.stderr.write(`wrote ${out}.md and ${out}.json\n`);
  }
  process.stdout.write(md);
  return 0;
}

export default command;
