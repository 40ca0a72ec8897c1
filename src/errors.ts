/**
 * The errors the library throws on purpose, one class per kind a caller can branch on
 * (`if (e instanceof InvalidOptionError && e.option === 'style') …`). Each message is one sentence
 * naming the file or option and the problem.
 */
export { AudioFileError } from './audio';
export { DamagedAudioError } from './audio';
export { InvalidAudioError } from './audio';
export { OutputPathError } from './runtime';

/** The song argument is neither a file path nor decoded audio. */
export class InvalidInputError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

/** An option has a value the library cannot use; `option` names it (seed, style, device, …). */
export class InvalidOptionError extends TypeError {
  constructor(
    readonly option: string,
    readonly value: unknown,
    problem: string,
  ) {
    super(`${option}: ${problem}`);
    this.name = 'InvalidOptionError';
  }
}

/** The generator model could not be found, read or loaded. */
export class ModelError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelError';
  }
}
