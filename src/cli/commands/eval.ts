import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { evaluate, scoresToMarkdown } from '../../eval/evaluate';
import { writeFileAtomic } from '../../runtime/atomic-write';
import { defaultHeadPath, packageRoot } from '../../retarget/default-rig';
import type { Command } from '../command';
import { checkOutputs } from '../../runtime/output-paths';
import { terminalProgress } from '../progress-bar';

/** Third-party test data beside the repository (see ../shared/data/ATTRIBUTION.md); used only if present. */
const SHARED = path.join(packageRoot(), '..', 'shared', 'data');

const usage = `Usage: musicface eval --corpus DIR [--models a,b,…] [--out REPORT] [options]

Scores generators on the held-out test songs of a synthetic corpus with the paper's metrics
(section 4.3): mouth LMD on rigs (mm), CCA of head speed and pose, Rough, CCA of the long
eye-closing state, blink rate and duration, Beat Align — and, on real songs with true stems,
the share of vocal-silent frames with the mouth closed.

Options:
  --models LIST     generator names or card paths (default musicface-full)
  --rigs LIST       rigs for LMD (default: the default head, and ../shared/data's ICT head if present)
  --split NAME      test (default) | val
  --held-out-style  use the held-out-style split instead of the by-song split
  --real LIST       real songs as name=mixture:vocals,… (default: the Francium excerpt if present)
  --separator SPEC  builtin (default)
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
        separator: { type: 'string' },
        'max-songs': { type: 'string' },
        out: { type: 'string' },
        'allow-fixture': { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
      },
    });
    if (!values.corpus) throw new Error('missing --corpus DIR');
    const ict = path.join(SHARED, 'rigs', 'ict-facekit-arkit52.glb');
    const rigs = values.rigs ? values.rigs.split(',') : [defaultHeadPath(), ...(fs.existsSync(ict) ? [ict] : [])];
    const francium = path.join(SHARED, 'audio', 'francium-55-115s-');
    const realSongs = values.real
      ? values.real.split(',').map((spec) => {
          const [name, files] = spec.split('=');
          const [mixture, vocals] = (files ?? '').split(':');
          if (!mixture || !vocals) throw new Error(`--real takes name=mixture:vocals, got ${spec}`);
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
      onProgress: values.quiet ? undefined : terminalProgress(),
    });
    const md = scoresToMarkdown(scores);
    if (values.out) {
      writeFileAtomic(`${values.out}.md`, md);
      writeFileAtomic(`${values.out}.json`, JSON.stringify(scores, null, 2) + '\n');
      process.stderr.write(`wrote ${values.out}.md and ${values.out}.json\n`);
    }
    process.stdout.write(md);
    return 0;
  },
};
export default command;
