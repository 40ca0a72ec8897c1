/** One CLI subcommand: its one-line summary, its help text, and what it does with its arguments. */
export interface Command {
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}
