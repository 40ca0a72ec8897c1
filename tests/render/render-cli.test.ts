/** `musicface render` as a user types it: a track + song → an MP4; bad input → exit 1 and one sentence. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ffmpegPath } from '../../src/audio/ffmpeg-binary';
import renderCommand from '../../src/cli/commands/render';
import { arkitIndex, ARKIT_COUNT } from '../../src/track/arkit';
import { createTrack } from '../../src/track/face-track';
import { trackToJson } from '../../src/track/track-json';
import { haveChromium, ICT_RIG, testIf } from './helpers';
import { captureStderr } from '../env/capture-stderr';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-render-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const err = captureStderr();

testIf(haveChromium() && fs.existsSync(ICT_RIG), 'needs chromium and ../shared/data')(
  'render SONG --track T.json --rig R -o OUT.mp4 writes the video',
  async () => {
    const song = path.join(dir, 'song.wav');
    execFileSync(ffmpegPath(), ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=330:duration=1', song]);
    const track = createTrack(30);
    for (let t = 0; t < 30; t++) track.expression[t * ARKIT_COUNT + arkitIndex('jawOpen')] = (t % 10) / 10;
    const trackFile = path.join(dir, 'song.json');
    fs.writeFileSync(trackFile, trackToJson(track));
    const out = path.join(dir, 'song.mp4');
    const code = await renderCommand.run([song, '--track', trackFile, '--rig', ICT_RIG, '--size', '64', '-q', '-o', out]);
    expect(err.text).toMatch(/wrote .*song\.mp4 \(30 frames at 30 fps, 64×64; rendered in/);
    expect(code).toBe(0);
    expect(fs.statSync(out).size).toBeGreaterThan(1000);
  },
);

test.each([
  [['nope.mp3', '-o', 'x.mp4'], /nope\.mp3: no such file/],
  [[__filename, '-o', 'x.mov'], /x\.mov: the output must end in \.mp4/],
  [[__filename, '--track', 'missing.json', '--rig', ICT_RIG, '-o', 'x.mp4'], /missing\.json: cannot read the track/],
  [[__filename, '--size', 'big', '-o', 'x.mp4'], /--size must be a positive number/],
  [[__filename, '--framing', 'sideways', '-o', 'x.mp4'], /--framing must be face, bust or full, got sideways/],
])('bad input %j: one sentence naming the problem, nothing written', async (args, message) => {
  if (args.includes(ICT_RIG) && !fs.existsSync(ICT_RIG)) return;
  const err = await renderCommand.run(args as string[]).catch((e: Error) => e);
  expect(err).toBeInstanceOf(Error);
  expect((err as Error).message).toMatch(message);
  expect((err as Error).message.split('\n')).toHaveLength(1);
  expect(fs.existsSync('x.mp4') || fs.existsSync('x.mov')).toBe(false);
});
