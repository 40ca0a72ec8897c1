/** A closed-eye episode: frames [start, end). */
export interface Closure {
  start: number;
  end: number;
}

/** Runs of eye closure above `threshold` (default 0.5). */
export function closures(eye: ArrayLike<number>, threshold = 0.5): Closure[] {
  const out: Closure[] = [];
  let start = -1;
  for (let t = 0; t <= eye.length; t++) {
    const closed = t < eye.length && eye[t] > threshold;
    if (closed && start < 0) start = t;
    if (!closed && start >= 0) {
      out.push({ start, end: t });
      start = -1;
    }
  }
  return out;
}

export interface BlinkStats {
  /** Blinks (closures shorter than `longSeconds`) per second of track. */
  blinksPerSecond: number;
  /** Mean blink duration, seconds. */
  meanBlinkSeconds: number;
  /** Long closings (≥ longSeconds) per minute. */
  longPerMinute: number;
}

/** Blink rate and duration as the paper separates them: closures under 0.5 s are blinks (4.2). */
export function blinkStats(eye: ArrayLike<number>, fps: number, longSeconds = 0.5): BlinkStats {
  const all = closures(eye);
  const longFrames = longSeconds * fps;
  const blinks = all.filter((c) => c.end - c.start < longFrames);
  const seconds = eye.length / fps;
  return {
    blinksPerSecond: blinks.length / seconds,
    meanBlinkSeconds: blinks.length ? blinks.reduce((s, c) => s + c.end - c.start, 0) / blinks.length / fps : 0,
    longPerMinute: ((all.length - blinks.length) / seconds) * 60,
  };
}
