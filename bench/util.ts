/** Small helpers shared by the bench sections. */
import { spawn } from 'node:child_process';
import path from 'node:path';

export const MiB = 1024 * 1024;
export const REPO_ROOT = path.resolve(__dirname, '..');

/** A positive integer from the environment ("1_000_000" and "1e6" allowed), else the default. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name}=${raw} is not a positive integer`);
  return value;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface Timed {
  wallMs: number;
  /** CPU time of the whole process: every thread. */
  cpuMs: number;
  /** process.resourceUsage().maxRSS, the kernel's high-water mark for the process (in KiB, given here in MiB). */
  peakRssMiB: number;
}

/** Runs `run` and measures it in this process: wall time, CPU time, peak RSS. */
export async function timed<T extends object>(run: () => Promise<T>): Promise<T & Timed> {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const result = await run();
  const cpu = process.cpuUsage(cpuStart);
  return { ...result, wallMs: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
}

/** Prints an aligned text table: text columns left, numbers right. */
export function printTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): void {
  const cells = rows.map((row) => row.map(String));
  const widths = headers.map((header, i) => Math.max(header.length, ...cells.map((row) => row[i].length)));
  const numeric = headers.map((_, i) => rows.every((row) => typeof row[i] === 'number' || /^[\d.,x-]+$/.test(String(row[i]))));
  const line = (row: readonly string[]) => row.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ');
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of cells) console.log(line(row));
}

/**
 * Runs a bench/ TypeScript file in a fresh Node process (tsx as the loader), so each measurement owns its heap,
 * JIT and RSS. The child's last stdout line is its JSON result; stderr passes through.
 */
export function runChild<T>(script: string, args: readonly string[], nodeFlags: readonly string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', path.join(__dirname, script), ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${script} ${args.join(' ')} exited with ${code}: ${last}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} ${args.join(' ')} printed no result: ${last}`));
      }
    });
  });
}
