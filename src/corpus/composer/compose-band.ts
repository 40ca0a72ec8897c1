import type { Rng } from '../../runtime';
import { chordPitchClasses } from './compose-harmony';
import type { BandNote, BandPart, ChordSpan, Section } from './score';
import { type Mode, degreeToMidi } from './theory';

export interface BandOptions {
  tonic: number;
  mode: Mode;
  tempo: number;
  beatsPerBar: number;
}

type Program = [number, string];

/** General MIDI programs per role. Choir and voice programs are left out: they would sound like singing. */
const PROGRAMS: Record<'bass' | 'chords' | 'pad' | 'lead', Program[]> = {
  bass: [
    [32, 'Acoustic Bass'],
    [33, 'Electric Bass (finger)'],
    [34, 'Electric Bass (pick)'],
    [35, 'Fretless Bass'],
    [38, 'Synth Bass 1'],
  ],
  chords: [
    [0, 'Acoustic Grand Piano'],
    [4, 'Electric Piano 1'],
    [5, 'Electric Piano 2'],
    [24, 'Acoustic Guitar (nylon)'],
    [25, 'Acoustic Guitar (steel)'],
    [27, 'Electric Guitar (clean)'],
    [29, 'Overdriven Guitar'],
    [16, 'Drawbar Organ'],
  ],
  pad: [
    [48, 'String Ensemble 1'],
    [49, 'String Ensemble 2'],
    [50, 'Synth Strings 1'],
    [88, 'Pad 1 (new age)'],
    [89, 'Pad 2 (warm)'],
    [61, 'Brass Section'],
  ],
  lead: [
    [65, 'Alto Sax'],
    [73, 'Flute'],
    [56, 'Trumpet'],
    [80, 'Lead 1 (square)'],
    [81, 'Lead 2 (sawtooth)'],
    [71, 'Clarinet'],
    [22, 'Harmonica'],
    [11, 'Vibraphone'],
  ],
};

/** General MIDI percussion keys. */
export const DRUM = {
  kick: 36,
  stick: 37,
  snare: 38,
  clap: 39,
  hat: 42,
  openHat: 46,
  crash: 49,
  ride: 51,
  tomLow: 45,
  tomMid: 47,
  tomHigh: 50,
} as const;

type Groove = 'rock' | 'halftime' | 'four' | 'ballad' | 'waltz';

/** Per groove: kick, snare and hat positions (beats within a bar) and the snare key. */
const GROOVES: Record<Groove, { kick: number[]; snare: number[]; hat: number[]; snareKey: number; hatKey: number }> = {
  rock: { kick: [0, 2], snare: [1, 3], hat: [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5], snareKey: DRUM.snare, hatKey: DRUM.hat },
  halftime: { kick: [0, 1.5], snare: [2], hat: [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5], snareKey: DRUM.snare, hatKey: DRUM.hat },
  four: { kick: [0, 1, 2, 3], snare: [1, 3], hat: [0.5, 1.5, 2.5, 3.5], snareKey: DRUM.clap, hatKey: DRUM.openHat },
  ballad: { kick: [0, 2.5], snare: [1, 3], hat: [0, 1, 2, 3], snareKey: DRUM.stick, hatKey: DRUM.ride },
  waltz: { kick: [0], snare: [1, 2], hat: [0, 1, 2], snareKey: DRUM.stick, hatKey: DRUM.hat },
};

/**
 * The band as MIDI parts: drums (a groove chosen by tempo, crashes at section starts, fills into louder
 * sections), bass, a comping chord instrument, a pad in the louder sections and a lead instrument that
 * plays tunes in the instrumental sections. Programs, panning, levels and density vary by seed;
 * loudness follows section energy.
 * Example: `composeBand(rng, sections, chords, { tonic: 7, mode: 'minor', tempo: 128, beatsPerBar: 4 })`
 */
