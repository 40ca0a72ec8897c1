import { type ChildProcess, fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic, type ProgressCallback, type Defaults, CorpusError, InvalidOptionError } from '../runtime';
import { DEFAULT_HELD_OUT_STYLE, type Manifest, buildManifest } from './manifest';
import { withDefaults } from '../runtime';
import { type SongEntry, type StageTimes, synthSong } from './synth-song';
import type { StyleName } from './teacher/styles';

export interface CorpusOptions {
  out: string;
  songs: number;
  seconds: number;
  seed: number;
  /** Worker processes (default: the number of CPUs). 1 runs in this process. */
  jobs?: number;
  heldOutStyle?: StyleName;
  onProgress?: ProgressCallback;
  festival?: string;
  fluidsynth?: string;
  soundfontDir?: string;
  /** Node options for the worker processes (e.g. a TypeScript loader when running from source). */
  workerExecArgv?: string[];
}

export const CORPUS_DEFAULTS: Defaults<Pick<CorpusOptions, 'jobs' | 'heldOutStyle' | 'onProgress'>> = Object.freeze({
  jobs: os.availableParallelism(),
  heldOutStyle: DEFAULT_HELD_OUT_STYLE,
  onProgress: (() => {}) as ProgressCallback,
});

export interface CorpusResult {
  manifest: Manifest;
  made: number;
  skipped: number;
  /** Summed per-stage seconds of the songs made in this run (CPU-ish time, across workers). */
  stageSeconds: StageTimes;
  wallSeconds: number;
}

/** What a worker is asked and answers (see corpus-worker.ts). */
export interface WorkerJob {
  index: number;
  song: { out: string; seed: number; seconds: number; festival?: string; fluidsynth?: string; soundfontDir?: string };
}
export type WorkerReply = { index: number; entry: SongEntry; skipped: boolean; times?: StageTimes } | { index: number; error: string };

/**
 * Makes a corpus of `songs` songs of `seconds` each into `out` (see synth-song.ts for one song's files)
 * and writes `out/manifest.json` with the splits. Songs are made by `jobs` worker processes; songs
 * already complete in `out` are skipped, so an interrupted run resumes where it stopped. The result is
 * the same bytes for the same seed whatever `jobs` is.
 * Example: `await synthCorpus({ out: 'corpus', songs: 600, seconds: 30, seed: 1, jobs: 2 })`
 */
export async function synthCorpus(options: CorpusOptions): Promise<CorpusResult> {
  const o = withDefaults(CORPUS_DEFAULTS, options);
  if (!Number.isInteger(o.songs) || o.songs < 1)
    throw new InvalidOptionError('songs', o.songs, { message: `--songs must be a positive integer, got ${o.songs}` });
  if (!(o.seconds >= 4 && o.seconds <= 600))
    throw new InvalidOptionError('seconds', o.seconds, { message: `--seconds must be between 4 and 600, got ${o.seconds}` });
  if (!Number.isInteger(o.seed) || o.seed < 0)
    throw new InvalidOptionError('seed', o.seed, { message: `--seed must be a non-negative integer, got ${o.seed}` });
  const manifestPath = path.join(o.out, 'manifest.json');
  if (fs.existsSync(manifestPath)) {
    const old = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest;
    if (old.seed !== o.seed || old.seconds !== o.seconds) {
      throw new CorpusError(
        `${manifestPath} was made with --seed ${old.seed} --seconds ${old.seconds}; use another --out or the same settings`,
        { file: manifestPath },
      );
    }
  }
  fs.mkdirSync(o.out, { recursive: true });
  const started = Date.now();
  const song = {
    out: o.out,
    seed: o.seed,
    seconds: o.seconds,
    festival: o.festival,
    fluidsynth: o.fluidsynth,
    soundfontDir: o.soundfontDir,
  };
  const entries: SongEntry[] = new Array(o.songs);
  const stageSeconds: StageTimes = { compose: 0, sing: 0, band: 0, mix: 0, teacher: 0, write: 0 };
  let made = 0;
  let skipped = 0;
  let done = 0;
  const onReply = (r: WorkerReply) => {
    if ('error' in r) throw new Error(r.error);
    entries[r.index] = r.entry;
    if (r.skipped) skipped++;
    else made++;
    if (r.times) for (const k of Object.keys(stageSeconds) as (keyof StageTimes)[]) stageSeconds[k] += r.times[k];
    done++;
    o.onProgress({ stage: 'corpus synth', done, total: o.songs, item: r.entry.id });
  };
  o.onProgress({ stage: 'corpus synth', done: 0, total: o.songs });
  const jobs = Math.max(1, Math.min(Math.floor(o.jobs), o.songs));
  if (jobs === 1) {
    for (let index = 0; index < o.songs; index++) onReply(runJob({ index, song }));
  } else {
    await runWorkers(jobs, o.songs, song, o.workerExecArgv ?? process.execArgv, onReply);
  }
  const manifest = buildManifest(entries, o.seed, o.seconds, o.heldOutStyle);
  writeFileAtomic(manifestPath, JSON.stringify(manifest, null, 1) + '\n');
  return { manifest, made, skipped, stageSeconds, wallSeconds: (Date.now() - started) / 1000 };
}

/** One song, as a worker runs it; errors become a reply naming the song. */
export function runJob(job: WorkerJob): WorkerReply {
  try {
    const r = synthSong({ ...job.song, index: job.index });
    if (r.skipped && (r.entry.seed !== job.song.seed || r.entry.seconds !== job.song.seconds)) {
      return {
        index: job.index,
        error: `song ${r.entry.id} in ${job.song.out} was made with --seed ${r.entry.seed} --seconds ${r.entry.seconds}; use another --out or the same settings`,
      };
    }
    return { index: job.index, entry: r.entry, skipped: r.skipped, times: r.times };
  } catch (e) {
    return { index: job.index, error: `song ${job.index} failed: ${(e as Error).message}` };
  }
}

function runWorkers(
  jobs: number,
  songs: number,
  song: WorkerJob['song'],
  execArgv: string[],
  onReply: (r: WorkerReply) => void,
): Promise<void> {
  const script = path.join(__dirname, `corpus-worker${path.extname(__filename)}`);
  return new Promise((resolve, reject) => {
    let next = 0;
    let finished = 0;
    let failed = false;
    const workers: ChildProcess[] = [];
    const stopAll = () => {
      for (const w of workers) if (w.connected) w.disconnect();
    };
    const give = (w: ChildProcess) => {
      if (next < songs && !failed) w.send({ index: next++, song } satisfies WorkerJob);
      else if (w.connected) w.disconnect(); // no more work: the worker exits when its channel closes
    };
    for (let k = 0; k < jobs; k++) {
      const w = fork(script, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      workers.push(w);
      w.on('message', (r: WorkerReply) => {
        if (failed) return;
        try {
          onReply(r);
        } catch (e) {
          failed = true;
          stopAll();
          reject(e);
          return;
        }
        finished++;
        if (finished === songs) {
          stopAll();
          resolve();
        } else give(w);
      });
      w.on('exit', (code, signal) => {
        if (!failed && finished < songs && (code !== 0 || signal)) {
          failed = true;
          stopAll();
          reject(
            new Error(
              `a corpus worker stopped (${signal ?? `exit ${code}`}) before the corpus was finished; run the same command again to resume`,
            ),
          );
        }
      });
      give(w);
    }
  });
}
