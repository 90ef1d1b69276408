/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by source file, and total (inclusive)
 * time of the project's own functions, so a slow import can be pinned on src/import or src/billing.
 *   npx tsx bench/profile-summary.ts <file.cpuprofile>... [top]
 */
import fs from 'node:fs';
import { findSourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { printTable, REPO_ROOT } from './util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** file:///work/main/src/import/records.ts → src/import/records.ts; node internals keep their node: name. */
function shortUrl(url: string): string {
  const local = url.replace(/^file:\/\//, '');
  if (local.startsWith(`${REPO_ROOT}/node_modules/`)) return local.slice(REPO_ROOT.length + 14).replace(/\/.*\//, '/');
  if (local.startsWith(`${REPO_ROOT}/`)) return local.slice(REPO_ROOT.length + 1);
  return local || '(native)';
}

/**
 * tsx strips line breaks, so V8's positions are all on line 1 or 2. Loading the same file here through tsx registers
 * its inline source map, which maps them back to source lines (valid while the file is unchanged since the run).
 */
function sourceLine(url: string, line: number, column: number): number | null {
  if (!url.startsWith(`file://${REPO_ROOT}/src/`) || !url.endsWith('.ts')) return null;
  try {
    const file = fileURLToPath(url);
    require(file);
    const entry = findSourceMap(file)?.findEntry(line, column);
    return entry && 'originalLine' in entry ? entry.originalLine + 1 : null;
  } catch {
    return null;
  }
}

export function summariseProfile(file: string, top = 25): void {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const keys = new Map<number, string>();
  const key = (node: ProfileNode): string => {
    let text = keys.get(node.id);
    if (text === undefined) {
      const { functionName, url, lineNumber, columnNumber } = node.callFrame;
      const line = sourceLine(url, lineNumber, columnNumber) ?? `${lineNumber + 1}:${columnNumber + 1}`;
      text = url ? `${functionName || '(anonymous)'}  ${shortUrl(url)}:${line}` : functionName || '(anonymous)';
      keys.set(node.id, text);
    }
    return text;
  };

  const self = new Map<string, number>();
  const selfByFile = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = profile.timeDeltas[i] / 1000;
    const node = byId.get(profile.samples[i])!;
    all += ms;
    self.set(key(node), (self.get(key(node)) ?? 0) + ms);
    const fileKey = node.callFrame.url ? shortUrl(node.callFrame.url) : node.callFrame.functionName;
    selfByFile.set(fileKey, (selfByFile.get(fileKey) ?? 0) + ms);
    // Inclusive time: every distinct function on the stack, counted once per sample even when recursive.
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const k = key(byId.get(id)!);
      if (!seen.has(k)) total.set(k, (total.get(k) ?? 0) + ms);
      seen.add(k);
    }
  }

  const rows = (map: Map<string, number>, n: number, filter: (k: string) => boolean = () => true) =>
    [...map].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, ms]) => [(ms / 1000).toFixed(2), `${((100 * ms) / all).toFixed(1)}%`, k]);
  console.log(`\nCPU profile ${file}: ${(all / 1000).toFixed(2)} s sampled\n\nTop self time by function:`);
  printTable(['self s', 'share', 'function  file:line'], rows(self, top));
  console.log('\nSelf time by source file:');
  printTable(['self s', 'share', 'file'], rows(selfByFile, 15));
  console.log('\nTotal (inclusive) time of src/ functions:');
  printTable(['total s', 'share', 'function  file:line'], rows(total, top, (k) => k.includes(' src/')));
}

if (require.main === module) {
  // Several files (a glob of one run's threads: node --cpu-prof writes one per thread), and a number for top.
  const args = process.argv.slice(2);
  const top = args.length > 1 && /^\d+$/.test(args[args.length - 1]) ? Number(args.pop()) : undefined;
  if (args.length === 0) throw new Error('usage: npx tsx bench/profile-summary.ts <file.cpuprofile>... [top]');
  for (const file of args) summariseProfile(file, top);
}
