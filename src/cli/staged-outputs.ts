/**
 * The command line's outputs (report workbook, billing CSV, customer files) are written under temporary names beside
 * their places and put in place together once every one of them is written: a run that fails half way (a folder that
 * is a file, a customer file open in Excel, Ctrl-C) leaves the last run's files as they were, never a new report
 * beside last month's statements.
 */
import { accessSync, constants, existsSync, mkdirSync, readdirSync, realpathSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { OutputError } from './output-folders';

interface Staged {
  option: string;
  temp: string;
  final: string;
}

export class StagedOutputs {
  private readonly staged: Staged[] = [];
  private readonly folders: string[] = [];
  /** Output folders this run made: a run that stops takes away those it left empty. */
  private readonly made: string[] = [];
  private settled = false;

  madeFolders(folders: readonly string[]): void {
    this.made.push(...folders);
  }

  /** A file written by `write` to the temporary path it is given; put in place by commit(). */
  async file(option: string, final: string, write: (temp: string) => Promise<void>): Promise<void> {
    removeLeftovers(dirname(final), `.${basename(final)}.`);
    const temp = join(dirname(final), `.${basename(final)}.${process.pid}.staged`);
    this.staged.push({ option, temp, final });
    await write(temp).catch((error: unknown) => {
      throw new OutputError(`${option}: ${final} could not be written (${reasonOf(error)})`);
    });
  }

  /** Files of a folder (customer files): written into a hidden folder inside it, moved out by commit(). */
  async filesIn(option: string, folder: string, files: ReadonlyArray<{ name: string; content: string }>): Promise<void> {
    removeLeftovers(folder, '.');
    const temp = join(folder, `.csp-billing.${process.pid}.staged`);
    this.folders.push(temp);
    try {
      mkdirSync(temp);
      for (const file of files) {
        await writeFile(join(temp, file.name), file.content);
        this.staged.push({ option, temp: join(temp, file.name), final: join(folder, file.name) });
      }
    } catch (error) {
      throw new OutputError(`${option}: the customer files could not be written in ${folder} (${reasonOf(error)})`);
    }
  }

  /**
   * Puts every staged file in its place, all or none: the files there move aside first, and should any rename fail,
   * the new files go and the old ones come back.
   */
  commit(): void {
    // What cannot be replaced is found before anything is: a folder where a file goes, a file made read-only.
    for (const { option, final } of this.staged) {
      const found = statSync(final, { throwIfNoEntry: false });
      if (found?.isDirectory()) throw new OutputError(`${option}: ${final} is a folder; nothing was written`);
      if (found !== undefined && !writable(final)) throw new OutputError(`${option}: ${final} is read-only; nothing was written`);
    }
    const aside: Array<{ final: string; kept: string }> = [];
    const placed: string[] = [];
    let current = this.staged[0];
    try {
      for (const entry of this.staged) {
        current = entry;
        if (!existsSync(entry.final)) continue;
        const kept = join(dirname(entry.final), `.${basename(entry.final)}.${process.pid}.previous`);
        renameSync(entry.final, kept);
        aside.push({ final: entry.final, kept });
      }
      for (const entry of this.staged) {
        current = entry;
        renameSync(entry.temp, entry.final);
        placed.push(entry.final);
      }
    } catch (error) {
      for (const final of placed) rmSync(final, { force: true });
      for (const { final, kept } of aside) renameSync(kept, final);
      throw new OutputError(`${current.option}: ${current.final} could not be replaced (${reasonOf(error)}; is it open in another program?); nothing was written`);
    }
    for (const { kept } of aside) rmSync(kept, { force: true });
    this.staged.length = 0;
    this.made.length = 0;
    this.discard();
  }

  /** Removes whatever was staged and not put in place; synchronous, so a signal handler can call it. */
  discard(): void {
    if (this.settled && this.staged.length === 0 && this.folders.length === 0 && this.made.length === 0) return;
    for (const { temp } of this.staged) removeQuietly(temp);
    for (const { temp } of this.staged) removeQuietly(`${temp}.partial`);
    for (const folder of this.folders) removeQuietly(folder);
    // Innermost first; rmdir refuses a folder something else has since been put in.
    for (const folder of this.made.reverse()) removeEmptyFolder(folder);
    this.staged.length = 0;
    this.folders.length = 0;
    this.made.length = 0;
    this.settled = true;
  }
}

/** Cleaning up is best effort: what cannot be removed must not hide why the run stopped. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // left for the next run's removeLeftovers
  }
}

function removeEmptyFolder(path: string): void {
  try {
    rmdirSync(path);
  } catch {
    // not empty, or gone: left as it is
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** What a run killed outright (no chance to discard) left: staged or set-aside files of a process that is gone. */
function removeLeftovers(folder: string, prefix: string): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const match = /\.(\d+)\.(staged|previous)(\.partial)?$/.exec(name);
    if (!name.startsWith(prefix) || match === null || Number(match[1]) === process.pid || isRunning(Number(match[1]))) continue;
    // A file set aside whose place is empty is the last run's output: it goes back rather than away.
    const final = join(folder, name.slice(1, name.length - match[0].length));
    if (match[2] === 'previous' && !existsSync(final)) renameSync(join(folder, name), final);
    else rmSync(join(folder, name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Files in `folder` named like customer files of the given cycle months ("2026-10 Name.csv") that are not in `written`. */
export function earlierCustomerFiles(folder: string, months: ReadonlySet<string>, written: ReadonlySet<string>): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names.filter((name) => /\.csv$/i.test(name) && months.has(name.slice(0, 7)) && name[7] === ' ' && !written.has(name)).sort();
}

/** Refuses outputs that would replace an input (the reconciliation file, a price list) or one another. */
export function checkOutputsApart(outputs: ReadonlyArray<[string, string | undefined]>, inputs: readonly string[]): void {
  const taken = new Map<string, string>(inputs.map((path) => [placeOf(path), 'an input file']));
  for (const [option, path] of outputs) {
    if (path === undefined) continue;
    const at = placeOf(path);
    const other = taken.get(at);
    if (other !== undefined) throw new OutputError(`${option}: ${path} is ${other}; write the output somewhere else`);
    taken.set(at, `the ${option} output as well`);
  }
}

/** Where a path leads, links followed (a folder reached through a link is the same folder): the file, or where it would go. */
export function placeOf(path: string): string {
  const full = resolve(path);
  try {
    return realpathSync(full);
  } catch {
    try {
      return join(realpathSync(dirname(full)), basename(full));
    } catch {
      return full;
    }
  }
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EBUSY') return 'it is in use';
  return code ?? (error instanceof Error ? error.message : String(error));
}
