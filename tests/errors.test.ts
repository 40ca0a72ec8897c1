/**
 * Issue 22: failures are typed by kind so a caller can branch on them. Each case feeds a real bad input
 * (a damaged rig, a broken track, a missing model, …) through the public function a user calls and
 * checks the class, that it is a MusicFaceError naming the file, and that the sentence is unchanged.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  AudioFileError,
  BatchError,
  CorpusError,
  DatasetError,
  InvalidInputError,
  InvalidOptionError,
  ModelError,
  MusicFaceError,
  OutputPathError,
  RigError,
  SeparatorError,
  ToolError,
  TrackError,
  VideoFileError,
  animateSong,
  batchItems,
  createSeparator,
  liveLinkCsvToTrack,
  loadRig,
  trackFromJson,
} from '../src';
import { ffmpegPath } from '../src/audio';
import { readWav } from '../src/corpus/mix/wav';
import { readNpy } from '../src/neural/npy';
import { checkOutputs } from '../src/runtime';
import { probeVideo } from '../src/video';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-errors-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** What `fn` threw (or rejected with). */
async function thrown(fn: () => unknown): Promise<Error> {
  try {
    await fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

function expectKind(e: Error, kind: abstract new (...args: never[]) => Error, file: string | undefined, message: RegExp) {
  expect(e).toBeInstanceOf(kind);
  expect(e).toBeInstanceOf(MusicFaceError);
  expect(e.name).toBe(kind.name);
  expect((e as MusicFaceError).file).toBe(file);
  expect(e.message).toMatch(message);
}

test('a damaged rig file is a RigError naming the file', async () => {
  const rig = path.join(dir, 'avatar.glb');
  fs.writeFileSync(rig, 'this is not a glTF file at all');
  const e = await thrown(() => loadRig(rig));
  expectKind(e, RigError, rig, /^.*avatar\.glb: not a binary glTF \(\.glb\/\.vrm\) file \(no "glTF" magic at the start\)$/);
});

test('an invalid track JSON and a broken Live Link take are TrackErrors naming the file', async () => {
  expectKind(
    await thrown(() => trackFromJson('{"format": "musicface.facetrack", ', 'song.json')),
    TrackError,
    'song.json',
    /^song\.json: not valid JSON \(/,
  );
  const take = 'Timecode,BlendShapeCount,EyeBlinkLeft\n';
  expectKind(
    await thrown(() => liveLinkCsvToTrack(take, 'take.csv')),
    TrackError,
    'take.csv',
    /^take\.csv: a Live Link Face CSV needs a header and at least one row$/,
  );
});

test('a model that is not installed is a ModelError naming the card it looked for', async () => {
  const audio = { sampleRate: 16000, channels: [new Float32Array(16000)] };
  const e = await thrown(() => animateSong(audio, { model: 'no-such-model' }));
  expect(e).toBeInstanceOf(ModelError);
  expect(e).toBeInstanceOf(MusicFaceError);
  expect((e as ModelError).file).toMatch(/no-such-model\.json$/);
  expect(e.message).toMatch(/no-such-model\.json: no generator model card found/);
});

test('a separator that cannot be made is a SeparatorError', async () => {
  expectKind(await thrown(() => createSeparator('nonsense')), SeparatorError, undefined, /^unknown separator "nonsense" \(expected /);
  const missing = path.join(dir, 'no-spleeter-here');
  expectKind(
    await thrown(() => createSeparator(`spleeter:${missing}`)),
    SeparatorError,
    missing,
    /^spleeter: .*no-spleeter-here does not exist$/,
  );
});

test('a file that is not a video is a VideoFileError, still an AudioFileError as before', async () => {
  const notVideo = path.join(dir, 'clip.mp4');
  fs.writeFileSync(notVideo, 'plain text, no video stream in here');
  const e = await thrown(() => probeVideo(notVideo));
  expectKind(e, VideoFileError, notVideo, /clip\.mp4: not a video FFmpeg can read/);
  expect(e).toBeInstanceOf(AudioFileError);
  expectKind(
    await thrown(() => probeVideo(path.join(dir, 'gone.mp4'))),
    VideoFileError,
    path.join(dir, 'gone.mp4'),
    /gone\.mp4: file not found$/,
  );
});

test('corpus, dataset and batch files that cannot be read are CorpusError, DatasetError, BatchError', async () => {
  expectKind(
    await thrown(() => readWav(new TextEncoder().encode('RIFX....WAVE'), 'vocal.wav')),
    CorpusError,
    'vocal.wav',
    /^vocal\.wav: not a WAV file$/,
  );
  expectKind(
    await thrown(() => readNpy(new Uint8Array(20), 'clip.real.npy')),
    DatasetError,
    'clip.real.npy',
    /^clip\.real\.npy: not a NumPy \.npy file$/,
  );
  const list = path.join(dir, 'songs.json');
  fs.writeFileSync(list, '{"items": []}');
  expectKind(await thrown(() => batchItems(list)), BatchError, list, /songs\.json: expected a non-empty "items" array/);
});

test('a missing FFmpeg is a ToolError', async () => {
  const before = process.env.MUSICFACE_FFMPEG;
  process.env.MUSICFACE_FFMPEG = path.join(dir, 'no-ffmpeg');
  try {
    expectKind(await thrown(() => ffmpegPath()), ToolError, undefined, /^MUSICFACE_FFMPEG points to .*no-ffmpeg, which does not exist$/);
  } finally {
    if (before === undefined) delete process.env.MUSICFACE_FFMPEG;
    else process.env.MUSICFACE_FFMPEG = before;
  }
});

test('the TypeError kinds (bad input, bad option) are MusicFaceErrors too; an output path names its file', async () => {
  const input = await thrown(() => animateSong(42 as unknown as string));
  expect(input).toBeInstanceOf(InvalidInputError);
  expect(input).toBeInstanceOf(TypeError);
  expect(input).toBeInstanceOf(MusicFaceError);
  expect(input).not.toBeInstanceOf(RigError);
  const option = await thrown(() => animateSong({ sampleRate: 16000, channels: [new Float32Array(16000)] }, { seed: -1 }));
  expect(option).toBeInstanceOf(InvalidOptionError);
  expect(option).toBeInstanceOf(TypeError);
  expect(option).toBeInstanceOf(MusicFaceError);
  expect((option as InvalidOptionError).option).toBe('seed');
  const song = path.join(dir, 'in.wav');
  fs.writeFileSync(song, 'x');
  const out = await thrown(() => checkOutputs([song], [song]));
  expectKind(out, OutputPathError, song, /in\.wav: /);
  // A plain Error (a broken invariant) is not one of them.
  expect(new Error('x')).not.toBeInstanceOf(MusicFaceError);
});
