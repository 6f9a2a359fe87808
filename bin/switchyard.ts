/**
 * `switchyard <command> ...`: the operator CLI. Each command is a CliCommand
 * from the lib that owns its logic; this file only dispatches.
 */
import { classifierCommand, type CliCommand, type CliIo } from '@switchyard/classification';
import { completeCommand, routeCommand } from '@switchyard/client';
import { replayCommand } from '@switchyard/learning';

// To add a command, add its CliCommand here.
const COMMANDS: CliCommand[] = [classifierCommand, replayCommand, routeCommand, completeCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `usage: switchyard <command> [options]\n\ncommands:\n${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}\n`;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`switchyard: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  return command.run(rest, io);
}

if (require.main === module) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`switchyard: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