export function composeBand(rng: Rng, sections: Section[], chords: ChordSpan[], opts: BandOptions): BandPart[] {
  const bpb = opts.beatsPerBar;
  const groove: Groove =
    bpb === 3
      ? 'waltz'
      : opts.tempo < 90
        ? rng.weighted<Groove>(['ballad', 'halftime', 'rock'], [3, 2, 1])
        : opts.tempo > 118
          ? rng.weighted<Groove>(['four', 'rock', 'halftime'], [2, 3, 1])
          : rng.weighted<Groove>(['rock', 'four', 'ballad'], [3, 1, 1]);
  const comp = rng.pick(['block', 'half', 'pulse', 'arp', 'offbeat'] as const);
  const part = (name: BandPart['name'], channel: number, program: Program, pan: number): BandPart => ({
    name,
    channel,
    program: program[0],
    programName: program[1],
    pan,
    volume: rng.int(85, 110),
    reverb: rng.int(25, 90),
    chorus: rng.int(0, 40),
    notes: [],
  });
  const drums = part('drums', 9, [0, 'Standard Kit'], 64);
  const bass = part('bass', 0, rng.pick(PROGRAMS.bass), rng.int(56, 72));
  const keys = part('chords', 1, rng.pick(PROGRAMS.chords), rng.pick([rng.int(20, 50), rng.int(78, 108)]));
  const pad = part('pad', 2, rng.pick(PROGRAMS.pad), rng.int(30, 98));
  const lead = part('lead', 3, rng.pick(PROGRAMS.lead), rng.int(36, 92));
  const hasPad = rng.chance(0.7);
  const hasLead = rng.chance(0.8);
  const vel = (e: number, extra = 0) => Math.max(20, Math.min(127, Math.round(55 + 55 * e + extra + rng.uniform(-5, 5))));

  sections.forEach((s, si) => {
    const next = sections[si + 1];
    for (let b = 0; b < s.bars; b++) {
      const bar0 = (s.startBar + b) * bpb;
      const chord = chords[s.startBar + b];
      const pcs = chordPitchClasses(chord);
      const lastBarOfSong = si === sections.length - 1 && b === s.bars - 1;

      // Drums.
      const g = GROOVES[groove];
      const fill = b === s.bars - 1 && next && next.energy > s.energy + 0.1 && s.energy >= 0.4;
      if (lastBarOfSong) {
        drums.notes.push(
          { beat: bar0, beats: bpb, pitch: DRUM.crash, velocity: vel(s.energy, 15) },
          { beat: bar0, beats: 1, pitch: DRUM.kick, velocity: vel(s.energy, 10) },
        );
      } else {
        if (b === 0 && (s.energy >= 0.6 || si > 0) && s.name !== 'outro')
          drums.notes.push({ beat: bar0, beats: 1, pitch: DRUM.crash, velocity: vel(s.energy, 10) });
        const light = s.energy < 0.4;
        for (const k of g.kick)
          if (!light || k === 0)
            if (k < bpb) drums.notes.push({ beat: bar0 + k, beats: 0.5, pitch: DRUM.kick, velocity: vel(s.energy, k === 0 ? 10 : 0) });
        const fillFrom = fill ? bpb - 1 : bpb;
        if (!light)
          for (const k of g.snare)
            if (k < fillFrom) drums.notes.push({ beat: bar0 + k, beats: 0.5, pitch: g.snareKey, velocity: vel(s.energy, 8) });
        const hats = s.energy > 0.55 ? g.hat : g.hat.filter((h) => Number.isInteger(h));
        for (const h of hats)
          if (h < fillFrom)
            drums.notes.push({ beat: bar0 + h, beats: 0.25, pitch: g.hatKey, velocity: vel(s.energy, Number.isInteger(h) ? -5 : -15) });
        if (fill) {
          const toms = [DRUM.snare, DRUM.tomHigh, DRUM.tomMid, DRUM.tomLow];
          for (let k = 0; k < 4; k++)
            drums.notes.push({ beat: bar0 + bpb - 1 + k * 0.25, beats: 0.25, pitch: toms[k], velocity: vel(s.energy, k * 4) });
        }
      }

      // Bass: root (and fifth), busier when louder.
      const root = chord.root - 12;
      const fifth = root + (chord.quality === 'dim' ? 6 : 7);
      const bassNotes: [number, number, number][] = lastBarOfSong
        ? [[0, bpb, root]]
        : s.energy < 0.45
          ? [[0, bpb, root]]
          : s.energy < 0.75
            ? bpb === 3
              ? [
                  [0, 2, root],
                  [2, 1, fifth],
                ]
              : [
                  [0, 1.5, root],
                  [1.5, 0.5, root],
                  [2, 1, fifth],
                  [3, 1, root],
                ]
            : Array.from({ length: bpb * 2 }, (_, k) => [k / 2, 0.5, k % 4 === 3 ? root + 12 : root] as [number, number, number]);
      for (const [at, len, pitch] of bassNotes)
        bass.notes.push({ beat: bar0 + at, beats: len * 0.95, pitch, velocity: vel(s.energy, at === 0 ? 8 : 0) });

      // Chords: a close voicing around E4.
      const voicing = voice(pcs, 60);
      const pattern: [number, number][] = lastBarOfSong
        ? [[0, bpb]]
        : comp === 'block'
          ? [[0, bpb]]
          : comp === 'half'
            ? bpb === 3
              ? [[0, 3]]
              : [
                  [0, 2],
                  [2, 2],
                ]
            : comp === 'pulse'
              ? Array.from({ length: bpb }, (_, k) => [k, 0.8] as [number, number])
              : comp === 'offbeat'
                ? Array.from({ length: bpb }, (_, k) => [k + 0.5, 0.4] as [number, number])
                : [];
      for (const [at, len] of pattern)
        for (const p of voicing) keys.notes.push({ beat: bar0 + at, beats: len * 0.95, pitch: p, velocity: vel(s.energy, -8) });
      if (comp === 'arp' && !lastBarOfSong) {
        const seq = [...voicing, voicing[1] + 0, voicing[0] + 12];
        for (let k = 0; k < bpb * 2; k++)
          keys.notes.push({ beat: bar0 + k / 2, beats: 0.45, pitch: seq[k % seq.length], velocity: vel(s.energy, -10) });
      }

      // Pad: held chords where the song is louder.
      if (hasPad && (s.name === 'chorus' || s.name === 'bridge' || (s.name === 'intro' && groove === 'ballad') || lastBarOfSong)) {
        for (const p of voice(pcs, 67)) pad.notes.push({ beat: bar0, beats: bpb, pitch: p, velocity: vel(s.energy, -20) });
      }
    }

    // Lead: a tune in the instrumental sections, so "music without singing" still has melody in it.
    if (hasLead && !s.vocal && s.name !== 'outro') lead.notes.push(...leadLine(rng, s, chords, opts, vel));
  });

  const parts = [drums, bass, keys];
  if (pad.notes.length) parts.push(pad);
  if (lead.notes.length) parts.push(lead);
  return parts;
}

