/**
 * An invalid face track or timeline file (track JSON/CSV, Live Link take, person fit, emotion direction);
 * `file` names the file when there is one. Defined here, not in runtime/errors.ts, because the track is a
 * leaf that imports no other stage: it joins the MusicFaceError family by the family's registered mark.
 */
export class TrackError extends Error {
  declare readonly file?: string;

  constructor(message: string, options: { file?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TrackError';
    if (options.file !== undefined) this.file = options.file;
  }
}
Object.defineProperty(TrackError.prototype, Symbol.for('musicface.error'), { value: true });
