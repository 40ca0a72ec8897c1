import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { animateSong, DEFAULT_MODEL } from '../../animate';
import { writeFileAtomic, checkOutputs } from '../../runtime';
import { checkFormatForRig, exportTrack, extensionOf, type ExportFormat, FORMATS, formatFromPath } from '../../../exporters';
import { loadRig, type Rig } from '../../retarget';
import type { Command } from '../command';
import { terminalProgress } from '../progress-bar';
import { ANIMATE_ARGS, animateOptionsFrom } from '../animate-options';
import { AudioFileError } from '../../audio';

const usage = `Usage: musicface animate SONG -o OUT [options]
       musicface animate --stems VOCALS,BAND -o OUT [options]

Turns a song (wav, mp3, flac, ogg, opus, m4a, …) into facial animation: 52 ARKit blendshapes,
head pose and eye closure at 30 fps. The voice is separated from the band first.

Output (the ending picks the format):
  -o, --output FILE        ${FORMATS.map((f) => `song${f.ext}`).join(', ')}
      --formats LIST       write several formats beside OUT, e.g. --formats glb,vrma,livelink,json
      --rig FILE           animate your own rig (.glb/.vrm with ARKit, VRM, RPM, CC4, MediaPipe or
                           ICT-FaceKit shape names) instead of the default head (.glb, .vrm, .anim)
      --anim-editor-curves .anim: also write the curves Unity's Animation window edits (off: playback
                           does not need them and they double the file)
${FORMATS.map((f) => `                           ${f.ext.padEnd(14)} ${f.title}`).join('\n')}

Options:
      --style NAME         performer style of the model (default: its first; see the model card)
      --seed N             seeds the blinks and the gaze; same song + options + seed = same bytes (default 0)
      --blinks KIND|G      human (default: published human rates, irregular, at phrase ends) | paper
                           (the paper's 3.3.3 sampler: every 1.2–2.0 s) | a gain 0 … 2 on the blinks
      --emotion NAME       auto (default: read from the music) | neutral | joy | sadness | anger |
                           tenderness | surprise | fear
      --intensity X        0 (neutral face) … 1 (full, default)
      --direction FILE     emotions for time ranges, crossfaded (direction.json; see the README)
      --lips G, --head G, --brows G
                           channel strengths 0 … 2 (default 1); --blinks also takes a gain
      --mouth-only         everything but the mouth at rest (animate the rest by hand)
      --separator SPEC     learned | builtin | htdemucs | spleeter:DIR | mdx:MODEL.onnx (default: the
                           one the model's card names — the streams it learned — else learned)
      --stems V,A          use stems you already have: vocals file,accompaniment file (then SONG
                           may be left out, and --separator does not apply)
      --model NAME|PATH    generator in models/ (default ${DEFAULT_MODEL}) or a .json card path
      --device DEVICE      cpu (default) | cuda | webgpu — falls back to cpu with one line
      --strict             refuse a song that decodes only in part (default: a warning naming the
                           damaged time range)
  -q, --quiet              no progress bars
  -h, --help               this text

Examples:
  musicface animate song.mp3 -o out/song.json
  musicface animate song.mp3 -o out/song.glb --formats glb,vrma,livelink,json --style energetic --seed 3
  musicface animate song.mp3 -o avatar-song.glb --rig my-avatar.glb
  musicface animate song.mp3 -o sad.glb --emotion sadness --intensity 0.7 --head 0.5
  musicface animate --stems vocals.wav,band.wav -o take.livelink.csv
`;

/** Output files and their formats; every name is checked before any work starts. */
function outputs(output: string, formats: string | undefined): { file: string; format: ExportFormat }[] {
  if (!formats) return [{ file: output, format: formatFromPath(output) }];
  const base = output.slice(0, output.length - extensionOf(formatFromPath(output)).length);
  return formats.split(',').map((f) => {
    const format = f.trim().replace(/^\./, '') as ExportFormat;
    return { file: base + extensionOf(format), format };
  });
}

/** What a user needs to know about their rig: profile, what is driven, what is missing. */
function rigSummary(rig: Rig): string[] {
  const r = rig.report;
  const lines = [
    `rig ${rig.file}: ${r.profileTitle} names, ${r.driven} targets driven, head pose on ${r.head ?? 'nothing (no head node found)'}`,
  ];
  if (r.missing.length) lines.push(`  ARKit shapes with no target on the rig (${r.missing.length}): ${r.missing.join(', ')}`);
  if (r.unmapped.length)
    lines.push(
      `  rig targets nothing drives (${r.unmapped.length}): ${r.unmapped.slice(0, 12).join(', ')}${r.unmapped.length > 12 ? ', …' : ''}`,
    );
  for (const n of r.notes) lines.push(`  ${n}`);
  return lines;
}

const command: Command = {
  summary: 'song → facial animation (.glb, .vrma, .livelink.csv, .anim, .json, .csv)',
  usage,
  cancellable: true,
  async run(args, signal) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        formats: { type: 'string' },
        'anim-editor-curves': { type: 'boolean' },
        stems: { type: 'string' },
        rig: { type: 'string' },
        ...ANIMATE_ARGS,
      },
    });
    const withStems = values.stems !== undefined;
    if (positionals.length > 1 || (positionals.length === 0 && !withStems))
      throw new Error(`expected one SONG, got ${positionals.length}\n\n${usage}`);
    if (!values.output) throw new Error(`missing -o OUT (e.g. -o song.json)`);
    const files = outputs(values.output, values.formats);
    const options = animateOptionsFrom(values);
    let stems: [string, string] | undefined;
    if (withStems) {
      const parts = values.stems!.split(',');
      if (parts.length !== 2) throw new Error(`--stems takes two files separated by a comma: vocals,accompaniment`);
      for (const p of parts) if (!fs.existsSync(p)) throw new AudioFileError(p, 'no such file (from --stems)');
      if (values.separator !== undefined)
        throw new Error(`--separator has no effect with --stems (the stems are already separated); give one or the other`);
      stems = [parts[0], parts[1]];
    }
    // With --stems the song is not read: it only names the track's source (the vocals file when left out).
    const song = positionals[0] ?? stems![0];
    if (!stems) {
      if (!fs.existsSync(song)) throw new AudioFileError(song, 'no such file');
      if (fs.statSync(song).isDirectory()) throw new AudioFileError(song, 'is a folder, not a song file');
    }
    checkOutputs(
      files.map((f) => f.file),
      [song, ...(stems ?? []), values.rig, values.model],
    );
    let rig: Rig | undefined;
    if (values.rig) {
      rig = await loadRig(values.rig);
      for (const line of rigSummary(rig)) process.stderr.write(line + '\n');
    }
    for (const { file, format } of files) checkFormatForRig(file, format, rig);
    const track = await animateSong(song, {
      ...options,
      stems,
      onProgress: values.quiet ? undefined : terminalProgress(),
      signal,
    });
    for (const { file, format } of files) {
      const bytes = await exportTrack(track, format, { rig, editorCurves: values['anim-editor-curves'] });
      signal?.throwIfAborted(); // stopped while exporting: write nothing (the write itself cannot be cut)
      writeFileAtomic(file, bytes);
      if (!values.quiet)
        process.stderr.write(`wrote ${file} (${track.frameCount} frames, ${(track.frameCount / track.fps).toFixed(2)} s)\n`);
    }
    return 0;
  },
};
export default command;
