import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { loadRig } from '../../retarget';
import { fitPaths, saveFit, trackVideos } from '../../tracking';
import type { Command } from '../command';
import { checkOutputs, InvalidOptionError } from '../../runtime';
import { terminalProgress } from '../progress-bar';
import { VideoFileError } from '../../video';

const usage = `Usage: musicface track VIDEO... [options]

Tracks a person's face in one or more videos (takes of the same person): face-mesh landmarks per frame,
fitted to the rig as head pose, the 52 ARKit weights and eye closure. Writes, per video,
NAME.track.json (the FaceTrack, at the video's frame rate) and NAME.fit.json (camera, identity,
landmarks), beside the video or into --out. Needs Chromium (the rig is rendered once to learn where the
landmarks sit on it).

Options:
      --out DIR        write the files here instead of beside each video
      --rig FILE       fit this rig (.glb/.vrm; default: the built-in head)
      --fov DEG        the camera's vertical field of view when known (default: estimated)
      --front          the camera looks straight at the face at rest (rendered subjects)
      --no-identity    no per-person shape and resting face (for a subject rendered from the rig)
  -q, --quiet          no progress bars
  -h, --help           this text

Example:
  musicface track clips/*.mpg --out tracked/
`;

const command: Command = {
  summary: "person's video → face track (pose, ARKit weights, eyes) + camera",
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        rig: { type: 'string' },
        fov: { type: 'string' },
        front: { type: 'boolean' },
        'no-identity': { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
      },
    });
    if (!positionals.length) throw new Error(`expected at least one VIDEO\n\n${usage}`);
    for (const v of positionals) if (!fs.existsSync(v)) throw new VideoFileError(v, 'no such file');
    const fov = values.fov === undefined ? undefined : Number(values.fov);
    if (fov !== undefined && !(fov > 0 && fov < 170))
      throw new InvalidOptionError('--fov', values.fov, {
        message: `--fov must be a field of view in degrees between 0 and 170, got ${values.fov}`,
      });
    const pathsOf = (video: string) => {
      const base = fitPaths(video);
      return values.out
        ? { track: path.join(values.out, path.basename(base.track)), fit: path.join(values.out, path.basename(base.fit)) }
        : base;
    };
    checkOutputs(
      positionals.flatMap((v) => Object.values(pathsOf(v))),
      [...positionals, values.rig],
    );
    const rig = values.rig ? await loadRig(values.rig) : undefined;
    const started = Date.now();
    const fits = await trackVideos(positionals, {
      rig,
      fov,
      frontCamera: !!values.front,
      identity: !values['no-identity'],
      onProgress: values.quiet ? undefined : terminalProgress(),
    });
    let frames = 0;
    for (const fit of fits) {
      const paths = pathsOf(fit.video);
      await saveFit(fit, paths);
      frames += fit.track.frameCount;
      const missing = fit.found.length - fit.found.reduce((a, b) => a + b, 0);
      const rms = [...fit.rms].sort((a, b) => a - b)[fit.rms.length >> 1];
      process.stderr.write(
        `wrote ${paths.track} (${fit.track.frameCount} frames, ${missing} without a face, median landmark error ${rms.toFixed(2)} px)\n`,
      );
    }
    const seconds = (Date.now() - started) / 1000;
    process.stderr.write(
      `tracked ${frames} frames in ${seconds.toFixed(1)} s (${(frames / seconds).toFixed(1)} frames/s including the rig calibration)\n`,
    );
    return 0;
  },
};
export default command;
