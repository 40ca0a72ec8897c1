import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultRig, loadRig, type Rig } from '../retarget';
import { writeFileAtomic, type ProgressCallback, noProgress, type Defaults, DatasetError, withDefaults } from '../runtime';
import { type FaceTrack, trackFromJson } from '../track';
import { type PersonFitFile, fitPaths, readFitFile } from '../tracking';
import { rigMesh } from '../raster';
import { probeVideo, videoFrames } from '../video';
import { bakeForConditioning, conditioningContext, conditioningFrame, faceCrop } from './conditioning';
import { cropImage } from './crop-image';
import { writePng } from './image-file';
import { npyBytes } from './npy';
import { type NeuralPerson, combineCameras } from './person';

export interface NeuralDataOptions {
  /** Network resolution (square), pixels. */
  size?: number;
  /** Conditioning frames per prediction. */
  stack?: number;
  /** Clips held out for evaluation: every n-th clip (by sorted name) goes to the test set. */
  holdoutEvery?: number;
  /** Crop margin around the face box (share of its larger side). */
  margin?: number;
  /** Where the tracks and fits are (default: beside each video). */
  fits?: string;
  /** The rig the videos were tracked with (default: the default head). */
  rig?: Rig;
  onProgress?: ProgressCallback;
}

export const NEURAL_DATA_DEFAULTS: Defaults<Pick<NeuralDataOptions, 'size' | 'stack' | 'holdoutEvery' | 'margin'>> = Object.freeze({
  size: 128,
  stack: 10,
  holdoutEvery: 6,
  margin: 0.4,
});

/** What `buildNeuralData` wrote: the person file and the clip lists. */
export interface NeuralDataset {
  person: NeuralPerson;
  train: string[];
  test: string[];
}

function fitFor(video: string, fitsDir?: string): { track: FaceTrack; fit: PersonFitFile } {
  const p = fitPaths(video);
  const paths = fitsDir ? { track: path.join(fitsDir, path.basename(p.track)), fit: path.join(fitsDir, path.basename(p.fit)) } : p;
  if (!fs.existsSync(paths.track) || !fs.existsSync(paths.fit)) {
    throw new DatasetError(`${video}: no track beside it (${paths.track}); run \`musicface track\` on the videos first`, { file: video });
  }
  return { track: trackFromJson(fs.readFileSync(paths.track, 'utf8'), paths.track), fit: readFitFile(paths.fit) };
}

/**
 * Turns tracked videos of one person into training pairs for the neural renderer: per clip
 * `<name>.cond.npy` (T × S × S × 3 conditioning images, drawn from the clip's track and camera) and
 * `<name>.real.npy` (the same frames of the video, cropped and resampled), plus `person.json` (the
 * combined camera, the crop, the background picture) and `split.json` (train/test clips).
 * Example: `await buildNeuralData(clips, 'data/grid-s1', { fits: 'tracked/' })`
 */
export async function buildNeuralData(videos: string[], outDir: string, options: NeuralDataOptions = {}): Promise<NeuralDataset> {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as NeuralDataOptions;
  const o = withDefaults(NEURAL_DATA_DEFAULTS, given);
  const onProgress = o.onProgress ?? noProgress;
  if (!videos.length) throw new Error('no videos given');
  const sorted = videos.slice().sort((a, b) => path.basename(a).localeCompare(path.basename(b)));
  const loaded = sorted.map((v) => ({ video: v, ...fitFor(v, o.fits) }));
  const rig =
    o.rig ??
    (loaded[0].fit.rig && loaded[0].fit.rig !== 'default head' && fs.existsSync(loaded[0].fit.rig)
      ? await loadRig(loaded[0].fit.rig)
      : await defaultRig());
  const mesh = rigMesh(rig);
  const camera = combineCameras(loaded.map((l) => l.fit.camera));
  const crop = faceCrop(mesh, camera, o.margin);
  const S = o.size;
  fs.mkdirSync(outDir, { recursive: true });
  const names = loaded.map((l) => path.basename(l.video).replace(/\.[^.]+$/, ''));
  const test = names.filter((_, i) => i % o.holdoutEvery === o.holdoutEvery - 1);
  const train = names.filter((n) => !test.includes(n));
  // The background: the per-pixel median of the first frame of up to 25 training clips.
  const firsts: Uint8Array[] = [];
  let width = 0,
    height = 0;
  for (let i = 0; i < loaded.length; i++) {
    const l = loaded[i];
    const info = await probeVideo(l.video);
    width = info.width;
    height = info.height;
    const ctx = conditioningContext(rig, l.fit.camera, crop, S, mesh);
    const clip = bakeForConditioning(ctx, l.track);
    const T = l.track.frameCount;
    const cond = new Uint8Array(T * S * S * 3);
    const real = new Uint8Array(T * S * S * 3);
    let n = 0;
    for await (const f of videoFrames(l.video, info)) {
      if (n >= T) break;
      if (n === 0 && firsts.length < 25 && train.includes(names[i])) firsts.push(f.rgb.slice());
      conditioningFrame(ctx, l.track, clip, n, cond.subarray(n * S * S * 3, (n + 1) * S * S * 3));
      cropImage(f.rgb, info.width, info.height, crop, S, real.subarray(n * S * S * 3, (n + 1) * S * S * 3));
      n++;
    }
    if (n < T) throw new DatasetError(`${l.video}: the video has ${n} frames but its track has ${T}`, { file: l.video });
    writeFileAtomic(path.join(outDir, `${names[i]}.cond.npy`), npyBytes(cond, [T, S, S, 3]));
    writeFileAtomic(path.join(outDir, `${names[i]}.real.npy`), npyBytes(real, [T, S, S, 3]));
    onProgress({ stage: 'neural-data', done: i + 1, total: loaded.length, item: l.video });
  }
  const background = new Uint8Array(width * height * 3);
  const column = new Uint8Array(firsts.length);
  for (let p = 0; p < background.length; p++) {
    for (let k = 0; k < firsts.length; k++) column[k] = firsts[k][p];
    column.sort();
    background[p] = column[column.length >> 1];
  }
  await writePng(path.join(outDir, 'background.png'), background, width, height);
  const person: NeuralPerson = {
    camera,
    crop,
    size: S,
    stack: o.stack,
    fps: loaded[0].track.fps,
    rig: rig.file === 'default head' ? 'default head' : path.basename(rig.file),
    background: 'background.png',
  };
  writeFileAtomic(path.join(outDir, 'person.json'), JSON.stringify(person, null, 1));
  writeFileAtomic(path.join(outDir, 'split.json'), JSON.stringify({ train, test }, null, 1));
  return { person, train, test };
}
