import { COMMANDS } from './commands/index';

const VERSION: string = require('../../../package.json').version;

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, [summary]]) => `  ${name.padEnd(width)}  ${summary}`);
  return [
    'musicface — turn a song into a singing face (ARKit-52 blendshapes, head pose, eyes at 30 fps)',
    '',
    'Usage: musicface <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `musicface <command> --help` for the options of one command.',
    'Example: musicface animate song.mp3 -o song.json',
  ].join('\n');
}

/** Runs the CLI; resolves to the process exit code. Errors print one line (set MUSICFACE_DEBUG=1 for stacks). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(overview() + '\n');
    return name ? 0 : 1;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(VERSION + '\n');
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    process.stderr.write(`musicface: unknown command "${name}"\n\n${overview()}\n`);
    return 2;
  }
  const command = entry[1]();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.usage.trimEnd() + '\n');
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (process.env.MUSICFACE_DEBUG) process.stderr.write(String((e as Error)?.stack ?? e) + '\n');
    process.stderr.write(`musicface ${name}: ${(e as Error)?.message ?? e}\n`);
    return 1;
  }
}
