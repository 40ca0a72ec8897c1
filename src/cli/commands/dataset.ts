import { parseArgs } from 'node:util';
import { addTake, buildShards } from '../../dataset';
import type { Command } from '../command';
import { checkOutputs } from '../../runtime';
import * as path from 'node:path';
import { terminalProgress } from '../progress-bar';

const usage = `Usage:
  musicface dataset build --corpus DIR --out SHARDS [--separator SPEC]
  musicface dataset add-take --audio SONG --livelink TAKE.csv --style NAME --out SHARDS [--split train|val|test]

build     turns a synthetic corpus (musicface corpus synth) into training shards: every mixture is
          separated with the same separator and the same feature code as \`animate\`. Resumable.
add-take  adds a real take — the song file plus the Live Link Face CSV recorded while it was sung
          (its first row at the song's start) — so a studio can train on its own singer. Columns
          are matched by name and the timecodes resampled to 30 fps. The take must last as long as
          the song (within a frame); a take is known by its content, so adding it again changes nothing.
`;

const command: Command = {
  summary: 'corpus or real takes → training shards',
  usage,
  async run(args) {
    const [sub, ...rest] = args;
    const { values } = parseArgs({
      args: rest,
      options: {
        corpus: { type: 'string' },
        out: { type: 'string' },
        separator: { type: 'string' },
        audio: { type: 'string' },
        livelink: { type: 'string' },
        style: { type: 'string' },
        split: { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
      },
    });
    const onProgress = values.quiet ? undefined : terminalProgress();
    if (!values.out) throw new Error('missing --out SHARDS');
    checkOutputs([path.join(values.out, 'index.json')], [values.corpus, values.audio, values.livelink]);
    if (sub === 'build') {
      if (!values.corpus) throw new Error('missing --corpus DIR');
      const index = await buildShards(values.corpus, values.out, { separator: values.separator, onProgress });
      const frames = index.songs.reduce((s, e) => s + e.frames, 0);
      process.stderr.write(`wrote ${index.songs.length} songs (${(frames / 30 / 3600).toFixed(2)} h) to ${values.out}\n`);
      return 0;
    }
    if (sub === 'add-take') {
      if (!values.audio || !values.livelink || !values.style) throw new Error('add-take needs --audio, --livelink and --style');
      const entry = await addTake(values.out, {
        audio: values.audio,
        livelink: values.livelink,
        style: values.style,
        split: values.split,
        separator: values.separator,
      });
      process.stderr.write(`added ${entry.id} (${entry.frames} frames, style ${entry.style}) to ${values.out}\n`);
      return 0;
    }
    throw new Error(`unknown dataset command "${sub ?? ''}"\n\n${usage}`);
  },
};
export default command;
