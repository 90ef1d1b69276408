/**
 * The task pane in headless Chromium on a generated NCE invoice file (100,000 lines by default): the time from the
 * file chosen to its card shown (import, in the worker), from Refresh pressed to the summary shown (report, layout,
 * writing every sheet into the in-page fake Excel), and the longest tasks of the page's main thread during each
 * (PerformanceObserver 'longtask'; target: none over 100 ms).
 *
 * The workbook is the fake Excel of the writer's tests, running on the page's own thread: the time it spends
 * applying each request is Excel's work in real Office (another process), so it is shown on its own line, the
 * longest single request included.
 *
 * Lines: TASKPANE_BENCH_LINES, else BENCH_LINES when it is smaller (the CI smoke run), else 100,000.
 * TASKPANE_BENCH_DEBUG=1 also lists every long task of the refresh and the pane's user-timing marks.
 */
import { join } from 'node:path';
import { buildHarness, ensureBuild, launch, openPane, RequestLog, ROOT, serve } from '../test/browser/support';
import type { SyncStats } from '../test/browser/harness/fake-office';
import { ensureNceInvoice } from './generate-nce-invoice';
import { envInt, MiB, printTable } from './util';

const LONG_TASK_TARGET_MS = 100;

interface Marks {
  chosen?: number;
  imported?: number;
  refresh?: number;
  summary?: number;
  /** When each step of the refresh was first shown. */
  steps: Array<[string, number]>;
}

/** Page-side timestamps (performance.now, the long tasks' clock) of the moments measured. */
const MARKS_SCRIPT = `(() => {
  const marks = (window.__marks = { steps: [] });
  document.addEventListener('change', (event) => { if (event.target && event.target.type === 'file') marks.chosen = performance.now(); }, true);
  document.addEventListener('click', (event) => {
    const button = event.target && event.target.closest && event.target.closest('button');
    if (button && button.textContent.trim() === 'Refresh') marks.refresh = performance.now();
  }, true);
  const check = () => {
    if (marks.chosen !== undefined && marks.imported === undefined && document.querySelector('[data-testid="file-card"]') && !document.querySelector('[data-testid="import-progress"]')) marks.imported = performance.now();
    if (marks.refresh !== undefined && marks.summary === undefined && document.querySelector('[data-testid="summary"]')) marks.summary = performance.now();
    const progress = document.querySelector('[data-testid="refresh-progress"]');
    if (progress) {
      const step = progress.innerText.split('\\n').find((line) => /…|Reading/.test(line));
      const name = step ? step.replace(/:.*$/, '').replace(/…$/, '') : null;
      if (name && (marks.steps.length === 0 || marks.steps[marks.steps.length - 1][0] !== name)) marks.steps.push([name, performance.now()]);
    }
  };
  new MutationObserver(check).observe(document.body, { childList: true, subtree: true, attributes: true });
})();`;

