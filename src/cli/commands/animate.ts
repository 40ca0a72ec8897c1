import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { animateSong, DEFAULT_MODEL } from '../../animate';
import { DEVICES, Device } from '../../runtime/onnx';
import { writeFileAtomic } from '../../runtime/atomic-write';
import { trackToCsv, trackToJson } from '../../track/index';
import type { FaceTrack } from '../../track/face-track';
import type { Command } from '../command';
import { terminalProgress } from '../progress-bar';

/** Output writers by file ending; checked before any work starts. */
const WRITERS: Record<string, (track: FaceTrack) => string | Uint8Array> = {
  '.json': trackToJson,
  '.csv': trackToCsv,
};

function writerFor(file: string) {
  const ext = path.extname(file).toLowerCase();
  const w = WRITERS[ext];
  if (!w) throw new Error(`${file}: unknown output format "${ext || '(none)'}" (known: ${Object.keys(WRITERS).join(', ')})`);
  return w;
}

const usage = `Usage: musicface animate SONG -o OUT [options]

Turns a song (wav, mp3, flac, ogg, opus, m4a, …) into facial animation: 52 ARKit blendshapes,
head pose and eye closure at 30 fps. The voice is separated from the band first.

Output (the ending picks the format):
  -o, --output FILE        song.json (the raw track) or song.csv (one row per frame)
      --formats LIST       write several formats beside OUT, e.g. --formats json,csv

Options:
      --style NAME         performer style of the model (default: its first; see the model card)
      --seed N             seeds the random blinks; same song + options + seed = same bytes (default 0)
      --separator SPEC     builtin (default) | spleeter:DIR | mdx:MODEL.onnx
      --stems V,A          use stems you already have: vocals file,accompaniment file
      --model NAME|PATH    generator in models/ (default ${DEFAULT_MODEL}) or a .json card path
      --device DEVICE      cpu (default) | cuda | webgpu — falls back to cpu with one line
  -q, --quiet              no progress bars
  -h, --help               this text

Examples:
  musicface animate song.mp3 -o out/song.json
  musicface animate song.mp3 -o out/song.json --formats json,csv --style energetic --seed 3
  musicface animate song.mp3 --stems vocals.wav,band.wav -o song.csv
`;

function outputs(output: string, formats: string | undefined): string[] {
  if (!formats) return [output];
  const base = output.replace(/\.[^./\\]+$/, '');
  return formats.split(',').map((f) => `${base}.${f.trim().replace(/^\./, '')}`);
}

const command: Command = {
  summary: 'song → face track (.json, .csv)',
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        formats: { type: 'string' },
        style: { type: 'string' },
        seed: { type: 'string' },
        separator: { type: 'string' },
        stems: { type: 'string' },
        model: { type: 'string' },
        device: { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
      },
    });
    if (positionals.length !== 1) throw new Error(`expected one SONG, got ${positionals.length}\n\n${usage}`);
    if (!values.output) throw new Error(`missing -o OUT (e.g. -o song.json)`);
    const song = positionals[0];
    const files = outputs(values.output, values.formats);
    const writers = files.map(writerFor);
    if (!fs.existsSync(song)) throw new Error(`${song}: no such file`);
    if (fs.statSync(song).isDirectory()) throw new Error(`${song}: is a folder, not a song file`);
    const seed = values.seed === undefined ? 0 : Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a non-negative integer, got ${values.seed}`);
    const device = (values.device ?? 'cpu') as Device;
    if (!DEVICES.includes(device)) throw new Error(`--device must be one of ${DEVICES.join(', ')}, got ${values.device}`);
    let stems: [string, string] | undefined;
    if (values.stems) {
      const parts = values.stems.split(',');
      if (parts.length !== 2) throw new Error(`--stems takes two files separated by a comma: vocals,accompaniment`);
      for (const p of parts) if (!fs.existsSync(p)) throw new Error(`${p}: no such file (from --stems)`);
      stems = [parts[0], parts[1]];
    }
    const track = await animateSong(song, {
      model: values.model,
      style: values.style,
      seed,
      device,
      separator: values.separator,
      stems,
      onProgress: values.quiet ? undefined : terminalProgress(),
    });
    files.forEach((file, i) => writeFileAtomic(file, writers[i](track)));
    for (const f of files) process.stderr.write(`wrote ${f} (${track.frameCount} frames, ${(track.frameCount / track.fps).toFixed(2)} s)\n`);
    return 0;
  },
};
export default command;
