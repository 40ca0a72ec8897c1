/**
 * The lead-voice detector's data (src/generator/lead-voice.ts), made by the same code as inference, and the
 * shipped detector's scores.
 *   npm run build && nice -n 10 node dist/bench/lead-voice-data.js --out work/lead-voice \
 *     [--stems ../shared/data/stems] [--held-out 7.Francium] [--corpus CORPUS --corpus-songs 60] [--cache DIR]
 *     [--separator SPEC]
 * then `python3 training/lead_voice/train_lead_voice.py --data work/lead-voice` trains and writes
 * models/lead-voice.json. Per song it writes NAME.x.f32 (frames × features) and NAME.json: where the lead
 * sings (the `VOX LEAD` stem of a CC0 multitrack, or a corpus song's lead.wav; src/eval/vocal-activity.ts),
 * where backing vocals sing, the shipped generator's ungated jawOpen (multitracks), and its role: `train`
 * (multitracks not held out, corpus train split), `held-out`, `excerpt` (the Francium excerpt; its "lead"
 * = not vocal-silent, the `eval` column's frames) or `check` (20 corpus test songs, never trained on).
 * With models/lead-voice.json present it also prints the shipped detector's scores on every song.
 */
import * as fs from 'node:fs';
import * as v8 from 'node:v8';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { decodeAudio } from '../src/audio';
import { FEATURE_PARAMS, videoFrameCount } from '../src/features';
import { generateTrack, loadGenerator, type LoadedGenerator } from '../src/generator';
import {
  LEAD_VOICE_FILE,
  type LeadVoiceModel,
  gateLips,
  leadVoiceFeatures,
  leadVoiceModel,
  leadVoiceProbability,
} from '../src/generator/lead-voice';
import { modelsDir } from '../src/generator/model-card';
import { activeFrames } from '../src/eval/vocal-activity';
import { vocalSilentFrames } from '../src/eval/silent-mouth';
import { findMultitracks, mixMultitrack, sumAudio } from '../src/eval/multitrack';
import { OPEN_ABOVE, share } from '../src/eval/real-songs';
import { DEFAULT_SEPARATOR } from '../src/separation';
import { songFeatures } from '../src/song-features';
import { type FaceTrack, weightCurve } from '../src/track';

const REPO = path.resolve(__dirname, '..', '..');
const FPS = 30;
/** The separator whose streams the detector reads (--separator; the default is the shipped default). */
let separator = DEFAULT_SEPARATOR;

interface Song {
  name: string;
  real: boolean;
  x: Float32Array;
  lead: boolean[];
  backing: boolean[];
  /** The generator's ungated track (real songs only), for the threshold and the report. */
  track?: FaceTrack;
}

async function realSong(gen: LoadedGenerator, dir: string, name: string): Promise<Song> {
  const mt = findMultitracks(dir).find((m) => m.name === name)!;
  const stems = await mixMultitrack(mt);
  const streams = await songFeatures(sumAudio([stems.lead, stems.backing, stems.band]), false, { separator });
  const n = videoFrameCount(streams.duration);
  const { track } = await generateTrack(gen, streams, n, { seed: 0, leadVoiceGate: false });
  return {
    name,
    real: true,
    x: leadVoiceFeatures(streams, n, FPS)!,
    lead: activeFrames(stems.lead, n, FPS),
    backing: activeFrames(stems.backing, n, FPS),
    track,
  };
}

/** Songs' features are slow to make (decode, separate, generate): kept in --cache between fits. */
async function cached(dir: string | undefined, key: string, make: () => Promise<Song>): Promise<Song> {
  const name = separator === DEFAULT_SEPARATOR ? key : `${separator}-${key}`; // another separator, other features
  const file = dir && path.join(dir, `${name.replace(/[^\w.-]/g, '_')}.v8`);
  if (file && fs.existsSync(file)) return v8.deserialize(fs.readFileSync(file)) as Song;
  const song = await make();
  if (file) {
    fs.mkdirSync(dir!, { recursive: true });
    fs.writeFileSync(file, v8.serialize(song));
  }
  return song;
}

/** The Francium excerpt with its true vocal stem: vocal-silent frames are the `eval` column's. */
async function excerptSong(gen: LoadedGenerator, mix: string, vox: string): Promise<Song> {
  const streams = await songFeatures(mix, false, { separator });
  const n = videoFrameCount(streams.duration);
  const { track } = await generateTrack(gen, streams, n, { seed: 0, leadVoiceGate: false });
  const silent = vocalSilentFrames(await decodeAudio(vox), n, FPS);
  return {
    name: 'excerpt',
    real: true,
    x: leadVoiceFeatures(streams, n, FPS)!,
    lead: silent.map((q) => !q),
    backing: silent.map(() => false),
    track,
  };
}

async function corpusSong(songDir: string): Promise<Song> {
  const streams = await songFeatures(path.join(songDir, 'mixture.wav'), false, { separator });
  const n = videoFrameCount(streams.duration);
  const lead = activeFrames(await decodeAudio(path.join(songDir, 'lead.wav'), { sampleRate: 44100, channels: 2 }), n, FPS);
  return { name: path.basename(songDir), real: false, x: leadVoiceFeatures(streams, n, FPS)!, lead, backing: lead.map(() => false) };
}

function auc(p: Float32Array, y: boolean[]): number {
  const idx = Array.from(p.keys()).sort((a, b) => p[a] - p[b]);
  let rank = 0;
  let pos = 0;
  idx.forEach((j, r) => {
    if (y[j]) {
      rank += r + 1;
      pos++;
    }
  });
  const neg = y.length - pos;
  return pos && neg ? (rank - (pos * (pos + 1)) / 2) / (pos * neg) : NaN;
}

