/**
 * Separation benchmark: `npm run bench:separation [-- --corpus DIR] [--separator SPEC …] [--songs N] [--long-minutes M] [--stems DIR] [--only-real] [--excerpt FROM:TO]`
 *
 * For each separator (always the built-in one, plus any `--separator` spec, e.g. `learned`, `htdemucs`, a
 * real Spleeter or MDX-Net model) on each test song with known stems: vocal and accompaniment SDR (museval BSS Eval v4,
 * median of 1 s frames, src/separation/sdr.ts), the mixture's own vocal SDR, the improvement over it, the
 * oracle ideal-ratio-mask ceiling (same 4096-point STFT), and speed as × real time (wall clock and CPU
 * time of this process). Songs: the whole multitracks of ../shared/data/stems (`--stems DIR`; vocals = every lead
 * and backing vocal stem, accompaniment = the rest, mixture = their sum, as src/eval/multitrack.ts reads
 * them), ../shared/data/audio/francium-55-115s-* (real, stereo, true stems) and
 * synthetic songs from the project corpus (`--corpus DIR`, its test split) or, without one, a few made
 * here with src/corpus (Festival + fluidsynth). Then a long synthetic stream (default 60 minutes) through
 * the built-in separator's stream() with its peak RSS. The last line is one JSON object.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Audio } from '../src/audio/audio';
import { decodeAudio } from '../src/audio/decode';
import { synthCorpus } from '../src/corpus/synth-corpus';
import { findMultitracks, mixMultitrack, sumAudio } from '../src/eval/multitrack';
import { createBuiltinSeparator } from '../src/separation/builtin-separator';
import { createSeparator } from '../src/separation/create-separator';
import { bssEvalSdr } from '../src/separation/sdr';
import type { Separator } from '../src/separation/separator';
import { istft, stft } from '../src/separation/stft';

const SHARED_AUDIO = path.join(__dirname, '../../../shared/data/audio');
const FRANCIUM = path.join(__dirname, '../../shared/data/audio');

interface Song {
  id: string;
  kind: 'multitrack' | 'real' | 'synthetic';
  mixture: Audio;
  vocals: Audio;
  accompaniment: Audio;
}

/** Songs are decoded one at a time (a whole multitrack is ~100 MB per signal). */
interface SongSource {
  id: string;
  kind: Song['kind'];
  load(): Promise<Song>;
}

interface Row {
  song: string;
  kind: string;
  separator: string;
  vocalSdr: number;
  accompanimentSdr: number;
  mixtureVocalSdr: number;
  improvement: number;
  oracleVocalSdr: number;
  /** The same three on the mono downmix (how the reference numbers were measured). */
  mono: { vocalSdr: number; mixtureVocalSdr: number; oracleVocalSdr: number };
  undefinedFrames: number;
  realtimeWall: number;
  realtimeCpu: number;
}

const round = (x: number, d = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : x);

function sharedAudioDir(): string | undefined {
  for (const d of [FRANCIUM, SHARED_AUDIO, path.resolve('../shared/data/audio')])
    if (fs.existsSync(path.join(d, 'francium-55-115s-mixture.flac'))) return d;
  return undefined;
}

async function loadSong(id: string, kind: Song['kind'], files: [string, string, string]): Promise<Song> {
  const [mixture, vocals, accompaniment] = await Promise.all(files.map((f) => decodeAudio(f)));
  return { id, kind, mixture, vocals, accompaniment };
}

async function syntheticSongs(corpus: string | undefined, count: number, log: (s: string) => void): Promise<SongSource[]> {
  let dir = corpus;
  if (!dir) {
    dir = path.join(os.tmpdir(), 'musicface-separation-bench-corpus-seed7');
    try {
      log(`making ${count} synthetic test songs in ${dir} (Festival + fluidsynth, seed 7)…`);
      await synthCorpus({ out: dir, songs: count, seconds: 20, seed: 7, jobs: 1 });
    } catch (e) {
      log(`no synthetic songs: ${(e as Error).message.split('\n')[0]}`);
      return [];
    }
  }
  const manifestFile = path.join(dir, 'manifest.json');
  let ids: string[];
  if (fs.existsSync(manifestFile) && corpus) {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { songs: { id: string; split: string }[] };
    ids = manifest.songs.filter((s) => s.split === 'test').map((s) => s.id);
  } else
    ids = fs
      .readdirSync(path.join(dir, 'songs'))
      .filter((d) => !d.startsWith('.'))
      .sort();
  return ids.slice(0, count).map((id) => {
    const d = path.join(dir!, 'songs', id);
    return {
      id,
      kind: 'synthetic' as const,
      load: () => loadSong(id, 'synthetic', [path.join(d, 'mixture.wav'), path.join(d, 'vocals.wav'), path.join(d, 'accompaniment.wav')]),
    };
  });
}

