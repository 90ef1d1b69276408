import { setFlagsFromString } from 'node:v8';

/**
 * The command line holds a month's report in memory while it reads a file of up to millions of lines. V8 sizes its
 * heap by how fast it collects, and with memory to spare it lets garbage pile up to several times what is live (a
 * 1,000,000-line file peaked at about 1 GB for 400 MB of live data). Growing the heap by at most a third between full
 * collections keeps the peak of that file under 1 GB (with a half: 1,016–1,026 MB against 943–951 MB, at the same
 * speed, two interleaved pairs). Process-wide: it applies to the workers that read parts of a file too. (See
 * `npm run bench`, section pipeline.)
 *
 * The young generation can only be sized when the process starts (node-flags.json, given by bin/csp-billing.js): with
 * V8's default one, the rows and lines of the part this thread reads outlived young collections and the
 * 1,000,000-line pipeline ran 5–15% slower (interleaved runs). So can the old generation's first limit: at 800 MB the
 * heap is not collected in full while it first grows to hold a large file's buckets, and the 1,000,000-line pipeline
 * ran about an eighth faster (median 17.7 → 15.5 s, five interleaved pairs) for a peak of 880–926 MB against 853–901 MB
 * (a 100,000-line file: 368 MB against 321 MB). With --out the peak rises more (300,000 lines: 1,035 MB against
 * 816 MB, 24.7 s against 27.2 s): its Billing Lines rows are live, and the garbage lies on top of them.
 */
export function keepHeapGrowthModest(): void {
  setFlagsFromString('--heap-growing-percent=35');
}
