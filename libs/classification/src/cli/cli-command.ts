/** Where a command writes; tests pass buffers, the binary passes process.stdout/stderr. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

/** One `switchyard <name> ...` subcommand; `run` gets the arguments after the name and returns the exit code. */
export interface CliCommand {
  name: string;
  summary: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

/** Bad arguments: the dispatcher prints the message and the usage, and exits 2. */
export class UsageError extends Error {
  readonly code = 'USAGE';
}
