/**
 * Adds wall-clock seconds per stage into `sink` (for `npm run bench`): `lap(stage)` charges the time
 * since the previous lap (or creation) to `stage`. Without a sink it only keeps time.
 */
export class Stopwatch {
  private t = process.hrtime.bigint();
  constructor(private readonly sink?: Record<string, number>) {}

  lap(stage: string): void {
    const now = process.hrtime.bigint();
    if (this.sink) this.sink[stage] = (this.sink[stage] ?? 0) + Number(now - this.t) / 1e9;
    this.t = now;
  }
}
