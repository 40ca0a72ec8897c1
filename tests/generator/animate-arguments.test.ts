/**
 * Issue 19, item 9: animateSong checks its input and options before any work, as strictly as the CLI,
 * with an error class per kind (InvalidInputError, InvalidOptionError with `option`, ModelError,
 * AudioFileError). Before: seed -1 gave seed 0's output, NaN wrote "seed": null, a Buffer threw a
 * TypeError from deep inside, device "nonsense" blamed the model file, a bad style failed after decoding.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { animateSong, type AnimateOptions } from '../../src/animate';
import { encodeWav } from '../../src/audio/encode-wav';
import { AudioFileError, InvalidAudioError, InvalidInputError, InvalidOptionError, ModelError } from '../../src/errors';

const FIXTURE = path.join(__dirname, '../fixtures/generator/fixture-random.json');
let dir: string;
let song: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-args-'));
  song = path.join(dir, 'song.wav');
  const tone = new Float32Array(44100).map((_, i) => 0.2 * Math.sin(i / 20));
  fs.writeFileSync(song, encodeWav({ sampleRate: 44100, channels: [tone] }));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const base: AnimateOptions = { model: FIXTURE, allowFixture: true, threads: 1 };

/** The rejection, and how long it took (a check before any work takes milliseconds). */
async function failure(input: unknown, options: AnimateOptions) {
  const t0 = Date.now();
  const err = await animateSong(input as string, options).then(
    () => null,
    (e) => e,
  );
  return { err, ms: Date.now() - t0 };
}

test.each([
  ['seed -1', { seed: -1 }, 'seed', /^seed: must be a whole number from 0 to 4294967295, got number -1$/],
  ['seed NaN', { seed: NaN }, 'seed', /^seed: must be a whole number/],
  ['seed 1.5', { seed: 1.5 }, 'seed', /^seed: must be a whole number/],
  ['device "nonsense"', { device: 'nonsense' }, 'device', /^device: must be one of auto, cpu, cuda, webgpu, got string "nonsense"$/],
  ['threads 0', { threads: 0 }, 'threads', /^threads: must be a whole number of at least 1/],
  ['style ""', { style: '' }, 'style', /^style: must be a style name/],
  [
    'emotion "glee"',
    { emotion: 'glee' },
    'emotion',
    /^emotion: must be one of auto, neutral, joy, sadness, anger, tenderness, surprise, fear, got string "glee"$/,
  ],
  ['intensity 2', { intensity: 2 }, 'intensity', /^intensity: must be a number from 0 to 1, got number 2$/],
  ['gains.lips 3', { gains: { lips: 3 } }, 'gains', /^gains: lips must be a number from 0 to 2, got number 3$/],
  ['gains.mouth', { gains: { mouth: 1 } }, 'gains', /^gains: has no channel "mouth"; the channels are lips, head, brows, blinks$/],
  [
    'direction with end before start',
    { direction: { sections: [{ start: 4, end: 2, emotion: 'joy' }] } },
    'direction',
    /^direction: section 1: "end" \(2\) must be after "start" \(4\)$/,
  ],
  [
    'direction file missing',
    { direction: '/nonexistent/direction.json' },
    'direction',
    /^direction: \/nonexistent\/direction\.json: cannot read the direction file \(ENOENT\)$/,
  ],
])('%s: InvalidOptionError naming the option, before any work', async (_what, bad, option, message) => {
  const { err, ms } = await failure(song, { ...base, ...(bad as AnimateOptions) });
  expect(err).toBeInstanceOf(InvalidOptionError);
  expect(err.option).toBe(option);
  expect(err.message).toMatch(message);
  expect(ms).toBeLessThan(200);
});

test.each([
  ['null', null],
  ['a number', 42],
  ['a Buffer', Buffer.from('RIFF')],
  ['an empty string', ''],
])('input %s: InvalidInputError in one sentence', async (_what, input) => {
  const { err } = await failure(input, base);
  expect(err).toBeInstanceOf(InvalidInputError);
  expect(err.message.split('\n')).toHaveLength(1);
  expect(err.message).toMatch(/^input: /);
});

test('PCM with no samples: InvalidAudioError, not a plain Error', async () => {
  const { err } = await failure({ sampleRate: 44100, channels: [new Float32Array(0)] }, base);
  expect(err).toBeInstanceOf(InvalidAudioError);
  expect(err.message).toBe('audio: contains no samples');
});

test('a style the model does not know fails before the song is decoded', async () => {
  const decoded: string[] = [];
  const { err } = await failure(song, { ...base, style: 'opera', onProgress: (e) => decoded.push(e.stage) });
  expect(err).toBeInstanceOf(InvalidOptionError);
  expect(err.option).toBe('style');
  expect(err.message).toMatch(/unknown style "opera"; the .* model knows: style-a, style-b, style-c/);
  expect(decoded).toEqual([]); // no decode/separate progress at all
});

test('a missing song is an AudioFileError, a missing model a ModelError', async () => {
  expect((await failure(path.join(dir, 'nope.wav'), base)).err).toBeInstanceOf(AudioFileError);
  const { err } = await failure(song, { ...base, model: path.join(dir, 'nope.json') });
  expect(err).toBeInstanceOf(ModelError);
  expect(err.message).toMatch(/nope\.json: no generator model card found/);
});

test('valid options still animate, and the seed is recorded as given', async () => {
  const track = await animateSong(song, { ...base, seed: 4294967295 });
  expect(track.meta.seed).toBe(4294967295);
});