/** Chord tones placed as close as possible above and below `centre`. */
function voice(pcs: number[], centre: number): number[] {
  return pcs
    .map((pc) => {
      let p = centre - 6 + ((pc - (centre - 6) + 120) % 12);
      if (p > centre + 6) p -= 12;
      return p;
    })
    .sort((a, b) => a - b);
}

function leadLine(rng: Rng, s: Section, chords: ChordSpan[], opts: BandOptions, vel: (e: number, x?: number) => number): BandNote[] {
  const out: BandNote[] = [];
  const bpb = opts.beatsPerBar;
  const tonic = 72 + opts.tonic;
  let degree = rng.int(0, 4);
  const total = s.bars * bpb;
  let beat = rng.pick([0, 0.5, 1]);
  const min = 60 / opts.tempo >= 0.4 ? 0.5 : 1;
  while (beat < total - 1) {
    const len = Math.min(total - beat, rng.weighted([min, 1, 1.5, 2], [3, 3, 1, 1]));
    degree = Math.max(-3, Math.min(9, degree + rng.weighted([-2, -1, 1, 2, 0], [1, 3, 3, 1, 1])));
    const chord = chords[s.startBar + Math.floor(beat / bpb)];
    if (Number.isInteger(beat)) {
      // Chord tones on the beat: the nearest scale degree that is one.
      const pcs = chordPitchClasses(chord);
      const near = [0, 1, -1, 2, -2].map((o) => degree + o).find((d) => pcs.includes(degreeToMidi(tonic, opts.mode, d) % 12));
      if (near !== undefined) degree = near;
    }
    const pitch = degreeToMidi(tonic, opts.mode, degree);
    if (!rng.chance(0.12)) out.push({ beat: s.startBar * bpb + beat, beats: len * 0.9, pitch, velocity: vel(s.energy, 5) });
    beat += len;
  }
  return out;
}
