import { ARKIT_COUNT, arkitIndex } from '../../track';
import type { Score } from '../composer/score';
import { type PhoneRow, isSilence } from '../singer/phone-table';
import type { Style } from './styles';
import type { Timeline } from './timeline';
import { VISEME_SHAPES, type Viseme, VOWEL_VISEMES, diphthongGlideSeconds, dominance, phoneVisemes } from './visemes';
import { withDefaults } from '../../runtime';
import type { Defaults } from '../../runtime';

export interface LipsOptions {
  /** jawOpen allowed in frames where the singer is silent. */
  restJaw?: number;
  /** Neighbours further than this (seconds) have no pull. */
  reach?: number;
}

export const LIPS_DEFAULTS: Defaults<LipsOptions> = Object.freeze({ restJaw: 0.04, reach: 0.4 });

interface Target {
  start: number;
  end: number;
  alpha: number;
  ant: number;
  carry: number;
  weights: [number, number][]; // (ARKit column, weight)
}

/** Columns of the mouth shapes (what the lips own; the affect layer adds smile etc. on top). */
export const MOUTH_COLUMNS: readonly number[] = [
  ...new Set(
    Object.values(VISEME_SHAPES)
      .flatMap((shape) => Object.keys(shape).flatMap(expandName))
      .map((n) => arkitIndex(n)),
  ),
];

function expandName(name: string): string[] {
  return name.endsWith('*') ? [name.slice(0, -1) + 'Left', name.slice(0, -1) + 'Right'] : [name];
}

/**
 * How far the jaw opens for a sung vowel: longer and louder vowels open wider (a singer opens for a
 * held note, and for volume), times the style's jaw scale.
 */
export function vowelJawScale(seconds: number, velocity: number, style: Style): number {
  const length = 0.7 + 0.3 * Math.min(1, Math.max(0, (seconds - 0.08) / 0.5));
  const loudness = 0.65 + 0.5 * velocity;
  return length * loudness * style.jawScale;
}

/**
 * Lip and jaw motion from the phone table: every phone becomes one or two viseme targets, and each
 * frame is the dominance-weighted average of the targets around it (Cohen & Massaro's coarticulation
 * model, with the distance measured to a phone's interval so a held vowel keeps its shape for the
 * whole note). In frames where the singer is silent the mouth is closed to jawOpen ≤ `restJaw`.
 * Returns frameCount × 52 weights (only the mouth columns are non-zero).
 * Example: `const mouth = lipsFromPhones(score, phones, timeline, STYLES['shy'])`
 */
export function lipsFromPhones(
  score: Score,
  phones: readonly PhoneRow[],
  tl: Timeline,
  style: Style,
  options: LipsOptions = {},
): Float32Array {
  const o = withDefaults(LIPS_DEFAULTS, options);
  const targets: Target[] = [];
  const jawCol = arkitIndex('jawOpen');
  const lowerCols = [arkitIndex('mouthLowerDownLeft'), arkitIndex('mouthLowerDownRight')];
  const push = (v: Viseme, start: number, end: number, jaw: number) => {
    const weights: [number, number][] = [];
    for (const [name, w] of Object.entries(VISEME_SHAPES[v])) {
      for (const n of expandName(name)) {
        const col = arkitIndex(n);
        const scaled = col === jawCol || lowerCols.includes(col) ? w * jaw : w;
        weights.push([col, Math.min(1, scaled)]);
      }
    }
    targets.push({ start, end, ...dominance(v), weights });
  };
  for (const row of phones) {
    const vis = isSilence(row) ? (['sil'] as Viseme[]) : phoneVisemes(row.phone, score.voice.language ?? 'english');
    const note = row.note >= 0 ? score.notes[row.note] : undefined;
    const dur = row.end - row.start;
    const jawFor = (v: Viseme) => (VOWEL_VISEMES.has(v) && note ? vowelJawScale(dur, note.velocity, style) : style.jawScale);
    if (vis.length === 1) push(vis[0], row.start, row.end, jawFor(vis[0]));
    else {
      const mid = row.end - diphthongGlideSeconds(dur);
      push(vis[0], row.start, mid, jawFor(vis[0]));
      push(vis[1], mid, row.end, jawFor(vis[1]));
    }
  }
  const silentWeights = dominance('sil');
  const out = new Float32Array(tl.frameCount * ARKIT_COUNT);
  const acc = new Float64Array(ARKIT_COUNT);
  let first = 0;
  for (let i = 0; i < tl.frameCount; i++) {
    const t = tl.times[i];
    while (first < targets.length && targets[first].end < t - o.reach) first++;
    acc.fill(0);
    let total = 0;
    // Before the first phone and after the last the singer is at rest.
    if (!targets.length || t < targets[0].start || t >= targets[targets.length - 1].end) total += silentWeights.alpha;
    for (let k = first; k < targets.length && targets[k].start <= t + o.reach; k++) {
      const g = targets[k];
      const d = t < g.start ? g.alpha * Math.exp(-g.ant * (g.start - t)) : t > g.end ? g.alpha * Math.exp(-g.carry * (t - g.end)) : g.alpha;
      total += d;
      for (const [col, w] of g.weights) acc[col] += d * w;
    }
    const row = i * ARKIT_COUNT;
    if (total > 0) for (const col of MOUTH_COLUMNS) out[row + col] = acc[col] / total;
    if (!tl.singing[i] && out[row + jawCol] > o.restJaw) {
      const k = o.restJaw / out[row + jawCol];
      for (const col of MOUTH_COLUMNS) out[row + col] *= k;
    }
  }
  return out;
}
