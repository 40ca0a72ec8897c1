/** The p-th percentile of a series (nearest rank on a sorted copy; 0 for an empty one). */
export function percentile(x: Float32Array, p: number): number {
  const s = Float32Array.from(x).sort();
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.round((p / 100) * (s.length - 1))))] : 0;
}
