/** One CLI subcommand: its one-line summary, its help text, and what it does with its arguments. */
export interface Command {
  summary: string;
  usage: string;
  /**
   * `signal` aborts when the user stops the run (Ctrl-C, SIGTERM, SIGHUP). A command that sets
   * `cancellable` stops at its next step and cleans up itself (batch writes its report); others are
   * ended at once, after the temp files and child processes they registered are removed.
   */
  cancellable?: boolean;
  run(args: string[], signal?: AbortSignal): Promise<number>;
}
