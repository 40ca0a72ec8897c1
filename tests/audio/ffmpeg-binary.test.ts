import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { ffmpegPath } from '../../src/audio/ffmpeg-binary';

test('the FFmpeg that comes with npm ci runs and has the encoders the render stage needs (H.264, AAC)', () => {
  const bin = ffmpegPath();
  expect(bin).toContain('node_modules');
  expect(fs.statSync(bin).mode & 0o111).not.toBe(0);
  const encoders = execFileSync(bin, ['-hide_banner', '-encoders']).toString();
  expect(encoders).toMatch(/libx264/);
  expect(encoders).toMatch(/\baac\b/);
});

test('MUSICFACE_FFMPEG overrides it, and a wrong path is one clear sentence', () => {
  const saved = process.env.MUSICFACE_FFMPEG;
  try {
    process.env.MUSICFACE_FFMPEG = '/nonexistent/ffmpeg';
    expect(() => ffmpegPath()).toThrow('MUSICFACE_FFMPEG points to /nonexistent/ffmpeg, which does not exist');
  } finally {
    if (saved === undefined) delete process.env.MUSICFACE_FFMPEG;
    else process.env.MUSICFACE_FFMPEG = saved;
  }
});
