import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { animateSong } from '../../animate';
import { type GlBackend, renderVideo } from '../../render';
import { loadNeuralRenderer, renderNeuralVideo } from '../../neural';
import { defaultRig, loadRig } from '../../retarget';
import { TrackError, trackFromCsv, trackFromJson } from '../../track';
import type { FaceTrack } from '../../track';
import { checkOutputs, InvalidOptionError, OutputPathError } from '../../runtime';
import type { Command } from '../command';
import { parseFraming } from '../render-options';
import { terminalProgress } from '../progress-bar';
import { ANIMATE_ARGS, animateOptionsFrom, positiveNumber } from '../animate-options';
import { AudioFileError } from '../../audio';

const usage = `Usage: musicface render SONG -o OUT.mp4 [options]

Renders a singing face for a song into an MP4 (H.264 + AAC, the song as its sound): the rig is drawn
headless in Chromium with Babylon.js, one frame per track frame. Needs Chromium or Chrome installed
(Debian/Ubuntu: apt-get install chromium; or set MUSICFACE_CHROMIUM).

Options:
  -o, --output FILE        the MP4 to write
      --track FILE         render this track (.json or .csv from \`musicface animate\`) instead of
                           animating the song
      --rig FILE           your rig (.glb or .vrm; default: the built-in head)
      --size PX            width and height (default 512)
      --framing WHAT       face (default: the head fills the frame), bust (head and shoulders) or
                           full (the whole avatar; a T-posed humanoid is shown with its arms down)
      --fps N              frames per second of the video (default 30, the track's rate)
      --antialias          smoother edges (about half the speed in software rendering)
      --gl BACKEND         auto (default) | llvmpipe | swiftshader
      --renderer FILE      draw a real person instead of the rig: a neural renderer (NAME.renderer.onnx
                           from training/renderer/export.py, its card beside it); the video has the
                           person's frame size and rate; ONNX Runtime tries CUDA, WebGPU, then CPU
  Animation (without --track; as for \`musicface animate\`):
      --style NAME  --seed N  --blinks human|paper|G  --separator SPEC  --model NAME|PATH  --device DEVICE  --strict
      --emotion NAME  --intensity X  --direction FILE  --lips G  --head G  --brows G  --mouth-only
  -q, --quiet              no progress bars
  -h, --help               this text

Examples:
  musicface render song.mp3 -o song.mp4
  musicface render song.mp3 --track song.json --rig avatar.vrm --size 720 -o song.mp4
`;

/** A track file written by `musicface animate` (or the library), by its ending. */
export function readTrackFile(file: string): FaceTrack {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new TrackError(`${file}: cannot read the track (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file });
  }
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') return trackFromJson(text, file);
  if (ext === '.csv') return trackFromCsv(text, file);
  throw new TrackError(`${file}: a track must be a .json or .csv file from musicface animate`, { file });
}

const command: Command = {
  summary: 'song → MP4 of the face singing it (with the song as sound)',
  usage,
  cancellable: true,
  async run(args, signal) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        track: { type: 'string' },
        rig: { type: 'string' },
        size: { type: 'string' },
        framing: { type: 'string' },
        fps: { type: 'string' },
        antialias: { type: 'boolean' },
        gl: { type: 'string' },
        renderer: { type: 'string' },
        ...ANIMATE_ARGS,
      },
    });
    if (positionals.length !== 1) throw new Error(`expected one SONG, got ${positionals.length}\n\n${usage}`);
    if (!values.output) throw new Error('missing -o OUT.mp4');
    if (path.extname(values.output).toLowerCase() !== '.mp4') throw new OutputPathError(values.output, 'the output must end in .mp4');
    const song = positionals[0];
    if (!fs.existsSync(song)) throw new AudioFileError(song, 'no such file');
    checkOutputs([values.output], [song, values.track, values.rig, values.renderer, values.model]);
    const size = positiveNumber(values, 'size', 512);
    const fps = positiveNumber(values, 'fps', 30);
    const gl = (values.gl ?? 'auto') as GlBackend;
    if (!['auto', 'llvmpipe', 'swiftshader'].includes(gl))
      throw new InvalidOptionError('--gl', values.gl, { message: `--gl must be auto, llvmpipe or swiftshader, got ${values.gl}` });
    const framing = parseFraming(values.framing);
    const animateOptions = animateOptionsFrom(values);
    const onProgress = values.quiet ? undefined : terminalProgress();
    // Load the rig and the track before the slow part, so bad input fails fast.
    const userRig = values.rig ? await loadRig(values.rig) : undefined;
    if (userRig && !values.quiet) for (const note of userRig.report.notes) process.stderr.write(`note: ${note}\n`);
    // A neural renderer is checked (card, graph, background) before the song is animated.
    const neural = values.renderer ? await loadNeuralRenderer(values.renderer, { rig: userRig }) : null;
    const track = values.track ? readTrackFile(values.track) : await animateSong(song, { ...animateOptions, onProgress, signal });
    if (neural) {
      try {
        const r = await renderNeuralVideo(track, song, values.output, neural, { onProgress, signal });
        process.stderr.write(
          `wrote ${r.file} (${r.frames} frames at ${r.fps} fps, ${r.width}×${r.height}; neural renderer on ${r.provider}, ` +
            `${r.seconds.toFixed(1)} s: conditioning ${r.conditioningSeconds.toFixed(1)} s, network ${r.networkSeconds.toFixed(1)} s)\n`,
        );
      } finally {
        await neural.dispose();
      }
      return 0;
    }
    const rig = userRig ?? (await defaultRig()); // only the rig renderer needs it
    const result = await renderVideo(track, song, values.output, {
      rig,
      size,
      fps,
      gl,
      framing,
      antialias: values.antialias,
      onProgress,
      signal,
    });
    for (const note of result.notes) process.stderr.write(`note: ${note}\n`);
    process.stderr.write(
      `wrote ${result.file} (${result.frames} frames at ${result.fps} fps, ${result.size}×${result.size}; ` +
        `rendered in ${result.seconds.toFixed(1)} s including the browser's start)\n`,
    );
    return 0;
  },
};
export default command;
