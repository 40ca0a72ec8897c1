import { COMMANDS } from './commands';
import { cleanUpNow } from '../runtime';

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
  const stop = stopOnSignals(name, !!command.cancellable);
  let result = 1;
  try {
    const code = await command.run(rest, stop.signal);
    // Cut short by a signal (a finished run keeps its 0): the shell's convention, 128 + the signal.
    return (result = stop.received() && code !== 0 ? stop.exitCode() : code);
  } catch (e) {
    if (stop.received()) {
      process.stderr.write(`musicface ${name}: stopped (${stop.received()}); nothing half-written was left\n`);
      return (result = stop.exitCode());
    }
    if (process.env.MUSICFACE_DEBUG) process.stderr.write(String((e as Error)?.stack ?? e) + '\n');
    process.stderr.write(`musicface ${name}: ${(e as Error)?.message ?? e}\n`);
    return (result = 1);
  } finally {
    stop.dispose();
    exitOnLateSignal(() => result);
    cleanUpNow(); // anything a failed command left registered
  }
}

/** After the command: a signal while the process winds down (workers, sessions) ends it with the run's own code. */
function exitOnLateSignal(code: () => number): void {
  for (const sig of Object.keys(STOP_SIGNALS) as StopSignal[]) process.once(sig, () => process.exit(code()));
}

const STOP_SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
type StopSignal = keyof typeof STOP_SIGNALS;

/** Seconds a cancellable command gets to stop by itself before it is ended. */
const GRACE_SECONDS = 20;

/**
 * SIGINT, SIGTERM and SIGHUP stop a run the same way. A cancellable command is told through `signal`
 * and stops at its next step (a second signal, or GRACE_SECONDS, ends it at once); any other command is
 * ended at once. Either way the temp files and child processes in the cleanup registry go first.
 */
function stopOnSignals(name: string, cancellable: boolean) {
  const controller = new AbortController();
  let got: StopSignal | null = null;
  const exitCode = () => 128 + STOP_SIGNALS[got ?? 'SIGINT'];
  const endNow = () => {
    cleanUpNow();
    process.stderr.write(`\nmusicface ${name}: stopped (${got}); nothing half-written was left\n`);
    process.exit(exitCode());
  };
  const handler = (sig: StopSignal) => {
    if (got || !cancellable) {
      got ??= sig;
      endNow();
    }
    got = sig;
    process.stderr.write(`\nmusicface ${name}: ${sig}: stopping (again to quit at once)…\n`);
    controller.abort(new Error(`stopped by ${sig}`));
    setTimeout(endNow, GRACE_SECONDS * 1000).unref();
  };
  const listeners = (Object.keys(STOP_SIGNALS) as StopSignal[]).map((sig) => {
    const l = () => handler(sig);
    process.on(sig, l);
    return [sig, l] as const;
  });
  return {
    signal: controller.signal,
    received: () => got,
    exitCode,
    dispose: () => {
      for (const [sig, l] of listeners) process.off(sig, l);
    },
  };
}