/** The multitracks of a folder (src/eval/multitrack.ts): vocals = lead + backing, accompaniment = band. */
function multitrackSongs(dir: string, excerpt?: [number, number]): SongSource[] {
  const cut = (a: Audio): Audio =>
    excerpt
      ? {
          sampleRate: a.sampleRate,
          channels: a.channels.map((ch) => ch.slice(Math.round(excerpt[0] * a.sampleRate), Math.round(excerpt[1] * a.sampleRate))),
        }
      : a;
  return findMultitracks(dir).map((mt) => {
    const id = excerpt ? `${mt.name} ${excerpt[0]}–${excerpt[1]} s` : mt.name;
    return {
      id,
      kind: 'multitrack' as const,
      load: async () => {
        const m = await mixMultitrack(mt);
        const vocals = cut(sumAudio([m.lead, m.backing]));
        const band = cut(m.band);
        return { id, kind: 'multitrack' as const, vocals, accompaniment: band, mixture: sumAudio([vocals, band]) };
      },
    };
  });
}

/** The ceiling a time-frequency mask can reach: |V|²/(|V|²+|A|²) from the true stems, per channel. */
function oracleVocals(song: Song): Audio {
  const nFft = 4096;
  const hop = 1024;
  const n = song.mixture.channels[0].length;
  const pad = nFft;
  const frames = Math.floor((n + 2 * pad - nFft) / hop) + 1;
  const padded = (x: Float32Array) => {
    const y = new Float32Array(n + 2 * pad);
    y.set(x, pad);
    return y;
  };
  const channels = song.mixture.channels.map((mx, c) => {
    const o = { nFft, hop, frames };
    const X = stft(padded(mx), o);
    const V = stft(padded(song.vocals.channels[c]), o);
    const A = stft(padded(song.accompaniment.channels[c]), o);
    const re = new Float32Array(X.re.length);
    const im = new Float32Array(X.im.length);
    for (let i = 0; i < re.length; i++) {
      const pv = V.re[i] * V.re[i] + V.im[i] * V.im[i];
      const pa = A.re[i] * A.re[i] + A.im[i] * A.im[i];
      const m = pv + pa > 0 ? pv / (pv + pa) : 0;
      re[i] = X.re[i] * m;
      im[i] = X.im[i] * m;
    }
    return istft({ frames, bins: X.bins, re, im }, { ...o, length: n + 2 * pad }).slice(pad, pad + n);
  });
  return { sampleRate: song.mixture.sampleRate, channels };
}

const mono = (a: Audio): Audio => ({
  sampleRate: a.sampleRate,
  channels: [a.channels.reduce((m, ch) => m.map((v, i) => v + ch[i] / a.channels.length), new Float32Array(a.channels[0].length))],
});

/** Vocal SDR median of a (vocals, accompaniment) estimate, stereo and on the mono downmix. */
function vocalSdr(song: Song, v: Audio, a: Audio): { stereo: number; mono: number } {
  return {
    stereo: bssEvalSdr([song.vocals, song.accompaniment], [v, a]).median[0],
    mono: bssEvalSdr([mono(song.vocals), mono(song.accompaniment)], [mono(v), mono(a)]).median[0],
  };
}

const minus = (a: Audio, b: Audio): Audio => ({
  sampleRate: a.sampleRate,
  channels: a.channels.map((ch, c) => ch.map((v, i) => v - b.channels[c][i])),
});

