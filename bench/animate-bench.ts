/**
 * `npm run bench`: seconds per stage and the real-time factor of `animate` on a 4-minute song, and
 * peak RSS. Options: --minutes N (default 4), --model NAME|PATH, --separator SPEC.
 * The song is the CC0 Francium excerpt (../shared/data) looped to length and encoded to mp3 once.
 * The last line printed is one JSON object.
 */
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
  const t0 = process.hrtime.bigint();
  const track = await animateSong(song, { model, allowFixture, separator: values.separator, timings });
  const total = Number(process.hrtime.bigint() - t0) / 1e9;
  const seconds = minutes * 60;
  const rssMB = process.resourceUsage().maxRSS / 1024;
  for (const [k, v] of Object.entries(timings)) console.log(`${k.padEnd(14)} ${v.toFixed(3)} s`);
  console.log(`${'total'.padEnd(14)} ${total.toFixed(3)} s for ${seconds} s of song (${track.frameCount} frames)`);
  console.log(`real-time factor ${(seconds / total).toFixed(1)}×, peak RSS ${rssMB.toFixed(0)} MB, ${os.cpus().length} cores`);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  console.log(
    JSON.stringify({
      songSeconds: seconds,
      model: track.meta.model,
      stages: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, round(v)])),
      totalSeconds: round(total),
      realtimeFactor: round(seconds / total),
      peakRssMB: Math.round(rssMB),
      cores: os.cpus().length,
    }),
  );
}

main().catch((e) => {
  console.error(e.message ?? e);
  process.exit(1);
});
