import { rngFor } from '../../runtime';
import type { VoiceChoice } from '../composer/score';
import type { BreathParams } from '../singer/breath';
import type { VibratoParams } from '../singer/vibrato';
import type { BiquadSpec } from './biquad';
import type { CompressorParams } from './compressor';
import type { ReverbParams } from './reverb';

/**
 * How one song's vocal is performed and produced, drawn from the song's seed: the singer's vibrato,
 * breath and a small timbre offset, the vocal channel's EQ, compressor and reverb, the backing vocals
 * and the mix level. Recorded in song.json and the manifest (`production`).
 */
export interface Production {
  /** Formant factor actually applied: the voice's own times a per-song offset of ±4 %. */
  formant: number;
  vibrato: VibratoParams | null;
  breath: BreathParams;
  eq: BiquadSpec[];
  /** The threshold is relative to the lead's sung RMS level (dB below it), so it means the same for every song. */
  compressor: (Omit<CompressorParams, 'thresholdDb'> & { thresholdBelowRmsDb: number }) | null;
  reverb: ReverbParams | null;
  backing: BackingPart[];
  /** Peak of the loudest of mixture and stems, dBFS (songs are mastered to different levels). */
  peakDb: number;
}

/**
 * A backing vocal. `double`: the lead's own voice singing the lead's notes again, a little detuned and
 * off time (a double-tracked lead). `harmony`: another singer a diatonic third or sixth away, in the
 * choruses only. Both sit under the lead; the face follows the lead only.
 */
export interface BackingPart {
  role: 'double' | 'harmony';
  /** VOICES name. */
  voice: string;
  /** Scale steps from the lead's note (0 for a double; ±2 = a third, −5 = a sixth below). */
  steps: number;
  detuneCents: number;
  /** Largest start offset of a word against the lead, seconds. */
  jitter: number;
  /** Level relative to the lead, dB. */
  gainDb: number;
  /** −1 (left) … 1 (right). */
  pan: number;
  formant: number;
}

/**
 * The song's production, from its seed. `voices` is the list the harmony singer is drawn from (same
 * language as the lead, so both sing the same words).
 * Example: `chooseProduction(1, 0, score.voice, VOICES)`
 */
export function chooseProduction(seed: number, index: number, lead: VoiceChoice, voices: readonly VoiceChoice[]): Production {
  const r = rngFor(seed, 'song', index, 'production');
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  const formant = r3(lead.formant * r.uniform(0.96, 1.04));
  const vibrato: VibratoParams | null = r.chance(0.75)
    ? {
        rate: r3(r.uniform(4.8, 6.8)),
        depthCents: r3(r.uniform(15, 70)),
        onset: r3(r.uniform(0.1, 0.35)),
        minNote: r3(r.uniform(0.3, 0.6)),
      }
    : null;
  const breath: BreathParams = {
    inhaleChance: r3(r.uniform(0.2, 0.9)),
    inhaleDb: r3(r.uniform(-36, -26)),
    breathinessDb: r3(r.chance(0.3) ? -60 : r.uniform(lead.sex === 'female' ? -30 : -36, lead.sex === 'female' ? -14 : -20)),
  };
  const eq: BiquadSpec[] = [
    { kind: 'highpass', hz: r3(r.uniform(70, 160)), q: 0.707 },
    { kind: 'peak', hz: r3(r.uniform(200, 500)), q: 1, gainDb: r3(r.uniform(-5, 3)) },
    { kind: 'peak', hz: r3(r.uniform(1800, 5000)), q: 1.2, gainDb: r3(r.uniform(-3, 6)) },
    { kind: 'highshelf', hz: r3(r.uniform(7000, 11000)), q: 0.707, gainDb: r3(r.uniform(-2, 6)) },
  ];
  const compressor = r.chance(0.8)
    ? {
        thresholdBelowRmsDb: r3(r.uniform(0, 12)),
        ratio: r3(r.uniform(2, 8)),
        attack: r3(r.uniform(0.003, 0.025)),
        release: r3(r.uniform(0.05, 0.25)),
        kneeDb: r3(r.uniform(0, 8)),
      }
    : null;
  const reverb: ReverbParams | null = r.chance(0.85)
    ? {
        preDelay: r3(r.uniform(0.005, 0.07)),
        roomSize: r3(r.uniform(0.7, 0.95)),
        damping: r3(r.uniform(0.2, 0.7)),
        wetDb: r3(r.uniform(-22, -8)),
      }
    : null;
  const backing: BackingPart[] = [];
  if (r.chance(0.35)) {
    backing.push({
      role: 'double',
      voice: lead.name,
      steps: 0,
      detuneCents: r3(r.uniform(-14, 14)),
      jitter: r3(r.uniform(0.005, 0.03)),
      gainDb: r3(r.uniform(-9, -3)),
      pan: r3(r.uniform(-0.6, 0.6)),
      formant: r3(formant * r.uniform(0.98, 1.02)),
    });
  }
  if (r.chance(0.4)) {
    const same = voices.filter((v) => v.language === lead.language);
    const voice = r.pick(same);
    backing.push({
      role: 'harmony',
      voice: voice.name,
      steps: r.pick([2, 2, -2, -5]),
      detuneCents: 0,
      jitter: r3(r.uniform(0, 0.02)),
      gainDb: r3(r.uniform(-12, -4)),
      pan: r3(r.uniform(-0.7, 0.7)),
      formant: r3(voice.formant * r.uniform(0.97, 1.03)),
    });
  }
  return { formant, vibrato, breath, eq, compressor, reverb, backing, peakDb: r3(r.uniform(-9, -1)) };
}
