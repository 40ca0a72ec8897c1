import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Score } from '../composer/score';
import { writeMidi } from '../midi/write-midi';
import { readWav } from '../mix/wav';
import { bandMidi } from './band-midi';
import { withDefaults } from '../../runtime';
import { type Defaults, CorpusError, ToolError } from '../../runtime';

export interface RenderBandOptions {
  /** A scratch directory for the MIDI file and fluidsynth's output. */
  workDir: string;
  /** Where the General MIDI soundfonts live (Debian puts them here). */
  soundfontDir?: string;
  fluidsynth?: string;
  sampleRate?: number;
  /** Fade-out at the cut, seconds (the reverb tail is cut at the song's end). */
  fadeSeconds?: number;
}

export const RENDER_BAND_DEFAULTS: Defaults<Omit<RenderBandOptions, 'workDir'>> = Object.freeze({
  soundfontDir: '/usr/share/sounds/sf2',
  fluidsynth: 'fluidsynth',
  sampleRate: 44100,
  fadeSeconds: 0.05,
});

/**
 * Renders the band with fluidsynth (32-bit float, so there is no dither and the same MIDI gives the
 * same samples) and returns exactly `score.seconds` of stereo audio.
 * Example: `const [left, right] = renderBand(score, { workDir: tmp })`
 */
export function renderBand(score: Score, options: RenderBandOptions): Float32Array[] {
  const o = withDefaults(RENDER_BAND_DEFAULTS, options);
  const sf2 = path.join(o.soundfontDir, score.soundfont);
  if (!fs.existsSync(sf2))
    throw new ToolError(`soundfont ${sf2} is missing (install it with scripts/install-corpus-deps.sh)`, { file: sf2 });
  const mid = path.join(o.workDir, 'band.mid');
  const wav = path.join(o.workDir, 'band.wav');
  fs.writeFileSync(mid, writeMidi(bandMidi(score)));
  const res = spawnSync(
    o.fluidsynth,
    ['-ni', '-q', '-g', '0.6', '-r', String(o.sampleRate), '-O', 'float', '-T', 'wav', '-F', wav, sf2, mid],
    {
      encoding: 'utf8',
    },
  );
  if (res.error)
    throw new ToolError(`could not run ${o.fluidsynth} (install it with scripts/install-corpus-deps.sh): ${res.error.message}`);
  if (res.status !== 0 || !fs.existsSync(wav)) {
    throw new CorpusError(
      `${o.fluidsynth} failed to render song ${score.id}: ${(res.stderr || '').trim().split('\n').slice(-1)[0] || `exit ${res.status}`}`,
    );
  }
  const audio = readWav(fs.readFileSync(wav), wav);
  if (audio.sampleRate !== o.sampleRate || audio.channels.length !== 2) {
    throw new CorpusError(
      `${wav}: fluidsynth wrote ${audio.channels.length} channels at ${audio.sampleRate} Hz, expected stereo at ${o.sampleRate} Hz`,
      { file: wav },
    );
  }
  const n = Math.round(score.seconds * o.sampleRate);
  const fade = Math.round(o.fadeSeconds * o.sampleRate);
  return audio.channels.map((c) => {
    const out = new Float32Array(n);
    out.set(c.subarray(0, Math.min(n, c.length)));
    for (let i = 0; i < fade; i++) out[n - 1 - i] *= i / fade;
    return out;
  });
}
