import { type Rng, CorpusError } from '../../runtime';
import type { Section, SectionName } from './score';

export interface FormOptions {
  seconds: number;
  tempo: number;
  beatsPerBar: number;
  /** Seconds left at the end for the last chord to ring. */
  tailSeconds?: number;
}

const ENERGY: Record<SectionName, [number, number]> = {
  intro: [0.3, 0.5],
  verse: [0.42, 0.6],
  chorus: [0.68, 0.85],
  break: [0.5, 0.65],
  bridge: [0.5, 0.7],
  outro: [0.25, 0.45],
};

/** The order sections come in after the intro; the last one before the outro becomes the climax chorus. */
const ORDER: SectionName[] = ['verse', 'chorus', 'break', 'verse', 'chorus', 'bridge', 'chorus', 'break', 'verse', 'chorus'];

/**
 * Lays out the song's sections in whole bars: an instrumental intro, verses and choruses with an
 * instrumental break and a bridge as length allows, a climax chorus (energy 1), an instrumental outro.
 * Example: `composeForm(rng, { seconds: 30, tempo: 120, beatsPerBar: 4 })`
 */
export function composeForm(rng: Rng, opts: FormOptions): Section[] {
  const barSeconds = (opts.beatsPerBar * 60) / opts.tempo;
  const tail = opts.tailSeconds ?? Math.min(1, opts.seconds * 0.08);
  const bars = Math.floor((opts.seconds - tail) / barSeconds + 1e-9);
  if (bars < 2) {
    throw new CorpusError(`a ${opts.seconds} s song at ${opts.tempo} BPM has fewer than 2 bars; ask for longer songs`);
  }
  const plan: { name: SectionName; bars: number }[] = [];
  const edge = bars < 6 ? (bars >= 3 ? 1 : 0) : bars < 20 ? rng.int(1, 2) : rng.pick([2, 2, 4]);
  const intro = edge;
  const outro = bars - intro >= 3 ? Math.min(edge, 2) : 0;
  let left = bars - intro - outro;
  if (intro) plan.push({ name: 'intro', bars: intro });
  const unit = bars < 12 ? 2 : 4;
  let k = 0;
  const middle: { name: SectionName; bars: number }[] = [];
  while (left > 0) {
    const name = ORDER[k % ORDER.length];
    k++;
    if (name === 'break' && (left < unit + 4 || rng.chance(0.3))) continue; // breaks only when there is room
    let len = name === 'break' ? Math.min(unit, 4) : rng.chance(0.5) ? unit : unit * 2;
    if (left - len < 2) len = left; // no stub section at the end
    len = Math.min(len, left);
    middle.push({ name, bars: len });
    left -= len;
  }
  // The song peaks in a chorus right before the outro.
  const last = middle[middle.length - 1];
  last.name = 'chorus';
  plan.push(...middle);
  if (outro) plan.push({ name: 'outro', bars: outro });

  const sections: Section[] = [];
  let bar = 0;
  let choruses = 0;
  for (let i = 0; i < plan.length; i++) {
    const p = plan[i];
    const climax = p === last;
    const [lo, hi] = ENERGY[p.name];
    let energy = rng.uniform(lo, hi);
    if (p.name === 'chorus') energy = Math.min(0.95, energy + 0.04 * choruses++);
    if (climax) energy = 1;
    sections.push({
      name: p.name,
      start: bar * barSeconds,
      end: (bar + p.bars) * barSeconds,
      startBar: bar,
      bars: p.bars,
      energy,
      vocal: p.name === 'verse' || p.name === 'chorus' || p.name === 'bridge',
      climax,
    });
    bar += p.bars;
  }
  return sections;
}
