import type { CliCommand } from './cliCommand';
import { dedupCommand } from './commands/dedup';

/** Every subcommand of `scalequest`, in the order `--help` lists them. */
export const commands: CliCommand[] = [dedupCommand];
