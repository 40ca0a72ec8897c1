/**
 * Soak (issue 19): N animate runs (default 200) through the library in one process, on random short
 * inputs — good songs and the bad ones users send (missing, empty, text named .mp3, cut WAV, NaN
 * samples, garbage mid-mp3, bad options, PCM with NaN). Checks that memory stays flat (RSS after gc at
 * the start and at the end), that nothing is left behind (the process's TMPDIR, the input folder, the
 * cleanup registry, child processes) and that every failure is one of the library's typed errors.
 *
 *   npm run build && nice -n 10 node --expose-gc dist/bench/soak-animate.js [--runs 200] [--seed 1]
 *
 * Not a jest test: about 5–10 minutes on 2 cores. The last line printed is one JSON object; the exit
 * code is 1 when a check failed.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

// Before anything loads: a TMPDIR of our own, so leftovers are ours to count.
const SOAK_TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-soak-tmp-'));
process.env.TMPDIR = SOAK_TMP;

import { animateSong, type AnimateOptions } from '../src/animate';
import type { Audio } from '../src/audio/audio';
import { encodeWav } from '../src/audio/encode-wav';
import { ffmpegPath } from '../src/audio/ffmpeg-binary';
import { AudioFileError, InvalidAudioError, InvalidInputError, InvalidOptionError, ModelError } from '../src/errors';
import { pendingCleanups } from '../src/runtime/cleanup';
import { Rng } from '../src/runtime/random';
import { validateTrack } from '../src/track/validate';

const TYPED = [InvalidInputError, InvalidOptionError, ModelError, AudioFileError, InvalidAudioError];

function tone(rng: Rng, seconds: number, rate: number, channels: number): Audio {
  const n = Math.round(seconds * rate);
  const hz = rng.uniform(110, 880);
  return {
    sampleRate: rate,
    channels: Array.from({ length: channels }, (_, c) =>
      Float32Array.from({ length: n }, (_, i) => 0.3 * Math.sin((2 * Math.PI * hz * (c + 1) * i) / rate)),
    ),
  };
}

/** The input pool: files made once, and how each case is called. */
function makeCases(dir: string, rng: Rng) {
  const ff = (args: string[]) => execFileSync(ffmpegPath(), ['-nostdin', '-v', 'error', '-y', ...args]);
  const file = (name: string) => path.join(dir, name);
  fs.writeFileSync(file('mono16k.wav'), encodeWav(tone(rng, 1.5, 16000, 1)));
  fs.writeFileSync(file('stereo44k.wav'), encodeWav(tone(rng, 2.5, 44100, 2)));
  ff(['-f', 'lavfi', '-i', 'sine=frequency=330:duration=3', '-ac', '2', '-b:a', '128k', file('song.mp3')]);
  const mp3 = fs.readFileSync(file('song.mp3'));
  const damaged = Buffer.from(mp3);
  Buffer.from(Array.from({ length: 8000 }, (_, i) => (i * 7919 + 13) % 251)).copy(damaged, damaged.length >> 1);
  fs.writeFileSync(file('damaged.mp3'), damaged);
  const nan = tone(rng, 1, 44100, 2);
  nan.channels[0][4410] = NaN;
  fs.writeFileSync(file('nan.wav'), encodeWav(nan, { bitDepth: 32 }));
  fs.writeFileSync(file('empty.wav'), '');
  fs.writeFileSync(file('text.mp3'), 'hello, this is not audio\n');
  fs.writeFileSync(file('cut.wav'), fs.readFileSync(file('mono16k.wav')).subarray(0, 30));
  const pcmNan = tone(rng, 1, 22050, 1);
  pcmNan.channels[0][100] = Infinity;
  type Case = { name: string; input: () => unknown; options?: AnimateOptions; ok: boolean };
  const cases: Case[] = [
    { name: 'wav mono 16k', input: () => file('mono16k.wav'), ok: true },
    { name: 'wav stereo 44k', input: () => file('stereo44k.wav'), ok: true },
    { name: 'mp3', input: () => file('song.mp3'), ok: true },
    { name: 'PCM', input: () => tone(rng, rng.uniform(0.3, 2), 22050, 1), ok: true },
    { name: 'style + seed', input: () => file('mono16k.wav'), options: { style: 'energetic', seed: 7 }, ok: true },
    { name: 'damaged mp3 (warning)', input: () => file('damaged.mp3'), ok: true },
    { name: 'NaN float wav (repaired, warning)', input: () => file('nan.wav'), ok: true },
    { name: 'damaged mp3, strict', input: () => file('damaged.mp3'), options: { strict: true }, ok: false },
    { name: 'missing file', input: () => file('nope.mp3'), ok: false },
    { name: 'empty file', input: () => file('empty.wav'), ok: false },
    { name: 'text named .mp3', input: () => file('text.mp3'), ok: false },
    { name: 'WAV cut in its header', input: () => file('cut.wav'), ok: false },
    { name: 'PCM with Inf', input: () => pcmNan, ok: false },
    { name: 'null input', input: () => null, ok: false },
    { name: 'Buffer input', input: () => mp3, ok: false },
    { name: 'seed -1', input: () => file('mono16k.wav'), options: { seed: -1 }, ok: false },
    { name: 'device nonsense', input: () => file('mono16k.wav'), options: { device: 'nonsense' as never }, ok: false },
    { name: 'unknown style', input: () => file('mono16k.wav'), options: { style: 'opera' }, ok: false },
    { name: 'model is an mp3', input: () => file('mono16k.wav'), options: { model: file('song.mp3') }, ok: false },
  ];
  return cases;
}

