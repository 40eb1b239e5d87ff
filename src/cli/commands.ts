import type { CliCommand } from './cliCommand';

/** Every subcommand of `scalequest`, in the order `--help` lists them. */
export const commands: CliCommand[] = [];
