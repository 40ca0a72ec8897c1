// A `musicface worker` process from the TypeScript sources (no build needed): the real command, compiled
// by SWC as jest does, stopped by SIGTERM/SIGINT as main.ts stops it. Arguments are the worker's.
require('../../corpus/helpers/ts-register');
const controller = new AbortController();
for (const sig of ['SIGTERM', 'SIGINT']) process.once(sig, () => controller.abort(new Error(`stopped by ${sig}`)));
require('../../../src/cli/commands/worker.ts')
  .default.run(process.argv.slice(2), controller.signal)
  .then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`musicface worker: ${e?.message}\n`);
      process.exit(1);
    },
  );