/** Live child processes of this process (FFmpeg, browsers, probes that were not ended). */
function children(): number[] {
  const out: number[] = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid) out.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const mb = (b: number) => Math.round(b / 1048576);
function rssAfterGc(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}

async function main() {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, seed: { type: 'string' } } });
  const runs = Number(values.runs ?? 200);
  const rng = new Rng(Number(values.seed ?? 1));
  if (!(globalThis as { gc?: unknown }).gc) console.log('note: run with node --expose-gc for RSS after garbage collection');
  const inputs = fs.mkdtempSync(path.join(os.tmpdir().replace(SOAK_TMP, path.dirname(SOAK_TMP)), 'mf-soak-in-'));
  const cases = makeCases(inputs, rng);
  const inputFiles = fs.readdirSync(inputs).sort();
  const counts: Record<string, { ok: number; failed: number }> = {};
  const problems: string[] = [];
  const rss: { run: number; mb: number }[] = [];
  let warnings = 0;
  const t0 = Date.now();
  for (let run = 1; run <= runs; run++) {
    const c = rng.pick(cases);
    const tally = (counts[c.name] ??= { ok: 0, failed: 0 });
    try {
      const track = await animateSong(c.input() as string, { threads: 1, ...c.options, onWarning: () => warnings++ });
      tally.ok++;
      const issues = validateTrack(track);
      if (issues.length) problems.push(`run ${run} (${c.name}): invalid track: ${issues[0]}`);
      if (!c.ok) problems.push(`run ${run} (${c.name}): succeeded but should have failed`);
    } catch (e) {
      tally.failed++;
      if (!TYPED.some((T) => e instanceof T))
        problems.push(`run ${run} (${c.name}): untyped ${(e as Error)?.name}: ${(e as Error)?.message}`);
      else if (String((e as Error).message).includes('\n')) problems.push(`run ${run} (${c.name}): message of several lines`);
      if (c.ok) problems.push(`run ${run} (${c.name}): failed: ${(e as Error)?.message}`);
    }
    if (run === 10 || run % 20 === 0 || run === runs) {
      rss.push({ run, mb: mb(rssAfterGc()) });
      console.log(`run ${run}/${runs}: rss ${rss[rss.length - 1].mb} MB, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
  }
  // Leftovers: TMPDIR, the input folder, the cleanup registry, child processes.
  await new Promise((r) => setTimeout(r, 500)); // FFmpeg children reaped
  const tmpLeft = fs.readdirSync(SOAK_TMP);
  const inputsNow = fs.readdirSync(inputs).sort();
  const newInputs = inputsNow.filter((f) => !inputFiles.includes(f));
  const kids = children();
  if (tmpLeft.length) problems.push(`left in TMPDIR: ${tmpLeft.join(', ')}`);
  if (newInputs.length) problems.push(`left beside the inputs: ${newInputs.join(', ')}`);
  if (pendingCleanups()) problems.push(`${pendingCleanups()} cleanup steps still registered`);
  if (kids.length) problems.push(`${kids.length} child processes still running`);
  const first = rss.find((r) => r.run === 10)!;
  const last = rss[rss.length - 1];
  const growth = last.mb - first.mb;
  // Flat: allocator noise and ORT's arenas settle within a few tens of MB; a leak of 1 MB a run would show 190.
  if (growth > 60) problems.push(`RSS grew ${growth} MB from run 10 to run ${last.run}`);
  fs.rmSync(inputs, { recursive: true, force: true });
  fs.rmSync(SOAK_TMP, { recursive: true, force: true });
  for (const p of problems.slice(0, 20)) console.log(`problem: ${p}`);
  const result = {
    runs,
    seconds: Math.round((Date.now() - t0) / 1000),
    rssFirstMb: first.mb,
    rssLastMb: last.mb,
    rssMaxMb: Math.max(...rss.map((r) => r.mb)),
    rss,
    warnings,
    cases: counts,
    leftovers: { tmpdir: tmpLeft, inputs: newInputs, cleanups: pendingCleanups(), children: kids.length },
    problems: problems.length,
  };
  console.log(JSON.stringify(result));
  process.exitCode = problems.length ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
