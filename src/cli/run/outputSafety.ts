/**
 * The files of a run are checked before any request: outputs must be writable files in existing
 * folders, a file the run did not create is never overwritten (unless --force), and one process
 * at a time owns a journal (an exclusive lock file holding its pid; a lock left by a process that
 * died is taken over).
 */
import { accessSync, constants, existsSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { link, unlink, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

export class OutputError extends Error {
  override name = 'OutputError';
}

/** Problems with one output path, or none. */
function pathProblem(flag: string, path: string): string | undefined {
  const full = resolve(path);
  const folder = dirname(full);
  if (!existsSync(folder)) return `${flag} ${path}: the folder ${folder} does not exist`;
  if (!statSync(folder).isDirectory()) return `${flag} ${path}: ${folder} is not a folder`;
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    return `${flag} ${path}: the folder ${folder} is not writable`;
  }
  if (existsSync(full) && statSync(full).isDirectory())
    return `${flag} ${path}: is a folder; name a file inside it`;
  return undefined;
}

/**
 * Throws an OutputError listing every problem with the output paths. An existing output is the
 * run's own when its journal exists (the run wrote it from that journal); otherwise it belongs to
 * someone else and only `force` lets the run replace it.
 */
export function checkOutputs(
  outputs: { flag: string; path: string }[],
  journal: string,
  force: boolean,
  /** A folder the run writes into (batch files). */
  folder?: { flag: string; path: string },
): void {
  const problems = outputs.flatMap(({ flag, path }) => pathProblem(flag, path) ?? []);
  if (folder !== undefined && !(existsSync(folder.path) && statSync(folder.path).isDirectory()))
    problems.push(`${folder.flag} ${folder.path}: not an existing folder`);
  const ours = existsSync(journal);
  if (!ours && !force)
    for (const { flag, path } of outputs)
      if (existsSync(path) && statSync(path).isFile())
        problems.push(
          `${flag} ${path} already exists and this run did not create it (no ${journal}); ` +
            'choose another name, or add --force to replace it',
        );
  if (problems.length) throw new OutputError(problems.join('\n'));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Creates the lock with this process's pid already in it: written beside it first, then linked
 * into place (which fails if the lock exists). Opening the lock and writing the pid after would
 * leave a moment in which another run reads an empty lock, takes it for a dead one's and takes
 * it over.
 */
async function createHoldingPid(path: string): Promise<void> {
  const draft = `${path}.${process.pid}.${randomUUID()}`;
  await writeFile(draft, `${process.pid}\n`, { flag: 'wx' });
  try {
    await link(draft, path);
  } finally {
    await unlink(draft).catch(() => undefined);
  }
}

/** Holds `<journal>.lock` until `release()`; throws an OutputError naming the holder's pid. */
export async function lockJournal(journal: string): Promise<{ release: () => Promise<void> }> {
  const path = `${journal}.lock`;
  for (let tries = 0; tries < 2; tries++) {
    try {
      await createHoldingPid(path);
      // A process.exit (second Ctrl-C) skips `release`; a kill skips both, and the next run
      // finds the dead pid and takes the lock over.
      const onExit = () => {
        try {
          unlinkSync(path);
        } catch {
          /* already released */
        }
      };
      process.once('exit', onExit);
      const release = async () => {
        process.off('exit', onExit);
        await unlink(path).catch(() => undefined);
      };
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(pid) && pid > 0 && alive(pid))
        throw new OutputError(
          `another scalequest run (pid ${pid}) is writing ${journal}; wait for it or stop it ` +
            `(if no such run exists, delete ${path})`,
        );
      await unlink(path).catch(() => undefined);
    }
  }
  throw new OutputError(`could not take the lock ${path}`);
}