export async function runTaskpaneBench(): Promise<boolean> {
  const lines = process.env.TASKPANE_BENCH_LINES ? envInt('TASKPANE_BENCH_LINES', 100_000) : Math.min(envInt('BENCH_LINES', 100_000), 100_000);
  const invoice = await ensureNceInvoice(lines);
  ensureBuild();
  const [harness, server] = await Promise.all([buildHarness(), serve(join(ROOT, 'dist'))]);
  const browser = await launch();
  const log = new RequestLog();
  const errors: string[] = [];
  try {
    const settings = { sheet: 'Settings', table: 'Settings', rows: [['Setting', 'Value'], ['Default markup %', '15']] };
    const { page } = await openPane(browser, server.origin, { harness, setup: { tables: [settings] }, log });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.evaluate(MARKS_SCRIPT);
    await page.getByRole('button', { name: 'Choose files…' }).waitFor({ timeout: 10_000 });

    await page.getByLabel('Choose reconciliation files').setInputFiles(invoice.file);
    await page.getByTestId('file-card').waitFor({ timeout: 300_000 });
    await page.waitForFunction(() => (window as unknown as { __marks: Marks }).__marks.imported !== undefined, undefined, { timeout: 300_000 });
    // The card says the cycle in words ("Billed in the October 2026 cycle."); its month is on the caption as data.
    const cycle = await page.getByTestId('file-card').locator('[data-cycle]').getAttribute('data-cycle');
    if (!cycle) throw new Error('the file card shows no cycle');
    // The cycle of the generated file as a custom range (the clock of the machine decides "Last month").
    await page.getByRole('radio', { name: /Custom months/ }).check();
    await page.getByLabel('From month').fill(cycle);
    await page.getByLabel('To month').fill(cycle);
    const syncsBefore = await page.evaluate(() => ({ ...window.__harness.syncStats }));

    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await page.getByTestId('summary').waitFor({ timeout: 600_000 });
    await page.waitForFunction(() => (window as unknown as { __marks: Marks }).__marks.summary !== undefined);
    const marks = await page.evaluate(() => (window as unknown as { __marks: Marks }).__marks);
    const tasks = await page.evaluate(() => window.__harness.longTasks);
    const sync: SyncStats = await page.evaluate(() => window.__harness.syncStats);
    const cost = await page.locator('[data-testid="cycle-summary"]').first().getByTestId('cost').getAttribute('data-exact');
    const sheets = await page.evaluate(() => window.__harness.sheetNames());
    const linesRows = await page.evaluate(() => window.__harness.usedAddress('Billing Lines'));

    const within = (from = 0, to = Infinity) => tasks.filter((task) => task.start + task.duration > from && task.start < to);
    const longest = (list: typeof tasks) => (list.length === 0 ? 0 : Math.max(...list.map((task) => task.duration)));
    const importTasks = within(marks.chosen, marks.imported);
    const refreshTasks = within(marks.refresh, marks.summary);
    const over = (list: typeof tasks) => list.filter((task) => task.duration > LONG_TASK_TARGET_MS).length;
    const seconds = (from?: number, to?: number) => (from === undefined || to === undefined ? 'n/a' : ((to - from) / 1000).toFixed(2));
    const verdict = (list: typeof tasks) => (over(list) === 0 ? 'ok' : 'MISS');
    const refreshSyncs = sync.count - syncsBefore.count;
    const refreshSyncMs = sync.totalMs - syncsBefore.totalMs;
    // A long task less the fake Excel's requests inside it: the pane's own work.
    const own = (task: { start: number; duration: number }) =>
      task.duration - sync.spans.reduce((sum, [start, spent]) => sum + Math.max(0, Math.min(start + spent, task.start + task.duration) - Math.max(start, task.start)), 0);
    const ownLongest = (list: typeof tasks) => Math.round(Math.max(0, ...list.map(own)));
    const ownOver = (list: typeof tasks) => list.filter((task) => own(task) > LONG_TASK_TARGET_MS).length;

    console.log(`\nTask pane in headless Chromium ${browser.version()} (${lines.toLocaleString('en-US')} lines, ${(invoice.bytes / MiB).toFixed(1)} MB; MB = 2^20 bytes; target: no main-thread task over ${LONG_TASK_TARGET_MS} ms):`);
    printTable(
      ['step', 'seconds', 'long tasks', `over ${LONG_TASK_TARGET_MS} ms`, 'longest ms', 'target'],
      [
        ['import (file chosen → card shown)', seconds(marks.chosen, marks.imported), importTasks.length, over(importTasks), Math.round(longest(importTasks)), verdict(importTasks)],
        ['refresh (Refresh → summary shown)', seconds(marks.refresh, marks.summary), refreshTasks.length, over(refreshTasks), Math.round(longest(refreshTasks)), verdict(refreshTasks)],
        ['file chosen → summary shown', seconds(marks.chosen, marks.summary), importTasks.length + refreshTasks.length, over(importTasks) + over(refreshTasks), Math.round(Math.max(longest(importTasks), longest(refreshTasks))), verdict([...importTasks, ...refreshTasks])],
      ],
    );
    console.log(`\nThe same long tasks less the fake Excel's requests inside them (the pane's own work): import longest ${ownLongest(importTasks)} ms, ${ownOver(importTasks)} over ${LONG_TASK_TARGET_MS} ms; refresh longest ${ownLongest(refreshTasks)} ms, ${ownOver(refreshTasks)} over ${LONG_TASK_TARGET_MS} ms ${ownOver(refreshTasks) + ownOver(importTasks) === 0 ? 'ok' : 'MISS'}.`);
    if (process.env.TASKPANE_BENCH_DEBUG) {
      const userMarks = await page.evaluate(() => performance.getEntriesByType('mark').map((mark) => [mark.name, mark.startTime] as [string, number]));
      for (const [name, at] of userMarks) console.log(`  mark ${name} at ${((at - (marks.refresh ?? 0)) / 1000).toFixed(3)} s`);
      for (const task of refreshTasks) console.log(`  long task at ${((task.start - (marks.refresh ?? 0)) / 1000).toFixed(2)} s: ${Math.round(task.duration)} ms, own ${Math.round(own(task))} ms`);
    }
    const steps = [...marks.steps, ['summary shown', marks.summary ?? 0] as [string, number]];
    console.log(`Refresh steps (seconds from Refresh): ${steps.map(([name, at]) => `${name} ${((at - (marks.refresh ?? 0)) / 1000).toFixed(2)}`).join(' · ')}`);
    console.log(
      `Fake Excel on the page's thread during the refresh (Excel's own work in Office): ${refreshSyncs} requests, ${(refreshSyncMs / 1000).toFixed(2)} s in all, the longest ${Math.round(sync.maxMs)} ms. Billing Lines ${linesRows ?? 'empty'}; sheets: ${sheets.join(', ')}.`,
    );
    const costOk = cost === invoice.costTotal;
    console.log(`Cost in the summary: ${cost} (${costOk ? 'exact' : `WRONG, expected ${invoice.costTotal}`}); page errors: ${errors.length === 0 ? 'none' : errors.join('; ')}; hosts asked beyond localhost and Office's CDN: ${log.foreignHosts().join(', ') || 'none'}.`);
    return costOk && errors.length === 0 && log.foreignHosts().length === 0;
  } finally {
    await browser.close();
    await server.close();
  }
}

if (require.main === module) {
  runTaskpaneBench().then(
    (ok) => {
      if (!ok) process.exitCode = 1;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
