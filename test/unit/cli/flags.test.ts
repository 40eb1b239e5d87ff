// Flags go through node:util.parseArgs; whatever it or the value checks reject is a usage error.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/cli/cliCommand';
import { dedupCommand } from '../../../src/cli/commands/dedup';
import { runCommand as scalequestRun } from '../../../src/cli/commands/run';
import { choiceFlag, readFlags, wholeFlag } from '../../../src/cli/flags';
import { runCommand } from './runCommand';

const spec = { out: { type: 'string' }, quiet: { type: 'boolean', default: false } } as const;

describe('command flags', () => {
  it('read --name value, --name=value and switches', () => {
    expect(readFlags(['--out', 'a.jsonl', '--quiet'], spec)).toEqual({
      out: 'a.jsonl',
      quiet: true,
    });
    expect(readFlags(['--out=b.jsonl'], spec)).toEqual({ out: 'b.jsonl', quiet: false });
  });

  it('name what is wrong in one short line', () => {
    const usage = (args: string[]) => {
      try {
        readFlags(args, spec);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(usage(['--frobnicate'])).toBe("unknown option '--frobnicate'");
    expect(usage(['--out'])).toMatch(/^option '--out <value>' argument missing/);
    expect(usage(['stray'])).toBe("unexpected argument 'stray'");
    expect(() => wholeFlag('precision', '1.5', 0, 15)).toThrow(
      '--precision needs a whole number from 0 to 15',
    );
    expect(() => choiceFlag('format', 'csv', ['jsonl', 'parquet'])).toThrow(
      '--format must be one of jsonl, parquet',
    );
  });

  it('reach the commands: dedup rejects a bad threshold and an unknown flag', async () => {
    await expect(runCommand(dedupCommand, ['--threshold', '2'], '')).rejects.toThrow(
      '--threshold must be in (0, 1]',
    );
    await expect(runCommand(dedupCommand, ['--threshold=x'], '')).rejects.toBeInstanceOf(
      UsageError,
    );
    await expect(runCommand(dedupCommand, ['--near'], '')).rejects.toThrow(
      "unknown option '--near'",
    );
  });

  it('reach run: --batch-results repeats, and an empty one is refused before anything starts', async () => {
    const base = ['--config', 'missing.json', '--out', 'o.jsonl'];
    await expect(
      runCommand(scalequestRun, [...base, '--batch-results', 'a.jsonl', '--batch-results='], ''),
    ).rejects.toThrow('--batch-results needs a value');
    await expect(runCommand(scalequestRun, [...base, '--batch='], '')).rejects.toThrow(
      '--batch needs a value',
    );
  });
});
