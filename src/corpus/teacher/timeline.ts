import { DRUM } from '../composer/compose-band';
import type { Score } from '../composer/score';
import { type PhoneRow, isSilence } from '../singer/phone-table';

/** Silences shorter than this (a breath between tied syllables) do not count as "not singing". */
export const MIN_REST_SECONDS = 0.08;

/**
 * What the music is doing at each video frame — everything the teacher's face reacts to, and all of
 * it audible in the song (so a model can learn it from the audio).
 */
export interface Timeline {
  fps: number;
  frameCount: number;
  /** Seconds of frame i (i / fps). */
  times: Float64Array;
  /** Section energy, 0 … 1, eased over about half a second at section changes. */
  energy: Float32Array;
  chorus: Uint8Array;
  climax: Uint8Array;
  /** Beat pulses (Gaussian bumps on beats, downbeats and drum accents), mean 1 over the song. */
  beatPulse: Float32Array;
  /** Position within the current beat and bar, 0 … 1. */
  beatPhase: Float32Array;
  barPhase: Float32Array;
  /** 1 while singing (any phone but a rest of MIN_REST_SECONDS or more), else 0. */
  singing: Uint8Array;
  /** Velocity of the note being sung (0 … 1), 0 in rests. */
  velocity: Float32Array;
  /** Pitch of the current or last note within the song's sung range, 0 … 1. */
  height: Float32Array;
}

/**
 * Builds the frame timeline from the score and the phone table.
 * Example: `const tl = buildTimeline(score, phones, 30)`
 */
export function buildTimeline(score: Score, phones: readonly PhoneRow[], fps = 30): Timeline {
  const frameCount = Math.round(score.seconds * fps);
  const times = new Float64Array(frameCount);
  for (let i = 0; i < frameCount; i++) times[i] = i / fps;
  const beat = 60 / score.tempo;

  const energy = new Float32Array(frameCount);
  const chorus = new Uint8Array(frameCount);
  const climax = new Uint8Array(frameCount);
  for (let i = 0; i < frameCount; i++) {
    const t = times[i];
    const s = score.sections.find((x) => t >= x.start && t < x.end) ?? score.sections[score.sections.length - 1];
    energy[i] = s.energy;
    chorus[i] = s.name === 'chorus' ? 1 : 0;
    climax[i] = s.climax ? 1 : 0;
  }
  const smoothEnergy = smoothExp(energy, fps, 0.25);

  // Beat pulses: every beat, heavier on downbeats, plus what the drummer accents.
  const pulse = new Float32Array(frameCount);
  const sigma = Math.max(0.04, 0.12 * beat);
  const bump = (t0: number, w: number) => {
    const a = Math.max(0, Math.floor((t0 - 3 * sigma) * fps));
    const b = Math.min(frameCount - 1, Math.ceil((t0 + 3 * sigma) * fps));
    for (let i = a; i <= b; i++) pulse[i] += w * Math.exp(-0.5 * ((times[i] - t0) / sigma) ** 2);
  };
  const lastBeat = Math.floor(score.seconds / beat);
  for (let k = 0; k <= lastBeat; k++) bump(k * beat, k % score.beatsPerBar === 0 ? 1 : 0.7);
  const drums = score.band.find((p) => p.name === 'drums');
  for (const n of drums?.notes ?? []) {
    const w = n.pitch === DRUM.crash ? 0.6 : n.pitch === DRUM.snare || n.pitch === DRUM.clap ? 0.25 : n.pitch === DRUM.kick ? 0.2 : 0;
    if (w) bump(n.beat * beat, (w * n.velocity) / 127);
  }
  let mean = 0;
  for (const p of pulse) mean += p;
  mean /= Math.max(1, frameCount);
  if (mean > 0) for (let i = 0; i < frameCount; i++) pulse[i] /= mean;

  const beatPhase = new Float32Array(frameCount);
  const barPhase = new Float32Array(frameCount);
  for (let i = 0; i < frameCount; i++) {
    const b = times[i] / beat;
    beatPhase[i] = b - Math.floor(b);
    const bar = b / score.beatsPerBar;
    barPhase[i] = bar - Math.floor(bar);
  }

  // Singing, loudness and pitch height from the phone table.
  const singing = new Uint8Array(frameCount);
  const velocity = new Float32Array(frameCount);
  const height = new Float32Array(frameCount);
  const sung = score.notes.map((n) => n.midi);
  const lo = Math.min(...sung);
  const hi = Math.max(...sung);
  let row = 0;
  let lastHeight = 0.3;
  for (let i = 0; i < frameCount; i++) {
    const t = times[i];
    while (row < phones.length - 1 && phones[row].end <= t) row++;
    const r = phones[row];
    const inside = r && t >= r.start && t < r.end;
    if (inside && !isSilence(r)) {
      const n = score.notes[r.note];
      singing[i] = 1;
      velocity[i] = n.velocity;
      lastHeight = hi > lo ? (n.midi - lo) / (hi - lo) : 0.5;
      height[i] = lastHeight;
    } else {
      const shortRest = inside && r.end - r.start < MIN_REST_SECONDS && row > 0 && row < phones.length - 1;
      singing[i] = shortRest ? 1 : 0;
      if (shortRest) velocity[i] = score.notes[phones[row - 1].note]?.velocity ?? 0;
      height[i] = lastHeight;
    }
  }
  return { fps, frameCount, times, energy: smoothEnergy, chorus, climax, beatPulse: pulse, beatPhase, barPhase, singing, velocity, height };
}

/** Forward-backward one-pole smoothing with time constant `tau` seconds (no lag, no overshoot). */
export function smoothExp(x: Float32Array, fps: number, tau: number): Float32Array {
  const a = 1 - Math.exp(-1 / (fps * tau));
  const y = Float32Array.from(x);
  for (let i = 1; i < y.length; i++) y[i] = y[i - 1] + a * (y[i] - y[i - 1]);
  for (let i = y.length - 2; i >= 0; i--) y[i] = y[i + 1] + a * (y[i] - y[i + 1]);
  return y;
}
