/**
 * Where the command line writes: checked before a long run starts (a mistyped folder should not cost the minutes of
 * reading a large file first), made when the report is written.
 */
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** A place the command line cannot write to: the option and why, in one line. */
export class OutputError extends Error {}

/** Refuses an output whose folder is a file, or whose nearest existing folder cannot be written to. */
export async function checkOutputFolder(option: string, folder: string): Promise<void> {
  let existing = resolve(folder);
  for (;;) {
    const found = await stat(existing).catch(() => null);
    if (found !== null) {
      if (!found.isDirectory()) throw new OutputError(`${option}: ${existing} is a file, not a folder`);
      break;
    }
    if (dirname(existing) === existing) return;
    existing = dirname(existing);
  }
  await access(existing, constants.W_OK).catch(() => {
    throw new OutputError(`${option}: the folder ${existing} cannot be written to`);
  });
}

/**
 * mkdir -p, a level at a time: Node's own recursive mkdir loops for ever where a folder cannot be made under an
 * existing one that refuses it (a path under /proc). Returns the folders it made, outermost first, so a run that
 * stops can take them away again.
 */
export async function makeFolder(option: string, folder: string): Promise<string[]> {
  const path = resolve(folder);
  try {
    await mkdir(path);
    return [path];
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if ((await stat(path)).isDirectory()) return [];
      throw new OutputError(`${option}: ${path} is a file, not a folder`);
    }
    if (code !== 'ENOENT' || dirname(path) === path) throw new OutputError(`${option}: the folder ${path} cannot be made (${code ?? String(error)})`);
    const made = await makeFolder(option, dirname(path));
    await mkdir(path).catch((again: NodeJS.ErrnoException) => {
      throw new OutputError(`${option}: the folder ${path} cannot be made (${again.code ?? again.message})`);
    });
    return [...made, path];
  }
}
