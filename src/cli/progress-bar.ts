import type { ProgressCallback, ProgressEvent } from '../runtime';

/**
 * Progress for the terminal: one redrawn line per stage on a TTY, nothing when piped
 * (so `musicface … | tool` and CI logs stay clean).
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ProgressCallback {
  if (!stream.isTTY) return () => {};
  let current = '';
  let lastDraw = 0;
  return (e: ProgressEvent) => {
    const label = e.item ? `${e.item} ${e.stage}` : e.stage;
    const now = Date.now();
    const finished = e.done >= e.total;
    if (label === current && !finished && now - lastDraw < 80) return;
    if (label !== current && current) stream.write('\n');
    current = label;
    lastDraw = now;
    stream.write('\r' + formatBar(label, e.done, e.total, stream.columns ?? 80));
    if (finished) {
      stream.write('\n');
      current = '';
    }
  };
}

export function formatBar(label: string, done: number, total: number, columns = 80): string {
  const frac = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const pct = `${Math.floor(frac * 100)}%`.padStart(4);
  const head = `${label.slice(0, 28).padEnd(28)} `;
  const width = Math.max(10, Math.min(40, columns - head.length - 8));
  const fill = Math.round(frac * width);
  return `${head}[${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${pct}`;
}
