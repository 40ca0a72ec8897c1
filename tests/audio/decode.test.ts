import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { toMono } from '../../src/audio/audio';
import { AudioFileError } from '../../src/audio/audio-file-error';
import { decodeAudio, streamAudio } from '../../src/audio/decode';
import { ffmpegPath } from '../../src/audio/ffmpeg-binary';
import { probeAudio } from '../../src/audio/probe';
import type { ProgressEvent } from '../../src/runtime/progress';
import { amplitudeAt, convert, db, tempDir, tones, writeWav } from './test-audio-files';

let dir: string;
let wav: string;
const at = (name: string) => path.join(dir, name);

beforeAll(() => {
  dir = tempDir('musicface-decode-');
  // 2 s stereo, 44.1 kHz: a different tone per channel, so channel order is checked too.
  wav = writeWav(
    at('song.wav'),
    tones(44100, 2, [
      [440, 0.5],
      [880, 0.3],
    ]),
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.each([
  ['wav', 'song.wav', [], 'pcm_s16le', 44100],
  ['mp3', 'song.mp3', ['-b:a', '192k'], 'mp3', 44100],
  ['flac', 'song.flac', [], 'flac', 44100],
  ['ogg/vorbis', 'song.ogg', ['-c:a', 'libvorbis'], 'vorbis', 44100],
  ['opus', 'song.opus', ['-c:a', 'libopus', '-b:a', '128k'], 'opus', 48000],
  ['m4a/aac', 'song.m4a', ['-c:a', 'aac', '-b:a', '192k'], 'aac', 44100],
])('%s', (_label, name, args, codec, rate) => {
  let file: string;
  beforeAll(() => {
    file = name === 'song.wav' ? wav : convert(wav, at(name), args as string[]);
  });

  test('probe reports codec, rate, channels and duration', async () => {
    const info = await probeAudio(file);
    expect(info.codec).toBe(codec);
    expect(info.sampleRate).toBe(rate);
    expect(info.channels).toBe(2);
    expect(Math.abs(info.durationSeconds - 2)).toBeLessThan(0.1);
  });

  test("decodes both channels at the file's rate with the right tone in each", async () => {
    const a = await decodeAudio(file);
    expect(a.sampleRate).toBe(rate);
    expect(a.channels).toHaveLength(2);
    // Codec priming and padding (AAC, Vorbis) may add a few tens of milliseconds.
    expect(Math.abs(a.channels[0].length / rate - 2)).toBeLessThan(0.06);
    expect(Math.abs(db(amplitudeAt(a.channels[0], rate, 440) / 0.5))).toBeLessThan(0.5);
    expect(Math.abs(db(amplitudeAt(a.channels[1], rate, 880) / 0.3))).toBeLessThan(0.5);
    expect(db(amplitudeAt(a.channels[0], rate, 880) / 0.3)).toBeLessThan(-30);
  });

  test('decodes to 16 kHz mono as the average of the channels', async () => {
    const a = await decodeAudio(file, { sampleRate: 16000, channels: 1 });
    expect(a.sampleRate).toBe(16000);
    expect(a.channels).toHaveLength(1);
    expect(Math.abs(a.channels[0].length / 16000 - 2)).toBeLessThan(0.06);
    expect(Math.abs(db(amplitudeAt(a.channels[0], 16000, 440) / 0.25))).toBeLessThan(0.5);
    expect(Math.abs(db(amplitudeAt(a.channels[0], 16000, 880) / 0.15))).toBeLessThan(0.5);
  });
});

describe('lossless input', () => {
  test('wav and flac decode to exactly the 16-bit samples written', async () => {
    const src = tones(44100, 2, [
      [440, 0.5],
      [880, 0.3],
    ]);
    const flac = convert(wav, at('exact.flac'));
    for (const file of [wav, flac]) {
      const a = await decodeAudio(file);
      for (let c = 0; c < 2; c++) {
        const got = a.channels[c];
        let worst = 0;
        for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - Math.round(src.channels[c][i] * 32768) / 32768));
        expect(got.length).toBe(88200);
        expect(worst).toBe(0);
      }
    }
  });
});

describe('unusual but valid input', () => {
  test('96 kHz, 6 channels: all channels kept in order; 16 kHz mono on request', async () => {
    const parts: Array<[number, number]> = [
      [300, 0.3],
      [500, 0.3],
      [700, 0.3],
      [900, 0.3],
      [1100, 0.3],
      [1300, 0.3],
    ];
    const file = convert(writeWav(at('six.wav'), tones(96000, 1, parts), 24), at('six.flac'));
    const info = await probeAudio(file);
    expect([info.sampleRate, info.channels, info.codec]).toEqual([96000, 6, 'flac']);
    const a = await decodeAudio(file);
    expect(a.channels).toHaveLength(6);
    expect(a.channels[0].length).toBe(96000);
    parts.forEach(([hz], c) => expect(amplitudeAt(a.channels[c], 96000, hz)).toBeCloseTo(0.3, 3));
    // Mono is exactly toMono of the decoded channels, whether FFmpeg's output or an Audio is the source.
    const mono = await decodeAudio(file, { channels: 1 });
    expect(Buffer.from(mono.channels[0].buffer).equals(Buffer.from(toMono(a).buffer))).toBe(true);
    const m = await decodeAudio(file, { sampleRate: 16000, channels: 1 });
    expect(m.channels[0].length).toBe(16000);
    expect(amplitudeAt(m.channels[0], 16000, 700)).toBeCloseTo(0.05, 3);
  });

  test('pure silence decodes to silence', async () => {
    const file = convert(
      writeWav(
        at('silence.wav'),
        tones(44100, 1, [
          [0, 0],
          [0, 0],
        ]),
      ),
      at('silence.mp3'),
    );
    const a = await decodeAudio(file, { sampleRate: 16000, channels: 1 });
    expect(Math.abs(a.channels[0].length - 16000)).toBeLessThan(16000 * 0.06);
    expect(a.channels[0].every((v) => v === 0)).toBe(true);
  });

  test('0.5 s decodes to 0.5 s', async () => {
    const file = convert(writeWav(at('short.wav'), tones(22050, 0.5, [[440, 0.5]])), at('short.ogg'), ['-c:a', 'libvorbis']);
    const a = await decodeAudio(file, { sampleRate: 16000, channels: 1 });
    expect(Math.abs(a.channels[0].length - 8000)).toBeLessThan(16000 * 0.03);
  });

  test('a truncated mp3 yields the audio before the cut', async () => {
    const full = convert(wav, at('whole.mp3'));
    const bytes = fs.readFileSync(full);
    const cut = at('truncated.mp3');
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.4)));
    const a = await decodeAudio(cut);
    const seconds = a.channels[0].length / a.sampleRate;
    expect(seconds).toBeGreaterThan(0.6);
    expect(seconds).toBeLessThan(0.9);
    expect(Math.abs(db(amplitudeAt(a.channels[0].subarray(0, 22050), 44100, 440) / 0.5))).toBeLessThan(0.5);
  });

  test('a stream without a duration in its header (piped Matroska) is measured by decoding', async () => {
    const bytes = execFileSync(ffmpegPath(), ['-nostdin', '-v', 'error', '-i', wav, '-c:a', 'flac', '-f', 'matroska', 'pipe:1']);
    fs.writeFileSync(at('piped.mka'), bytes);
    const info = await probeAudio(at('piped.mka'));
    expect(info.codec).toBe('flac');
    expect(info.durationSeconds).toBeCloseTo(2, 3);
  });

  test('odd file names (spaces, colon, leading dash, unicode) are read as local files', async () => {
    const odd = at('-my song: ünï.wav');
    fs.copyFileSync(wav, odd);
    const a = await decodeAudio(odd);
    expect(a.channels[0].length).toBe(88200);
  });
});

