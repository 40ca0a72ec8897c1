import { parseArgs } from 'util';
import { buildShards } from '../../dataset/build-shards';
import type { Command } from '../command';
import { terminalProgress } from '../progress-bar';

const usage = `Usage:
  musicface dataset build --corpus DIR --out SHARDS [--separator SPEC]

build     turns a synthetic corpus (musicface corpus synth) into training shards: every mixture is
          separated with the same separator and the same feature code as \`animate\`. Resumable.
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
    if (sub === 'build') {
      if (!values.corpus) throw new Error('missing --corpus DIR');
      const index = await buildShards(values.corpus, values.out, { separator: values.separator, onProgress });
      const frames = index.songs.reduce((s, e) => s + e.frames, 0);
      process.stderr.write(`wrote ${index.songs.length} songs (${(frames / 30 / 3600).toFixed(2)} h) to ${values.out}\n`);
      return 0;
    }
    throw new Error(`unknown dataset command "${sub ?? ''}"\n\n${usage}`);
  },
};
export default command;
