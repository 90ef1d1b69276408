/**
 * Customer files are linked one by one (downloads can fail silently in Office's webviews) up to this many; past it,
 * the .zip that holds them all is the one link: a big partner's 3,700 links were as many tab stops in a box 160 px high.
 */
export const MOST_FILE_LINKS = 25;

/** The files of an export to link one by one beside its .zip (all of them where there is no .zip). */
export function filesToLink<T>(files: readonly T[], zipped: boolean): T[] {
  return zipped && files.length > MOST_FILE_LINKS ? [] : [...files];
}
