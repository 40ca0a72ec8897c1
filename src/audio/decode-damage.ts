import { AsyncLocalStorage } from 'node:async_hooks';
import { AudioFileError } from './audio-file-error';
import { type DamageSpan, locateDamage } from './locate-damage';

/**
 * What to do when a file decodes only in part: a damaged stretch of an mp3 is skipped by the decoder,
 * so everything after it arrives early and the face loses sync with the song.
 */
export interface DecodePolicy {
  /** Refuse damaged audio (`DamagedAudioError`) instead of warning. */
  strict?: boolean;
  /** Where warnings go (one sentence each); default: stderr. */
  onWarning?: (message: string) => void;
}

/** A file with damaged or missing audio, refused because `strict` was set. */
export class DamagedAudioError extends AudioFileError {
  constructor(file: string, problem: string) {
    super(file, problem);
  }
}

const ambient = new AsyncLocalStorage<DecodePolicy>();

/**
 * Runs `fn` with a decode policy that every decode inside it follows unless it is given its own: lets
 * `animateSong` pass `strict`/`onWarning` down to the decoder through code that does not know them.
 */
export function withDecodePolicy<T>(policy: DecodePolicy, fn: () => Promise<T>): Promise<T> {
  return ambient.run(policy, fn);
}

/** The explicit policy where given, else the ambient one. */
export function decodePolicy(explicit: DecodePolicy): DecodePolicy {
  const around = ambient.getStore() ?? {};
  return { strict: explicit.strict ?? around.strict, onWarning: explicit.onWarning ?? around.onWarning };
}

/** m:ss.s */
export function clock(seconds: number): string {
  const s = Math.max(0, seconds);
  const m = Math.floor(s / 60);
  return `${m}:${(s - m * 60).toFixed(1).padStart(4, '0')}`;
}

/** FFmpeg's complaints about the data it decodes (not about options or files). */
export const DECODE_ERROR =
  /Error while decoding|Header missing|Invalid data found|invalid (new )?backstep|overread|corrupt|error decoding|decode_frame|Error parsing/i;

/**
 * Watches one decode: whether FFmpeg reported damage and, at the end, how much shorter the audio is than
 * the container says. Reports by the policy, placing the damage with `locateDamage` (exact, unlike the
 * moment an error line reaches us beside the PCM pipe).
 */
export class DamageWatch {
  private errors = 0;

  constructor(
    private readonly file: string,
    private readonly headerSeconds: number,
    private readonly sampleRate: number,
    private readonly policy: DecodePolicy,
  ) {}

  /** FFmpeg printed `text` while decoding. */
  stderr(text: string): void {
    if (DECODE_ERROR.test(text)) this.errors++;
  }

  /** Under a strict policy, once damage is seen: the error to throw (the decoder stops at its next step). */
  async refusal(): Promise<DamagedAudioError | null> {
    if (this.refused) return this.refused;
    if (!this.policy.strict || !this.errors) return null;
    const span = await this.locate();
    const where = span ? `around ${clock(span.from)}` : 'somewhere';
    this.refused = new DamagedAudioError(
      this.file,
      `damaged audio ${where} (FFmpeg could not decode part of it; refused because of --strict)`,
    );
    return this.refused;
  }

  private locate(): Promise<DamageSpan | null> {
    return locateDamage(this.file, this.sampleRate, (line) => DECODE_ERROR.test(line));
  }

  /** Set under a strict policy once damage is seen (NaN samples, or by `refusal`). */
  refused: DamagedAudioError | null = null;

  private bad = 0;
  private badFrom = 0;
  private badTo = 0;

  /**
   * Replaces NaN and ±Inf samples (a damaged float WAV) by silence, remembering where they were; the
   * separator and the features would turn one of them into a whole track of NaN. `start` is the time of
   * `interleaved[0]`.
   */
  repairNonFinite(interleaved: Float32Array, channels: number, sampleRate: number, start: number): void {
    for (let i = 0; i < interleaved.length; i++) {
      const v = interleaved[i];
      if (v - v === 0) continue; // finite
      const t = start + Math.floor(i / channels) / sampleRate;
      if (!this.bad) this.badFrom = t;
      this.badTo = t;
      this.bad++;
      interleaved[i] = 0;
    }
    if (this.bad && this.policy.strict && !this.refused) {
      this.refused = new DamagedAudioError(
        this.file,
        `has samples that are not numbers (NaN or infinite) at ${clock(this.badFrom)}; refused because of --strict`,
      );
    }
  }

  /** The whole file came through: compare its length with the header's. */
  async finish(decodedSeconds: number): Promise<void> {
    if (this.bad) {
      const where =
        this.badTo - this.badFrom < 0.05 ? `at ${clock(this.badFrom)}` : `between ${clock(this.badFrom)} and ${clock(this.badTo)}`;
      this.warn(
        `${this.file}: ${this.bad} sample${this.bad > 1 ? 's' : ''} ${where} ${this.bad > 1 ? 'are' : 'is'} not a number (NaN or infinite); played as silence`,
      );
    }
    const lost = this.headerSeconds - decodedSeconds;
    // Encoder delay and padding make a clean file differ by a few hundredths of a second.
    const tolerance = this.errors ? 0.1 : Math.max(0.5, 0.01 * this.headerSeconds);
    const missing = lost > tolerance ? lost : 0;
    if (!this.errors && !missing) return;
    let problem: string;
    if (this.errors) {
      const span = await this.locate();
      // One damaged stretch makes a short run of errors; a frame is ~26 ms, so a range under 0.1 s is a point.
      const where = !span
        ? 'somewhere'
        : span.to - span.from < 0.1
          ? `around ${clock(span.from)}`
          : `between ${clock(span.from)} and ${clock(span.to)}`;
      problem = `damaged audio ${where} could not be decoded`;
      problem += missing ? `; ${missing.toFixed(1)} s are missing there, so everything after it plays ${missing.toFixed(1)} s early` : '';
    } else {
      problem = `decodes to ${decodedSeconds.toFixed(1)} s but its header says ${this.headerSeconds.toFixed(1)} s (${missing.toFixed(1)} s are missing: a damaged or cut file)`;
    }
    if (this.policy.strict) throw new DamagedAudioError(this.file, `${problem} (refused because of --strict)`);
    this.warn(`${this.file}: ${problem}`);
  }

  private warn(message: string): void {
    (this.policy.onWarning ?? ((m: string) => process.stderr.write(`musicface: warning: ${m}\n`)))(message);
  }
}