async function measure(
  sep: Separator,
  song: Song,
  mixtureSdr: { stereo: number; mono: number },
  oracleSdr: { stereo: number; mono: number },
): Promise<Row> {
  const seconds = song.mixture.channels[0].length / song.mixture.sampleRate;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const stems = await sep.separate(song.mixture);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cu = process.cpuUsage(cpu0);
  const cpu = (cu.user + cu.system) / 1e6;
  const r = bssEvalSdr([song.vocals, song.accompaniment], [stems.vocals, stems.accompaniment]);
  const m = vocalSdr(song, stems.vocals, stems.accompaniment).mono;
  return {
    song: song.id,
    kind: song.kind,
    separator: sep.name,
    vocalSdr: round(r.median[0]),
    accompanimentSdr: round(r.median[1]),
    mixtureVocalSdr: round(mixtureSdr.stereo),
    improvement: round(r.median[0] - mixtureSdr.stereo),
    oracleVocalSdr: round(oracleSdr.stereo),
    mono: { vocalSdr: round(m), mixtureVocalSdr: round(mixtureSdr.mono), oracleVocalSdr: round(oracleSdr.mono) },
    undefinedFrames: Array.from(r.frames[0]).filter(Number.isNaN).length,
    realtimeWall: round(seconds / wall, 1),
    realtimeCpu: round(seconds / cpu, 1),
  };
}

