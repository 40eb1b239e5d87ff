import type { CliIo } from './cliCommand';
import { UsageError } from './cliCommand';
import { commands } from './commands';
import pkg from '../../package.json' with { type: 'json' };

function helpText(): string {
  const width = Math.max(8, ...commands.map((c) => c.name.length));
  const list = commands.length
    ? commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')
    : '  (none yet)';
  return `scalequest ${pkg.version} — ScaleQuest Studio on the command line

Usage: scalequest <command> [options]
       scalequest <command> --help

Commands:
${list}

Options:
  -h, --help     show this help
  -v, --version  print the version

The browser studio: npm start (then open the printed URL).
`;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    io.stdout.write(helpText());
    return name === undefined ? 1 : 0;
  }
  if (name === '-v' || name === '--version') {
    io.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(
      `scalequest: unknown command '${name}'. Run 'scalequest --help' for the list.\n`,
    );
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage.trimEnd()}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`scalequest ${name}: ${error.message}\n${command.usage.trimEnd()}\n`);
      return 2;
    }
    io.stderr.write(`scalequest ${name}: ${(error as Error).message}\n`);
    return 1;
  }
}
