/** A stage reports how far it is: `done` of `total` units (seconds of audio, frames, items). */
export interface ProgressEvent {
  stage: string;
  done: number;
  total: number;
  /** Optional item (a song in a batch). */
  item?: string;
}

export type ProgressCallback = (event: ProgressEvent) => void;

export const noProgress: ProgressCallback = () => {};

/** Calls `cb` at most every `intervalMs`, always passing the final event through. */
export function throttleProgress(cb: ProgressCallback, intervalMs = 100): ProgressCallback {
  let last = 0;
  return (e) => {
    const now = Date.now();
    if (e.done >= e.total || now - last >= intervalMs) {
      last = now;
      cb(e);
    }
  };
}
