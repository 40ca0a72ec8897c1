import * as path from 'node:path';
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadRig } from '../../retarget';
import { buildNeuralData } from '../../neural';
import type { Command } from '../command';
import { checkOutputs, InvalidOptionError } from '../../runtime';
import { terminalProgress } from '../progress-bar';
import { VideoFileError } from '../../video';

const usage = `Usage: musicface neural-data VIDEO... --out DIR [options]

Turns tracked videos of one person (see \`musicface track\`) into training pairs for the person's neural
renderer: per clip NAME.cond.npy (conditioning images drawn from the track) and NAME.real.npy (the
video's frames, cropped around the face), person.json (camera, crop), background.png and split.json
(every --holdout-every-th clip held out for evaluation). Then train with training/renderer/train.py.

Options:
      --out DIR             where to write
      --fits DIR            where the .track.json/.fit.json files are (default: beside each video)
      --size PX             network resolution (default 128)
      --holdout-every N     hold out every N-th clip by name (default 6: 20 of 120)
      --rig FILE            the rig the videos were tracked with (default: the built-in head)
  -q, --quiet               no progress bars
  -h, --help                this text

Example:
  musicface neural-data clips/*.mpg --fits tracked/ --out data/grid-s1
`;

const command: Command = {
  summary: "tracked videos → training pairs for a person's neural renderer",
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        fits: { type: 'string' },
        size: { type: 'string' },
        'holdout-every': { type: 'string' },
        rig: { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
      },
    });
    if (!positionals.length) throw new Error(`expected at least one VIDEO\n\n${usage}`);
    if (!values.out) throw new Error('missing --out DIR');
    checkOutputs([path.join(values.out, 'person.json')], positionals);
    for (const v of positionals) if (!fs.existsSync(v)) throw new VideoFileError(v, 'no such file');
    const size = values.size === undefined ? undefined : Number(values.size);
    if (size !== undefined && !(Number.isInteger(size) && size >= 16 && size <= 1024 && size % 8 === 0))
      throw new InvalidOptionError('--size', values.size, {
        message: `--size must be a multiple of 8 from 16 to 1024, got ${values.size}`,
      });
    const every = values['holdout-every'] === undefined ? undefined : Number(values['holdout-every']);
    if (every !== undefined && !(Number.isInteger(every) && every >= 2))
      throw new InvalidOptionError('--holdout-every', values['holdout-every'], {
        message: `--holdout-every must be an integer of at least 2, got ${values['holdout-every']}`,
      });
    const data = await buildNeuralData(positionals, values.out, {
      size,
      holdoutEvery: every,
      fits: values.fits,
      rig: values.rig ? await loadRig(values.rig) : undefined,
      onProgress: values.quiet ? undefined : terminalProgress(),
    });
    process.stderr.write(
      `wrote ${values.out}: ${data.train.length} training clips, ${data.test.length} held out, ${data.person.size}² crops of ${data.person.crop.size} px at (${data.person.crop.x}, ${data.person.crop.y})\n`,
    );
    return 0;
  },
};
export default command;
