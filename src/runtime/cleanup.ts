import * as fs from 'node:fs';

/**
 * What this process has made that must not outlive it: temp files of writes in flight, browser profiles,
 * child processes. Code that makes such a thing registers it and unregisters it once it is renamed,
 * removed or ended; when the process is stopped by a signal the CLI runs `cleanUpNow()` before it exits,
 * so an interrupted run leaves nothing behind. Everything here is synchronous: it must work inside a
 * signal handler that is about to call `process.exit`.
 */
type Undo = () => void;

const pending = new Map<number, Undo>();
let nextId = 1;

/** Registers a synchronous undo step; call the returned function once the thing is gone by itself. */
export function onCleanup(undo: Undo): () => void {
  const id = nextId++;
  pending.set(id, undo);
  return () => void pending.delete(id);
}

/** A temp path (file or folder) removed if the process is stopped before it is renamed or removed. */
export function cleanupPath(p: string): () => void {
  return onCleanup(() => fs.rmSync(p, { recursive: true, force: true }));
}

/** A child process killed if this process is stopped first. */
export function cleanupProcess(proc: {
  pid?: number;
  exitCode: number | null;
  signalCode: NodeJS.Signals | null;
  kill(s?: NodeJS.Signals): boolean;
}): () => void {
  return onCleanup(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
}

/** Runs every registered undo step now (children first, then files), newest first. */
export function cleanUpNow(): void {
  const steps = [...pending.values()].reverse();
  pending.clear();
  for (const undo of steps) {
    try {
      undo();
    } catch {
      // best effort: one leftover must not keep the others from going
    }
  }
}

/** Steps registered and not yet undone (for tests and the soak). */
export function pendingCleanups(): number {
  return pending.size;
}