describe('bad input: one sentence naming the file', () => {
  const expectError = async (file: string, problem: RegExp) => {
    const err = await decodeAudio(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AudioFileError);
    const msg = (err as Error).message;
    expect(msg.startsWith(`${file}: `)).toBe(true);
    expect(msg).toMatch(problem);
    expect(msg).not.toMatch(/\n|ffmpeg version|Stream #|0x[0-9a-f]{6}/);
    await expect(probeAudio(file)).rejects.toThrow(msg);
  };

  test('missing file', () => expectError(at('nope.mp3'), /file not found/));
  test('zero-length file', async () => {
    fs.writeFileSync(at('empty.mp3'), '');
    await expectError(at('empty.mp3'), /empty file/);
  });
  test('a text file named .mp3', async () => {
    fs.writeFileSync(at('notes.mp3'), 'these are my lyrics, not a song\n'.repeat(20));
    await expectError(at('notes.mp3'), /not an audio file/);
  });
  test('a folder', () => expectError(dir, /folder/));
  test('a video without sound', async () => {
    execFileSync(ffmpegPath(), [
      '-nostdin',
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=64x64:rate=5:duration=1',
      '-c:v',
      'libx264',
      at('silent.mp4'),
    ]);
    await expectError(at('silent.mp4'), /no audio stream/);
  });
  test('options are checked', async () => {
    await expect(decodeAudio(wav, { sampleRate: 0 })).rejects.toThrow(/sampleRate must be a positive integer/);
    await expect(decodeAudio(wav, { channels: 1.5 })).rejects.toThrow(/channels must be an integer/);
  });
});

describe('streaming and progress', () => {
  test('streamAudio gives fixed-size chunks whose concatenation equals decodeAudio', async () => {
    const file = convert(wav, at('stream.flac'));
    const whole = await decodeAudio(file, { sampleRate: 16000, channels: 1 });
    const sizes: number[] = [];
    const joined = new Float32Array(whole.channels[0].length);
    let o = 0;
    for await (const chunk of streamAudio(file, { chunkSeconds: 0.25, sampleRate: 16000, channels: 1 })) {
      expect(chunk.sampleRate).toBe(16000);
      sizes.push(chunk.channels[0].length);
      joined.set(chunk.channels[0], o);
      o += chunk.channels[0].length;
    }
    expect(o).toBe(whole.channels[0].length);
    expect(sizes.slice(0, -1).every((n) => n === 4000)).toBe(true);
    expect(Buffer.from(joined.buffer).equals(Buffer.from(whole.channels[0].buffer, 0, joined.byteLength))).toBe(true);
  });

  test('stopping a stream early ends it cleanly', async () => {
    let n = 0;
    for await (const chunk of streamAudio(wav, { chunkSeconds: 0.1 })) {
      expect(chunk.channels).toHaveLength(2);
      if (++n === 2) break;
    }
    expect(n).toBe(2);
  });

  test('onProgress reports decode seconds up to the total', async () => {
    const events: ProgressEvent[] = [];
    await decodeAudio(wav, { onProgress: (e) => events.push(e) });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.stage === 'decode' && e.done <= e.total)).toBe(true);
    const last = events[events.length - 1];
    expect(last.done).toBe(last.total);
    expect(last.total).toBeCloseTo(2, 1);
  });
});