/** Streams `minutes` of audio (the given song looped, so it sounds like music) through stream(); peak RSS in MB. */
async function longStream(
  sep: Separator,
  song: Song,
  minutes: number,
): Promise<{ minutes: number; peakRssMb: number; rssMbEvery5Min: number[]; realtimeWall: number }> {
  const rate = song.mixture.sampleRate;
  const k = song.mixture.channels.length;
  const stream = sep.stream(rate, k);
  const total = Math.round(minutes * 60 * rate);
  const chunk = 10 * rate;
  let peak = process.memoryUsage().rss;
  const every: number[] = [];
  let out = 0;
  const t0 = process.hrtime.bigint();
  const src = song.mixture.channels;
  const n = src[0].length;
  for (let at = 0; at < total; at += chunk) {
    const len = Math.min(chunk, total - at);
    const channels = src.map((ch) => {
      const x = new Float32Array(len);
      for (let i = 0; i < len; i++) x[i] = ch[(at + i) % n];
      return x;
    });
    const s = await stream.push({ sampleRate: rate, channels });
    out += s.vocals.channels[0].length;
    const rss = process.memoryUsage().rss;
    peak = Math.max(peak, rss);
    if (Math.floor((at + len) / (300 * rate)) > Math.floor(at / (300 * rate))) every.push(Math.round(rss / 2 ** 20));
  }
  out += (await stream.flush()).vocals.channels[0].length;
  peak = Math.max(peak, process.memoryUsage().rss);
  if (out !== total) throw new Error(`stream returned ${out} samples for ${total} pushed`);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  return { minutes, peakRssMb: Math.round(peak / 2 ** 20), rssMbEvery5Min: every, realtimeWall: round(total / rate / wall, 1) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' },
      separator: { type: 'string', multiple: true, default: [] },
      songs: { type: 'string', default: '4' },
      'long-minutes': { type: 'string', default: '60' },
      threads: { type: 'string' },
      stems: { type: 'string' },
      'only-real': { type: 'boolean', default: false },
      excerpt: { type: 'string' },
      'first-call-seconds': { type: 'string', default: '30' },
    },
  });
  const log = (s: string) => process.stderr.write(s + '\n');
  const songs: SongSource[] = [];
  const stemsDir =
    values.stems ??
    [path.join(__dirname, '../../../shared/data/stems'), path.resolve('../shared/data/stems')].find((d) => fs.existsSync(d));
  // --excerpt FROM:TO (seconds): the same stretch of every multitrack, for separators too slow for whole songs
  const excerpt = values.excerpt ? (values.excerpt.split(':').map(Number) as [number, number]) : undefined;
  if (excerpt && !(excerpt.length === 2 && excerpt[0] >= 0 && excerpt[1] > excerpt[0]))
    throw new Error(`--excerpt takes FROM:TO in seconds, got ${values.excerpt}`);
  if (stemsDir) songs.push(...multitrackSongs(stemsDir, excerpt));
  else log('../shared/data/stems not found: no multitracks');
  const shared = sharedAudioDir();
  if (shared) {
    const f = (s: string) => path.join(shared, `francium-55-115s-${s}.flac`);
    songs.push({
      id: 'francium-55-115s',
      kind: 'real',
      load: () => loadSong('francium-55-115s', 'real', [f('mixture'), f('vocals'), f('accompaniment')]),
    });
  } else log('../shared/data/audio not found: no real song');
  if (!values['only-real']) songs.push(...(await syntheticSongs(values.corpus, Number(values.songs), log)));
  if (songs.length === 0) throw new Error('no songs to measure');

  const threads = values.threads ? Number(values.threads) : undefined;
  const separators: Separator[] = [createBuiltinSeparator({ threads })];
  for (const spec of values.separator as string[]) separators.push(await createSeparator(spec, { threads }));

  // The first call of a process pays for starting worker threads and for V8 compiling the hot loops
  // (a 60 s song: ~95× on its first call, ~190× after). Measured here on 30 s of the first song, and
  // kept out of the rows, which report the throughput a batch or a long song sees.
  const firstCall: Record<string, number> = {};
  const first = await songs[0].load();
  for (const sep of separators) {
    const m = first.mixture;
    const fc = Number(values['first-call-seconds']);
    if (!(fc > 0)) continue;
    const excerpt = {
      sampleRate: m.sampleRate,
      channels: m.channels.map((ch) => ch.subarray(0, Math.min(ch.length, Math.round(fc * m.sampleRate)))),
    };
    const t0 = process.hrtime.bigint();
    await sep.separate(excerpt);
    firstCall[sep.name] = round(Number(process.hrtime.bigint() - t0) / 1e9, 3);
    log(`${sep.name}: first call (worker start + compilation), ${fc} s of ${first.id}: ${firstCall[sep.name]} s`);
  }

  const rows: Row[] = [];
  let longSong: Song | undefined;
  for (const source of songs) {
    const song = source === songs[0] ? first : await source.load();
    if (!longSong && song.kind !== 'multitrack') longSong = song;
    const mix = vocalSdr(song, song.mixture, song.mixture);
    const ov = oracleVocals(song);
    const oracle = vocalSdr(song, ov, minus(song.mixture, ov));
    for (const sep of separators) {
      const row = await measure(sep, song, mix, oracle);
      rows.push(row);
      log(
        `${row.song.padEnd(20)} ${row.separator.padEnd(32)} vocal SDR ${row.vocalSdr.toFixed(2).padStart(6)} dB (mixture ${row.mixtureVocalSdr.toFixed(2)}, ` +
          `improvement ${row.improvement.toFixed(2)}, oracle ${row.oracleVocalSdr.toFixed(2)})  accompaniment ${row.accompanimentSdr.toFixed(2)} dB  ` +
          `${row.realtimeWall}× real time (${row.realtimeCpu}× by CPU time); mono downmix: vocal ${row.mono.vocalSdr}, mixture ${row.mono.mixtureVocalSdr}, oracle ${row.mono.oracleVocalSdr}`,
      );
    }
  }
  const minutes = Number(values['long-minutes']);
  let long: Awaited<ReturnType<typeof longStream>> | undefined;
  if (minutes > 0) {
    long = await longStream(separators[0], longSong ?? first, minutes);
    log(
      `${separators[0].name}: ${minutes} min streamed, peak RSS ${long.peakRssMb} MB (every 5 min: ${long.rssMbEvery5Min.join(', ')}), ${long.realtimeWall}× real time`,
    );
  }
  const summary = (sep: string, kind: string) => {
    const r = rows.filter((x) => x.separator === sep && x.kind === kind);
    if (r.length === 0) return undefined;
    const mean = (f: (x: Row) => number) => round(r.reduce((t, x) => t + f(x), 0) / r.length);
    const med = (xs: number[]) => {
      const v = [...xs].sort((a, b) => a - b);
      return v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    };
    return {
      songs: r.length,
      vocalSdr: mean((x) => x.vocalSdr),
      medianVocalSdr: round(med(r.map((x) => x.vocalSdr))),
      minVocalSdr: Math.min(...r.map((x) => x.vocalSdr)),
      improvement: mean((x) => x.improvement),
      minImprovement: Math.min(...r.map((x) => x.improvement)),
      oracleVocalSdr: mean((x) => x.oracleVocalSdr),
      realtimeWall: round(r.reduce((t, x) => t + 1 / x.realtimeWall, 0) ** -1 * r.length, 1),
    };
  };
  const result = {
    bench: 'separation',
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadAverage: os.loadavg().map((x) => round(x, 1)) },
    firstCallSeconds: firstCall,
    rows,
    summary: Object.fromEntries(
      separators.map((s) => [
        s.name,
        { multitracks: summary(s.name, 'multitrack'), real: summary(s.name, 'real'), synthetic: summary(s.name, 'synthetic') },
      ]),
    ),
    longStream: long,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((e) => {
  process.stderr.write(`bench:separation: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
