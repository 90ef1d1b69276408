/** How large a file must be to be read in parts, and in how many at most (apart from parts.ts: the command line's launcher reads them before the engine loads). */

/** Smaller files are read on one thread: starting a worker would cost more than it saves. */
export const DEFAULT_MIN_BYTES = 32 * 1024 * 1024;

/**
 * Each part holds its own copy of the file's customers and products while it is read (a few hundred MB for a
 * million-line file), so a many-core machine still reads in at most this many parts unless asked for more.
 */
export const MAX_DEFAULT_PARTS = 4;
