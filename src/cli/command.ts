export interface Command {
  name: string;
  /** One line for `dongbo --help`. */
  summary: string;
  /** The full text for `dongbo <name> --help`. */
  help: string;
  /** Runs the command; resolves once it has finished (servers keep the process alive). */
  run(argv: string[], env: NodeJS.ProcessEnv): Promise<void>;
}

export const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
