import type { CliCommand } from './cliCommand';
import { extractCommand } from './commands/extract';
import { gradeCommand } from './commands/grade';
import { dedupCommand } from './commands/dedup';
import { runCommand } from './commands/run';

/** Every subcommand of `scalequest`, in the order `--help` lists them. */
export const commands: CliCommand[] = [extractCommand, gradeCommand, dedupCommand, runCommand];
