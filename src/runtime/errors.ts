/**
 * The errors MusicFace throws on purpose, one class per kind of failure a caller can branch on:
 * `if (e instanceof RigError) …`, `if (e instanceof MusicFaceError && e.file) …`. Every message is one
 * sentence naming the file or option and the problem; `file` holds the file when there is one.
 * Errors that "cannot happen" (a broken invariant) stay plain `Error`s.
 */

export interface MusicFaceErrorOptions {
  /** The user's file the failure is about. */
  file?: string;
  cause?: unknown;
}

/**
 * Marks the classes of the family that cannot extend MusicFaceError: the TypeError ones, and track/'s
 * TrackError (the track imports no other stage, so it sets this registered symbol itself).
 */
const FAMILY = Symbol.for('musicface.error');

/** Every error below; `instanceof MusicFaceError` is true for all of them, the TypeError ones included. */
export class MusicFaceError extends Error {
  /** The user's file the failure is about, when there is one. */
  declare readonly file?: string;

  constructor(message: string, options: MusicFaceErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    if (options.file !== undefined) this.file = options.file;
  }

  /** The TypeError members of the family carry a mark instead of this prototype. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // `this` is the class right of `instanceof`: a subclass (RigError, …) keeps the ordinary prototype test.
    // biome-ignore lint/complexity/noThisInStatic: the class name would make every subclass test the mark
    if (this !== MusicFaceError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as { [FAMILY]?: boolean })[FAMILY] === true;
  }
}
Object.defineProperty(MusicFaceError.prototype, FAMILY, { value: true });

/** Makes `instanceof MusicFaceError` true for a class that must extend something else (TypeError). */
export function joinErrorFamily(cls: abstract new (...args: never[]) => Error): void {
  Object.defineProperty(cls.prototype, FAMILY, { value: true });
}

/** The song argument is neither a file path nor decoded audio. */
export class InvalidInputError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInputError';
  }
}
joinErrorFamily(InvalidInputError);

/**
 * An option has a value the library cannot use; `option` names it (seed, style, device, size, …).
 * The message is `<option>: <problem>`, or `{ message }` as given where the sentence names the
 * option its own way ("--seed must be …").
 */
export class InvalidOptionError extends TypeError {
  constructor(
    readonly option: string,
    readonly value: unknown,
    problem: string | { message: string },
  ) {
    super(typeof problem === 'string' ? `${option}: ${problem}` : problem.message);
    this.name = 'InvalidOptionError';
  }
}
joinErrorFamily(InvalidOptionError);

/** A model (generator, neural renderer, face landmarker, auto-emotion) could not be found, read or loaded. */
export class ModelError extends MusicFaceError {}

/** A source separator cannot be used: an unknown spec, its model or plug-in missing or unfit, stems that do not match. */
export class SeparatorError extends MusicFaceError {}

/** A rig, avatar or animation clip (.glb/.vrm) that cannot be read, displayed or fitted. */
export class RigError extends MusicFaceError {}

/** A synthetic or multitrack corpus that cannot be made or read (its tools, manifest, files). */
export class CorpusError extends MusicFaceError {}

/** Training data (shards, takes, neural-renderer data) that cannot be built or read. */
export class DatasetError extends MusicFaceError {}

/** A batch list, its lock or its Redis queue that cannot be used. */
export class BatchError extends MusicFaceError {}

/** The headless browser failed while drawing frames (a page error, no WebGL 2). */
export class RenderError extends MusicFaceError {}

/** A program or package MusicFace runs is missing or will not start (FFmpeg, Chromium, Festival, draco3d, …). */
export class ToolError extends MusicFaceError {}