/** Open while the lead sings, where no voice sings, where only backing vocals sing: ungated and gated. */
function scoreSong(s: Song, model: LeadVoiceModel) {
  const before = weightCurve(s.track!, 'jawOpen');
  const gated = structuredClone(s.track!);
  const p = leadVoiceProbability(model, s.x, s.lead.length);
  gateLips(gated, p, model.threshold);
  const after = weightCurve(gated, 'jawOpen');
  const noVoice = s.lead.map((l, t) => !l && !s.backing[t]);
  const backingOnly = s.lead.map((l, t) => !l && s.backing[t]);
  const row = (jaw: Float32Array) => {
    const open = Array.from(jaw, (v) => v > OPEN_ABOVE);
    const pct = (where: boolean[]) => 100 * share(open, where);
    return { lead: pct(s.lead), noVoice: pct(noVoice), backingOnly: pct(backingOnly) };
  };
  return { song: s.name, auc: auc(p, s.lead), before: row(before), after: row(after) };
}

async function main() {
  const { values } = parseArgs({
    options: {
      stems: { type: 'string', default: path.join(REPO, '..', 'shared', 'data', 'stems') },
      'held-out': { type: 'string', default: '7.Francium' },
      corpus: { type: 'string' },
      'corpus-songs': { type: 'string', default: '60' },
      cache: { type: 'string' },
      out: { type: 'string', default: 'work/lead-voice' },
      separator: { type: 'string', default: DEFAULT_SEPARATOR },
    },
  });
  separator = values.separator!;
  const heldOut = new Set(values['held-out']!.split(',').filter(Boolean));
  const gen = await loadGenerator('musicface-full', FEATURE_PARAMS, {});
  const names = findMultitracks(values.stems!).map((m) => m.name);
  const real: Song[] = [];
  for (const name of names) {
    real.push(await cached(values.cache, `real-${name}`, () => realSong(gen, values.stems!, name)));
    console.error(`real ${name}`);
  }
  const synthetic: Song[] = [];
  /** Synthetic test songs (never fitted on): how much of their singing would the gate shut? */
  const checks: Song[] = [];
  if (values.corpus) {
    const manifest = JSON.parse(fs.readFileSync(path.join(values.corpus, 'manifest.json'), 'utf8')) as {
      songs: { id: string; split: string }[];
    };
    const ids = manifest.songs.filter((s) => s.split === 'train').slice(0, Number(values['corpus-songs']));
    for (const s of ids)
      synthetic.push(
        await cached(values.cache, `corpus-${path.basename(values.corpus)}-${s.id}`, () =>
          corpusSong(path.join(values.corpus!, 'songs', s.id)),
        ),
      );
    console.error(`corpus ${synthetic.length} songs`);
    for (const s of manifest.songs.filter((q) => q.split === 'test').slice(0, 20))
      checks.push(
        await cached(values.cache, `corpus-${path.basename(values.corpus)}-${s.id}`, () =>
          corpusSong(path.join(values.corpus!, 'songs', s.id)),
        ),
      );
  }
  fs.mkdirSync(values.out!, { recursive: true });
  const write = (s: Song, role: string) => {
    fs.writeFileSync(path.join(values.out!, `${s.name}.x.f32`), Buffer.from(s.x.buffer, s.x.byteOffset, s.x.byteLength));
    const jaw = s.track ? Array.from(weightCurve(s.track, 'jawOpen'), (v) => Math.round(v * 1e5) / 1e5) : [];
    fs.writeFileSync(
      path.join(values.out!, `${s.name}.json`),
      JSON.stringify({ role, real: s.real, lead: s.lead.map(Number), backing: s.backing.map(Number), jaw }),
    );
  };
  for (const s of real) write(s, heldOut.has(s.name) ? 'held-out' : 'train');
  for (const s of synthetic) write(s, 'train');
  for (const s of checks) write(s, 'check');
  const mix = path.join(REPO, '..', 'shared', 'data', 'audio', 'francium-55-115s-mixture.flac');
  const ex =
    heldOut.has('7.Francium') && fs.existsSync(mix)
      ? await cached(values.cache, 'excerpt', () => excerptSong(gen, mix, mix.replace('mixture', 'vocals')))
      : undefined;
  if (ex) write(ex, 'excerpt');
  console.log(`wrote ${real.length + synthetic.length + checks.length + (ex ? 1 : 0)} songs to ${values.out}`);
  if (!fs.existsSync(path.join(modelsDir(), LEAD_VOICE_FILE))) return;
  const model = leadVoiceModel();
  const round = (x: number) => Math.round(x * 10) / 10;
  for (const s of real) {
    const r = scoreSong(s, model);
    console.log(
      `${s.name}${heldOut.has(s.name) ? ' (held out)' : ''}: open while the lead sings ${round(r.before.lead)} → ${round(r.after.lead)} %, ` +
        `no voice ${round(r.before.noVoice)} → ${round(r.after.noVoice)} %, backing only ${round(r.before.backingOnly)} → ${round(r.after.backingOnly)} %`,
    );
  }
  if (ex) {
    const r = scoreSong(ex, model);
    console.log(`Francium excerpt, vocal-silent frames closed: ${round(100 - r.before.noVoice)} → ${round(100 - r.after.noVoice)} %`);
  }
  if (checks.length) {
    let sung = 0;
    let shut = 0;
    for (const c of checks) {
      const p = leadVoiceProbability(model, c.x, c.lead.length);
      c.lead.forEach((l, t) => {
        if (!l) return;
        sung++;
        if (p[t] < 0.75 * model.threshold) shut++; // gate below one half
      });
    }
    console.log(
      `synthetic test songs (${checks.length}, ${sung} lead-sung frames): lips gated below half in ${round((100 * shut) / sung)} %`,
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
