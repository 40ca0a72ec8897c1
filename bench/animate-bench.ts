/**
 * `npm run bench`: seconds per stage and the real-time factor of `animate` on a 4-minute song, and
 * peak RSS. Options: --minutes N (default 4), --model NAME|PATH, --separator SPEC.
 * The song is the CC0 Francium excerpt (../shared/data) looped to length and encoded to mp3 once.
 * The last line printed is one JSON object.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { benchSong } from './bench-song';
import { animateSong, DEFAULT_MODEL } from '../src/animate';
import { listModels } from '../src/generator/model-card';

const REPO = path.resolve(__dirname, '..', '..');

async function main() {
  const { values } = parseArgs({ options: { minutes: { type: 'string' }, model: { type: 'string' }, separator: { type: 'string' } } });
  const minutes = Number(values.minutes ?? 4);
  let model = values.model;
  let allowFixture = false;
  if (!model && !listModels().includes(DEFAULT_MODEL)) {
    model = path.join(REPO, 'tests', 'fixtures', 'generator', 'fixture-random.json');
    allowFixture = true;
    console.log(`note: no trained model installed; timing the random fixture (same graph structure, smaller)`);
  }
  const song = benchSong(minutes);
  const timings: Record<string, number> = {};
  const cpu0 = cpuSeconds();
  const t0 = process.hrtime.bigint();
  const track = await animateSong(song, { model, allowFixture, separator: values.separator, timings });
  const total = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = cpuSeconds() - cpu0;
  const seconds = minutes * 60;
  const rssMB = process.resourceUsage().maxRSS / 1024;
  for (const [k, v] of Object.entries(timings)) console.log(`${k.padEnd(14)} ${v.toFixed(3)} s`);
  console.log(`${'total'.padEnd(14)} ${total.toFixed(3)} s for ${seconds} s of song (${track.frameCount} frames)`);
  console.log(`real-time factor ${(seconds / total).toFixed(1)}×, peak RSS ${rssMB.toFixed(0)} MB, ${os.cpus().length} cores`);
  // Wall time counts other jobs on a shared machine; CPU time (this process's threads and FFmpeg) does not.
  const cores = os.cpus().length;
  console.log(
    `CPU ${cpu.toFixed(2)} s; with all ${cores} cores to itself at most ${(seconds / (cpu / cores)).toFixed(1)}× (load average ${os.loadavg()[0].toFixed(1)})`,
  );
  const round = (x: number) => Math.round(x * 1000) / 1000;
  console.log(
    JSON.stringify({
      songSeconds: seconds,
      model: track.meta.model,
      stages: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, round(v)])),
      totalSeconds: round(total),
      realtimeFactor: round(seconds / total),
      cpuSeconds: round(cpu),
      loadAverage: round(os.loadavg()[0]),
      peakRssMB: Math.round(rssMB),
      cores: os.cpus().length,
    }),
  );
}

/** CPU seconds of this process (all threads) and of its waited-for children (FFmpeg), Linux. */
function cpuSeconds(): number {
  const own = process.cpuUsage();
  let children = 0;
  try {
    // /proc/self/stat fields 16–17: cutime, cstime in clock ticks (100 per second on Linux).
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    children = (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    // not Linux: own threads only
  }
  return (own.user + own.system) / 1e6 + children;
}

main().catch((e) => {
  console.error(e.message ?? e);
  process.exit(1);
});
