/**
 * The task pane in a real browser (`npm run test:browser`): the production build served on localhost, Debian's
 * chromium at the pane's 320 px width (and at 160 px: the pane at 200 % zoom), office.js's CDN answered by a stub,
 * and Office + Excel played by the harness (test/browser/harness: the fake Excel of the writer's tests, seeded with
 * configuration tables). The figures the pane shows are compared with the engine's own report of the same files,
 * computed here in Node.
 *
 * A small runner: steps in order, a screenshot of each in test-artifacts/browser/, "N passed, N failed" last.
 */
import assert from 'node:assert/strict';
import { createWriteStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser, FileChooser, Page } from 'playwright-core';
import { readConfig } from '../../src/billing/config';
import { billingCsv, customerCsvs } from '../../src/exports/billing-exports';
import { summarizeReport } from '../../src/taskpane/lib/report-summary';
import { money, reconciliationText, reportAnnouncement } from '../../src/taskpane/lib/summary-text';
import { buildWorkbookLayout } from '../../src/workbook/build-layout';
import { valueOf } from '../../src/workbook/formats';
import { savedByExcel } from '../helpers/excel-saved';
import type { Selection } from './harness/fake-office';
import { ARTIFACTS, buildHarness, configIn, engineReport, ensureArtifacts, ensureBuild, launch, openPane, RequestLog, ROOT, serve } from './support';

const FIXTURES = join(ROOT, 'test', 'fixtures');
const BILLING = join(FIXTURES, 'billing');
const SAMPLE = join(ROOT, 'sample');
/** "Last month" is the October 2026 cycle on this day. */
const TODAY = '2026-11-15T12:00:00Z';

interface Step {
  name: string;
  run(): Promise<void>;
}

const steps: Step[] = [];
const test = (name: string, run: () => Promise<void>) => steps.push({ name, run });
let shot = 0;

async function screenshot(page: Page, name: string): Promise<void> {
  shot++;
  await page.screenshot({ path: join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true, animations: 'disabled' });
}

/** One step of the pane (import, settings, refresh, export) alone, readable at full size. */
async function screenshotSection(page: Page, section: 'import' | 'settings' | 'refresh' | 'export', name: string): Promise<void> {
  shot++;
  await page.locator(`section[aria-labelledby="${section}-heading"]`).screenshot({ path: join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`), animations: 'disabled' });
}

/** Waits for a condition in the page, failing with `what`. */
async function waitFor(page: Page, what: string, predicate: () => boolean, timeout = 20_000): Promise<void> {
  try {
    await page.waitForFunction(predicate, undefined, { timeout, polling: 10 });
  } catch {
    throw new Error(`timed out waiting for ${what}`);
  }
}

/**
 * Presses Refresh and cancels it once its sheets are being written (each request slowed to 150 ms): the cancel must
 * undo what was written. The new report is built by then (the worker holds it for Export).
 */
async function cancelWhileWriting(page: Page): Promise<void> {
  await page.evaluate(() => window.__harness.setSyncDelay(150));
  try {
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await waitFor(page, 'the writing to begin', () => /Looking at the workbook|Writing the sheets/.test(document.querySelector('[data-testid="refresh-progress"]')?.textContent ?? ''), 20_000);
    await page.getByRole('button', { name: 'Cancel the refresh' }).click();
    await page.getByText('Refresh cancelled. The workbook keeps the previous report.').waitFor({ timeout: 20_000 });
  } finally {
    await page.evaluate(() => window.__harness.setSyncDelay(15));
  }
}

/** Records whether an element ever appeared, and every text it showed (progress can be quicker than a poll). */
async function watch(page: Page, testId: string): Promise<void> {
  // A string, not a function: tsx wraps a function's inner helpers in its own __name(), unknown in the page.
  const id = JSON.stringify(testId);
  await page.evaluate(`(() => {
    const seen = (window.__seen = window.__seen || {});
    const texts = (window.__texts = window.__texts || {});
    const selector = '[data-testid=' + ${id} + ']';
    seen[${id}] = false;
    texts[${id}] = [];
    const check = () => {
      const element = document.querySelector(selector);
      if (!element) return;
      seen[${id}] = true;
      const list = texts[${id}];
      if (list[list.length - 1] !== element.innerText) list.push(element.innerText);
    };
    check();
    new MutationObserver(check).observe(document.body, { childList: true, subtree: true, characterData: true });
  })()`);
}

const seen = (page: Page, testId: string) => page.evaluate((id) => (window as unknown as { __seen: Record<string, boolean> }).__seen[id], testId);
const texts = (page: Page, testId: string) => page.evaluate((id) => (window as unknown as { __texts: Record<string, string[]> }).__texts[id], testId);

/** Every control has a name a screen reader reads, and all but the file input (behind its button) take the focus. */
async function assertLabelled(page: Page): Promise<void> {
  const problems = await page.evaluate(`(() => {
    const problems = [];
    const text = (element) => (element ? element.textContent.trim() : '');
    for (const control of document.querySelectorAll('button, input, select, textarea, a[href]')) {
      const labelledBy = (control.getAttribute('aria-labelledby') || '').split(' ').map((id) => text(document.getElementById(id))).join(' ').trim();
      const labels = control.labels ? [...control.labels].map(text).join(' ').trim() : '';
      const name = control.getAttribute('aria-label') || labelledBy || labels || text(control) || control.getAttribute('title') || '';
      const what = control.tagName.toLowerCase() + (control.type ? '[' + control.type + ']' : '') + ' ' + (control.outerHTML.slice(0, 80));
      if (!name) problems.push('no name: ' + what);
      if (control.tabIndex < 0 && control.type !== 'file') problems.push('not focusable: ' + what);
    }
    return problems;
  })()`);
  assert.deepEqual(problems, []);
}

/**
 * Marks the polite live regions on the page now: a message said later must appear inside one of these (a region
 * mounted together with its text is not announced by every screen reader).
 */
async function markLiveRegions(page: Page): Promise<void> {
  await page.evaluate(() => document.querySelectorAll('[aria-live="polite"]').forEach((region) => region.setAttribute('data-was-there', '')));
}

/** The text of the live region, there since markLiveRegions, that holds `selector`; fails when there is none. */
async function announced(page: Page, selector: string): Promise<string> {
  const text = await page.evaluate((wanted) => {
    const element = document.querySelector(wanted);
    const region = element?.closest('[aria-live="polite"]');
    return region && region.hasAttribute('data-was-there') ? (region.textContent ?? '') : null;
  }, selector);
  assert.ok(text !== null, `${selector} is not in a polite live region that was on the page before it`);
  return text;
}

/** What the focused element is: its text and whether it is disabled (aria-disabled) or the page itself. */
const focusedControl = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    if (element === null || element === document.body) return 'BODY';
    return `${element.textContent?.trim()}${element.getAttribute('aria-disabled') === 'true' ? ' (disabled)' : ''}`;
  });

/** The description a control's aria-describedby points at. */
const description = (page: Page, selector: string) =>
  page.evaluate((wanted) => {
    const ids = (document.querySelector(wanted)?.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
    return ids.map((id) => document.getElementById(id)?.textContent ?? `(no #${id})`).join(' | ');
  }, selector);

/** Why the button named `name` is disabled: the words its aria-describedby points at ('' when it is enabled). */
async function whyDisabled(page: Page, name: string): Promise<string> {
  const button = page.getByRole('button', { name, exact: true });
  if ((await button.getAttribute('aria-disabled')) !== 'true' && !(await button.isDisabled())) return '';
  const ids = ((await button.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  return page.evaluate((wanted) => wanted.map((id) => document.getElementById(id)?.textContent ?? `(no #${id})`).join(' | '), ids);
}

/** Watches (each animation frame, until `until` matches) whether the keyboard's focus fell to the page. */
async function watchFocus(page: Page, until: string): Promise<void> {
  await page.evaluate(`(() => {
    window.__focusDropped = false;
    const watch = () => {
      if (document.activeElement === null || document.activeElement === document.body) window.__focusDropped = true;
      if (!document.querySelector(${JSON.stringify(until)})) requestAnimationFrame(watch);
    };
    watch();
  })()`);
}

/** Fails when the page is wider than the pane (a horizontal scrollbar at 320 px). */
async function assertFitsPane(page: Page, paneWidth = 320): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= paneWidth, `the page is ${width} px wide at a ${paneWidth} px pane`);
}

/**
 * Fails when anything shown reaches past the pane's right edge (a box cut off), or when a word of `whole` (badges,
 * amounts, labels) is broken over two lines.
 */
async function assertNothingCut(page: Page, whole: string): Promise<void> {
  const problems = await page.evaluate(`(() => {
    const problems = [];
    const edge = document.documentElement.clientWidth;
    const hidden = (element) => element.closest('[hidden]') || getComputedStyle(element).clipPath !== 'none';
    for (const element of document.querySelectorAll('body *')) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.right <= edge + 0.5 || hidden(element)) continue;
      problems.push('past the edge (' + Math.round(box.right) + ' px): ' + element.tagName.toLowerCase() + ' ' + (element.textContent || '').trim().slice(0, 40));
    }
    for (const element of document.querySelectorAll(${JSON.stringify(whole)})) {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        // A line may end after a hyphen (2026-10-31, not-a-file.csv), never inside a word.
        for (const word of node.textContent.matchAll(/[^\\s-]+-*/g)) {
          const range = document.createRange();
          range.setStart(node, word.index);
          range.setEnd(node, word.index + word[0].length);
          const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
          if (lines.size > 1) problems.push('"' + word[0] + '" broken over ' + lines.size + ' lines in ' + (element.textContent || '').trim().slice(0, 40));
        }
      }
    }
    return problems;
  })()`);
  assert.deepEqual(problems, []);
}

async function main(): Promise<void> {
  const started = Date.now();
  ensureArtifacts();
  ensureBuild();
  const [harness, server] = await Promise.all([buildHarness(), serve(join(ROOT, 'dist'))]);
  const browser: Browser = await launch();
  const log = new RequestLog();

  // The engine's own figures for what the pane will be given.
  const fixtureConfig = await configIn(BILLING);
  const goodFiles = [join(BILLING, 'nce-invoice-2026-10.csv'), join(FIXTURES, 'nce-invoice-2026-10.csv')];
  const badFile = join(BILLING, 'not-a-reconciliation-file.csv');
  const expected = await engineReport(fixtureConfig.config, [...goodFiles, badFile], ['2026-10']);
  const expectedSummary = summarizeReport(expected.report);

  // ---------------------------------------------------------------------------------------------------------------
  test('in a plain browser with the real office.js: says it is not in Excel, within a few seconds', async () => {
    const { context, page } = await openPane(browser, server.origin, { log, officeJs: 'real' });
    try {
      const begun = Date.now();
      await page.getByTestId('not-in-excel').waitFor({ timeout: 5000 });
      assert.match(await page.getByTestId('not-in-excel').innerText(), /Not running in Excel[\s\S]*(Not running inside an Office application|Office did not respond)/);
      assert.ok(Date.now() - begun < 5000);
      assert.ok(await page.getByRole('button', { name: 'Try the demo with the sample month' }).isVisible());
    } finally {
      await context.close();
    }
  });

  test('outside Office (office.js blocked): says so within a few seconds and offers the demo', async () => {
    const { context, page } = await openPane(browser, server.origin, { log, officeJs: 'blocked', today: TODAY });
    try {
      await page.getByTestId('not-in-excel').waitFor({ timeout: 5000 });
      assert.match(await page.getByTestId('not-in-excel').innerText(), /Not running in Excel/);
      await screenshot(page, 'outside-office');
      await assertFitsPane(page);

      const sample = await configIn(join(SAMPLE, 'config'));
      const sampleFiles = ['nce-invoice-G100000001.csv', 'daily-usage-G100000002.csv'].map((name) => join(SAMPLE, '2026-10', name));
      const sampleReport = summarizeReport((await engineReport(sample.config, sampleFiles, ['2026-10'])).report);
      await page.getByRole('button', { name: 'Try the demo with the sample month' }).click();
      await waitFor(page, 'the demo files to import', () => document.querySelectorAll('[data-testid="file-card"]').length === 2);
      assert.equal(await page.getByRole('button', { name: 'Try it with a sample month' }).count(), 0, 'the demo has the sample already');
      await page.getByRole('button', { name: 'Refresh', exact: true }).click();
      await page.getByTestId('summary').waitFor({ timeout: 20_000 });
      const cycle = page.locator('[data-testid="cycle-summary"][data-month="2026-10"]');
      assert.equal(await cycle.getByTestId('sales').getAttribute('data-exact'), sampleReport.cycles[0].sales.exact);
      assert.equal((await cycle.getByTestId('reconciliation').innerText()).trim(), reconciliationText(sampleReport.cycles[0]).text);
      assert.match(reconciliationText(sampleReport.cycles[0]).text, /Differs from the Microsoft invoices by 0\.06 USD \(invoice G100000002 by 0\.06: billed from a daily usage file, which has no tax and rounds by day, not by meter\)\. /);
      // The demo workbook's preview: the report's totals are formulas, worked out by the fake as Excel would (not 0).
      const preview = page.getByRole('table', { name: 'First rows of Billing Report' });
      await waitFor(page, 'the preview to show the report', () => [...document.querySelectorAll('td')].some((cell) => cell.textContent === 'USD'));
      const previewRows = await preview.locator('tr').evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')));
      const header = previewRows.findIndex((row) => row[3] === 'USD');
      assert.ok(header >= 0, `no cycle header row in the preview: ${JSON.stringify(previewRows)}`);
      const [cost, sales] = [previewRows[header][4], previewRows[header][6]];
      assert.equal(Number(sales), Number(sampleReport.cycles[0].sales.exact), `total sales in the preview: ${sales}`);
      assert.ok(Math.abs(Number(cost) - Number(sampleReport.cycles[0].cost.exact)) < 1e-6, `total cost in the preview: ${cost}`);
      const organization = previewRows[header + 1];
      assert.ok(Number(organization[4]) > 0 && Number(organization[6]) > 0, `the first organization's subtotals in the preview: ${JSON.stringify(organization)}`);
      await screenshot(page, 'demo-summary');
    await screenshotSection(page, 'refresh', 'demo-refresh-section');
      await assertFitsPane(page);
    } finally {
      await context.close();
    }
  });

  test('in an empty workbook: "Try it with a sample month" fills it with the sample, and Refresh bills it', async () => {
    // A day long after the sample's cycle: "Last month" is January 2027, and the pane bills October 2026 instead.
    const pane = await openPane(browser, server.origin, { harness, setup: { tables: [] }, log, today: '2027-02-10T12:00:00Z' });
    try {
      const { page } = pane;
      const tryIt = page.getByRole('button', { name: 'Try it with a sample month' });
      await tryIt.waitFor({ timeout: 10_000 });
      assert.match(await page.getByTestId('sample-offer').innerText(), /This fills this workbook with a fictional partner.s October 2026[\s\S]*Use a new blank workbook/);
      await screenshot(page, 'sample-offer');
      await assertFitsPane(page);
      await assertLabelled(page);
      const sample = await configIn(join(SAMPLE, 'config'));
      const sampleFiles = ['nce-invoice-G100000001.csv', 'daily-usage-G100000002.csv'].map((name) => join(SAMPLE, '2026-10', name));
      const sampleReport = summarizeReport((await engineReport(sample.config, sampleFiles, ['2026-10'])).report);
      await tryIt.click();
      await waitFor(page, 'the sample files to import', () => document.querySelectorAll('[data-testid="file-card"]').length === 2);
      assert.match(await page.getByTestId('sample-done').innerText(), /fictional partner.s October 2026[\s\S]*Press Refresh/);
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'sample-done', 'the focus is on what was done, not lost with the button');
      assert.equal(await tryIt.count(), 0, 'offered no more');
      // The sample's tables as the command line reads them from sample/config, beside the blank sheet of the new workbook:
      // typed as an accountant types them, a price of 7.50 is the number 7.5 (shown 7.50), not text.
      assert.deepEqual(await page.evaluate(() => window.__harness.sheetNames()), ['Sheet1', 'Settings', 'Customers', 'Prices', 'Customer Prices', 'Invoices']);
      const tables = await page.evaluate(() => window.__harness.configTables());
      const number = (cell: string) => (/^-?\d+\.\d+$/.test(cell) ? String(Number(cell)) : cell);
      assert.deepEqual(tables.map((table) => [table.name, table.header, table.rows]), sample.tables.map((table) => [table.name, table.header, table.rows.map((row) => row.map(number))]));
      assert.equal(await page.getByRole('radio', { name: /^Custom months/ }).isChecked(), true, 'the range is the sample’s cycle');
      await page.getByRole('button', { name: 'Refresh', exact: true }).click();
      await page.getByTestId('summary').waitFor({ timeout: 30_000 });
      const cycle = page.locator('[data-testid="cycle-summary"][data-month="2026-10"]');
      assert.equal(await cycle.getByTestId('sales').getAttribute('data-exact'), sampleReport.cycles[0].sales.exact);
      // As `npm run report` prints it.
      assert.equal((await cycle.getByTestId('sales').innerText()).trim(), '30,108.61 USD');
      assert.equal((await cycle.getByTestId('reconciliation').innerText()).trim(), reconciliationText(sampleReport.cycles[0]).text);
      assert.ok((await page.evaluate(() => window.__harness.sheetNames())).includes('Billing Report'));
      await screenshot(page, 'sample-summary');
    } finally {
      await pane.context.close();
    }
  });

  test('in a workbook with a cell of the accountant’s typed after the offer: the sample month is not added', async () => {
    const pane = await openPane(browser, server.origin, { harness, setup: { tables: [] }, log, today: TODAY });
    try {
      const { page } = pane;
      const tryIt = page.getByRole('button', { name: 'Try it with a sample month' });
      await tryIt.waitFor({ timeout: 10_000 });
      await page.evaluate(() =>
        window.__harness.excel.run(async (context) => {
          context.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [['Budget 2027']];
          await context.sync();
        }),
      );
      await tryIt.click();
      await page.getByText(/The sample month was not added: this workbook is no longer empty \(the sheet "Sheet1" holds cells\)/).waitFor({ timeout: 10_000 });
      assert.equal(await tryIt.count(), 0, 'offered no more');
      assert.deepEqual(await page.evaluate(() => window.__harness.sheetNames()), ['Sheet1']);
      assert.equal(await page.getByTestId('file-card').count(), 0);
    } finally {
      await pane.context.close();
    }
  });

  // ---------------------------------------------------------------------------------------------------------------
  const { context, page } = await openPane(browser, server.origin, { harness, setup: { tables: fixtureConfig.seed, syncDelayMs: 15 }, log, today: TODAY, height: 700 });
  const downloads: string[] = [];

  test('in Excel: imports files, each with its format, invoice, billing date, lines, cost and problems', async () => {
    await page.getByRole('button', { name: 'Choose files…' }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'empty-pane');
    await assertFitsPane(page);
    // The workbook holds the accountant's tables: the sample month is never offered there.
    assert.equal(await page.getByRole('button', { name: 'Try it with a sample month' }).count(), 0);
    // The file input behind "Choose files…" is not a second button for a screen reader.
    assert.equal(await page.getByRole('button', { name: /choose/i }).count(), 1);
    assert.doesNotMatch(await page.locator('body').ariaSnapshot(), /Choose reconciliation files/);
    // Disabled controls stay discoverable and say why.
    const refreshButton = page.getByRole('button', { name: 'Refresh', exact: true });
    assert.equal(await refreshButton.getAttribute('aria-disabled'), 'true');
    assert.ok((await refreshButton.evaluate((button) => (button as HTMLElement).tabIndex)) >= 0, 'Refresh takes the focus on the empty pane');
    assert.equal(await description(page, 'section[aria-labelledby="refresh-heading"] button[aria-disabled="true"]'), 'Import files first (step 1).');
    for (const name of ['Download billing CSV', 'Download customer files (.zip)', 'Write billing export to a sheet']) {
      const id = await page.getByRole('button', { name }).getAttribute('aria-describedby');
      assert.equal(await page.evaluate((wanted) => document.getElementById(wanted ?? '')?.textContent, id), 'Available after a refresh (step 3).', name);
    }
    await markLiveRegions(page);
    // From the keyboard: Tab to "Choose files…", Enter opens the file picker. Playwright intercepts the picker only
    // once its listener is set up in the browser, which can lag behind a key press: the listener is registered first,
    // and Enter is pressed again (focus checked each time) if no picker came.
    const chooserShown = new Promise<FileChooser>((resolve) => page.once('filechooser', resolve));
    await page.keyboard.press('Tab');
    let chooser: FileChooser | null = null;
    for (let attempt = 1; chooser === null && attempt <= 3; attempt++) {
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Choose files…');
      await page.keyboard.press('Enter');
      chooser = await Promise.race([chooserShown, new Promise<null>((resolve) => setTimeout(() => resolve(null), 5_000))]);
    }
    assert.ok(chooser !== null, 'Enter on "Choose files…" opens the file picker');
    assert.ok(chooser.isMultiple(), 'several files can be picked at once');
    await chooser.setFiles([...goodFiles, badFile]);
    await watchFocus(page, 'section[aria-labelledby="import-heading"] [role="status"] .fui-MessageBar');
    await waitFor(page, 'three file cards', () => document.querySelectorAll('[data-testid="file-card"]').length === 3);
    const cards = page.getByTestId('file-card');
    // What the import did is said in the section's live region, naming the rejected file.
    await waitFor(page, 'the import said', () => /Imported/.test(document.querySelector('section[aria-labelledby="import-heading"] [role="status"]')?.textContent ?? ''));
    assert.match(
      await announced(page, 'section[aria-labelledby="import-heading"] [role="status"] .fui-MessageBar'),
      /^Imported 2 files of 3; 1 rejected: not-a-reconciliation-file\.csv \(row 1: not a Partner Center reconciliation file\)\.$/,
    );
    assert.equal(await page.evaluate(() => window.__focusDropped), false, 'the focus stayed on "Choose files…" while the files were read');
    assert.equal(await focusedControl(page), 'Choose files…');
    // Two files of the same name are told apart, and each card's controls name their file.
    assert.deepEqual(await page.getByTestId('file-name').allInnerTexts(), ['nce-invoice-2026-10.csv', 'nce-invoice-2026-10.csv (2)', 'not-a-reconciliation-file.csv']);
    assert.equal(expected.documents[1].fileName, 'nce-invoice-2026-10.csv (2)', 'the engine bills it under the name its card shows');
    assert.equal(await page.getByRole('textbox', { name: 'Billing date of nce-invoice-2026-10.csv (2)' }).count(), 1);
    assert.equal(await page.getByRole('button', { name: 'Show details of not-a-reconciliation-file.csv' }).count(), 1);
    assert.equal(await page.getByRole('listitem', { name: 'nce-invoice-2026-10.csv (2)' }).count(), 1);
    assert.equal(await cards.first().getAttribute('aria-label'), null, 'a card is named by its title, its content not hidden');
    for (let i = 0; i < expected.documents.length; i++) {
      const document = expected.documents[i];
      const card = cards.nth(i);
      assert.equal(await card.getByTestId('file-name').innerText(), document.fileName);
      const facts = await card.getByTestId('file-facts').innerText();
      if (document.status === 'imported') {
        assert.equal(await card.getByTestId('file-status').innerText(), 'Imported');
        assert.ok(facts.includes(document.formatLabel), `${document.fileName}: format "${document.formatLabel}" in "${facts}"`);
        for (const invoice of document.invoiceNumbers) assert.ok(facts.includes(invoice), `${document.fileName}: invoice ${invoice}`);
        assert.ok(facts.includes(`${document.lineCount.toLocaleString('en-US')} line`), `${document.fileName}: ${document.lineCount} lines in "${facts}"`);
        for (const [currency, cost] of Object.entries(document.costTotal)) {
          const text = `cost ${money({ rounded: cost.toFixed(2), currency })}`;
          assert.ok(facts.includes(text), `${document.fileName}: "${text}" in "${facts}"`);
        }
        // The box shows the day as the accountant's Excel writes it (this browser's language: en-US).
        const date = await card.getByLabel('Billing date').inputValue();
        const [year, month, day] = new Date(document.billingDate!).toISOString().slice(0, 10).split('-');
        assert.equal(date, `${month}/${day}/${year}`);
      } else {
        assert.equal(await card.getByTestId('file-status').innerText(), 'Rejected');
        assert.match(await card.getByTestId('file-problem').innerText(), /not a Partner Center reconciliation file/);
      }
    }
    await screenshot(page, 'files-imported');
    await screenshotSection(page, 'import', 'import-section');
    await assertFitsPane(page);
    await assertLabelled(page);
  });

  test('Refresh: progress, then the summary with the engine’s own cost, sales and margin', async () => {
    await watch(page, 'refresh-progress');
    await markLiveRegions(page);
    // From the keyboard: the focus stays on Refresh (disabled, but focusable) while it runs, never falls to the page.
    await page.getByRole('button', { name: 'Refresh', exact: true }).focus();
    await watchFocus(page, '[data-testid="summary"]');
    await page.keyboard.press('Enter');
    await page.getByTestId('refresh-progress').waitFor({ timeout: 5000 });
    assert.equal(await focusedControl(page), 'Refresh (disabled)');
    await screenshotSection(page, 'refresh', 'refresh-progress');
    await page.getByTestId('summary').waitFor({ timeout: 30_000 });
    assert.ok(await seen(page, 'refresh-progress'), 'the refresh progress was never shown');
    // The keyboard's focus is on the button it left (disabled while the refresh ran), never lost to the page.
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Refresh');
    assert.equal(await page.evaluate(() => window.__focusDropped), false, 'the focus left Refresh while it ran');
    // The live region says the report's figures, not only that it was written.
    const said = await announced(page, '[data-testid="refresh-done"]');
    assert.ok(said.includes(reportAnnouncement(expectedSummary)), `"${said}" says the figures`);
    assert.match(said, /October 2026, USD: sales .*, cost .*, margin .*\. .*\. \d+ customers? not linked, \d+ products? without a price\./);
    // The customer and product links are underlined, not told from the text by colour alone; in forced colours too.
    const underlined = () => page.locator('[data-testid="unlinked"] button, [data-testid="unpriced"] button').evaluateAll((links) => links.map((link) => getComputedStyle(link).textDecorationLine));
    assert.ok((await underlined()).length > 0 && (await underlined()).every((line) => line.includes('underline')), `links: ${(await underlined()).join(', ')}`);
    await page.emulateMedia({ forcedColors: 'active' });
    assert.ok((await underlined()).every((line) => line.includes('underline')), 'underlined in forced colours');
    await screenshotSection(page, 'refresh', 'summary-forced-colors');
    await page.emulateMedia({ forcedColors: 'none' });
    assert.equal(expectedSummary.cycles.length, 1);
    for (const cycle of expectedSummary.cycles) {
      const card = page.locator(`[data-testid="cycle-summary"][data-month="${cycle.month}"][data-currency="${cycle.currency}"]`);
      assert.equal((await card.getByTestId('cost').innerText()).trim(), money(cycle.cost));
      assert.equal((await card.getByTestId('sales').innerText()).trim(), money(cycle.sales));
      assert.equal((await card.getByTestId('margin').innerText()).trim(), `${money(cycle.margin)}${cycle.marginPercent !== null ? ` (${cycle.marginPercent} %)` : ''}`);
      assert.equal(await card.getByTestId('cost').getAttribute('data-exact'), cycle.cost.exact);
      assert.equal(await card.getByTestId('sales').getAttribute('data-exact'), cycle.sales.exact);
      assert.equal(await card.getByTestId('margin').getAttribute('data-exact'), cycle.margin.exact);
      assert.equal((await card.getByTestId('reconciliation').innerText()).trim(), reconciliationText(cycle).text);
    }
    const unlinked = await page.getByTestId('unlinked').getByRole('button').allInnerTexts();
    assert.deepEqual(unlinked, expectedSummary.unlinkedCustomers.map((c) => c.name || c.customerId));
    await screenshot(page, 'summary');
    await screenshotSection(page, 'refresh', 'summary-section');
    await assertFitsPane(page);
    await assertLabelled(page);
  });

  test('the workbook holds the report sheets and the engine’s layout, beside the user’s tables', async () => {
    const names = await page.evaluate(() => window.__harness.sheetNames());
    for (const sheet of ['Billing Report', 'Customer Summary', 'Billing Lines', 'Billing Pivots', 'Reconciliation', 'Customer Statements', 'Customers', 'Prices']) {
      assert.ok(names.includes(sheet), `sheet ${sheet} in ${names.join(', ')}`);
    }
    assert.ok(!names.some((name) => name.startsWith('~')), `no temporary sheet left: ${names.join(', ')}`);
    const layout = buildWorkbookLayout(expected.report, { config: fixtureConfig.config, documents: expected.documents });
    for (const sheetName of ['Billing Report', 'Reconciliation', 'Customer Statements']) {
      const sheet = layout.sheets.find((candidate) => candidate.name === sheetName)!;
      const rows = Math.min(sheet.rows.length, 15);
      const written = await page.evaluate(([name, address]) => window.__harness.values(name, address), [sheetName, `A1:B${rows}`] as const);
      let compared = 0;
      sheet.rows.slice(0, rows).forEach((row, r) => {
        for (let c = 0; c < 2; c++) {
          const value = valueOf(row.cells[c]);
          if (typeof value !== 'string' && typeof value !== 'number') continue;
          assert.equal(written[r][c], value, `${sheetName} row ${r + 1} column ${c + 1}`);
          compared++;
        }
      });
      assert.ok(compared >= 5, `${sheetName}: compared ${compared} cells`);
    }
    // Two files of one name are named apart on the Reconciliation sheet as on their cards: each invoice's own file.
    const reconciliation = (await page.evaluate(() => window.__harness.values('Reconciliation', 'A1:L60'))).flat().map(String);
    for (const name of ['nce-invoice-2026-10.csv', 'nce-invoice-2026-10.csv (2)']) {
      assert.ok(reconciliation.includes(name), `the Reconciliation sheet names ${name}`);
    }
    const lines = layout.sheets.find((sheet) => sheet.name === 'Billing Lines')!.tables[0];
    const tables = await page.evaluate(() => window.__harness.tables());
    const billingLines = tables.find((table) => table.name === 'BillingLines');
    assert.ok(billingLines, 'the BillingLines table');
    assert.equal(billingLines.sheet, 'Billing Lines');
    assert.deepEqual(billingLines.columns, lines.columns);
    assert.equal(Number(/(\d+)$/.exec(billingLines.address)![1]), lines.lastRow + 1, 'BillingLines rows');
  });

  test('clicking an unlinked customer selects its row in the Customers table', async () => {
    const customer = expectedSummary.unlinkedCustomers[0];
    assert.ok(customer, 'the fixtures have an unlinked customer');
    await page.getByTestId('unlinked').getByRole('button', { name: customer.name || customer.customerId }).click();
    await page.getByText(/Selected .* in the Customers table/).waitFor({ timeout: 10_000 });
    const selections: Selection[] = await page.evaluate(() => window.__harness.selections);
    const selected = selections.filter((s) => s.kind === 'select').pop()!;
    assert.equal(selected.sheet, 'Customers');
    const row = await page.evaluate((address) => window.__harness.values('Customers', address.replace(/^([A-Z]+)(\d+):[A-Z]+(\d+)$/, 'A$2:A$3')), selected.address!);
    assert.equal(String(row[0][0]).toLowerCase(), customer.customerId.toLowerCase());
    assert.ok(selections.some((s) => s.kind === 'activate' && s.sheet === 'Customers'), 'the Customers sheet was activated');
    await screenshotSection(page, 'refresh', 'customer-selected');
  });

  test('"Show the other …" shows the rest of a long list and hands the keyboard\'s focus to the first item it showed', async () => {
    const more = page.getByRole('button', { name: /^Show (the other|\d+ more)/ }).first();
    assert.ok((await more.count()) > 0, 'the fixtures make a list longer than the pane first shows');
    const items = () => document.querySelectorAll('[data-testid="unpriced"] li, [data-testid="unlinked"] li').length;
    const before = await page.evaluate(items);
    await more.click();
    await page.waitForFunction((count) => document.querySelectorAll('[data-testid="unpriced"] li, [data-testid="unlinked"] li').length > count, before, { timeout: 5000 });
    assert.equal(await page.evaluate(() => document.activeElement?.closest('li')?.querySelector('button') === document.activeElement), true);
  });

  test('a dark system (or Office) theme gives the pane Fluent’s dark theme, and light again', async () => {
    const background = () => page.evaluate(() => getComputedStyle(document.querySelector('.fui-FluentProvider')!).backgroundColor);
    const brightness = (color: string) => (color.match(/\d+/g) ?? []).slice(0, 3).reduce((sum, channel) => sum + Number(channel), 0);
    assert.ok(brightness(await background()) > 600, `light: ${await background()}`);
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      await waitFor(page, 'the dark theme', () => {
        const rgb = (getComputedStyle(document.querySelector('.fui-FluentProvider')!).backgroundColor.match(/\d+/g) ?? []).slice(0, 3).map(Number);
        return rgb.length === 3 && rgb[0] + rgb[1] + rgb[2] < 200;
      }, 5000);
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), await background(), 'the page behind the pane is dark too');
      await screenshotSection(page, 'refresh', 'summary-dark');
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
    await waitFor(page, 'the light theme again', () => getComputedStyle(document.querySelector('.fui-FluentProvider')!).backgroundColor === 'rgb(255, 255, 255)', 5000);
  });

  test('Export: the billing CSV and the customer files are the engine’s, and the export can go to a sheet', async () => {
    // Each button is disabled while its export runs, and the keyboard's focus stays on it all along: never the page's.
    // Text, not a function: tsx would name the inner function with a helper the page does not have.
    await page.evaluate(`(() => {
      window.__focusDropped = false;
      const watch = () => {
        if (document.activeElement === null || document.activeElement === document.body) window.__focusDropped = true;
        requestAnimationFrame(watch);
      };
      watch();
    })()`);
    const focusBack = async (name: string) => {
      await page.waitForFunction((button) => document.activeElement?.textContent?.trim() === button, name, { timeout: 5000 });
      assert.equal(await page.evaluate(() => window.__focusDropped), false, `the focus left ${name} while its export ran`);
    };
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download billing CSV' }).press('Enter')]);
    await focusBack('Download billing CSV');
    const csvPath = join(ARTIFACTS, csv.suggestedFilename());
    await csv.saveAs(csvPath);
    downloads.push(csvPath);
    assert.equal(readFileSync(csvPath, 'utf8'), billingCsv(expected.report));
    const [zip] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download customer files (.zip)' }).press('Enter')]);
    await focusBack('Download customer files (.zip)');
    const zipPath = join(ARTIFACTS, zip.suggestedFilename());
    await zip.saveAs(zipPath);
    const entries = unzipSync(readFileSync(zipPath));
    const wanted = customerCsvs(expected.report);
    assert.deepEqual(Object.keys(entries).sort(), wanted.map((file) => file.fileName).sort());
    for (const file of wanted) assert.equal(new TextDecoder('utf-8', { ignoreBOM: true }).decode(entries[file.fileName]), file.content);
    for (const file of wanted) assert.ok(!/cost|margin/i.test(file.content.split('\r\n')[0]), `${file.fileName} has no cost column`);
    await page.getByRole('button', { name: 'Write billing export to a sheet' }).press('Enter');
    await page.getByText(/Written to the sheet "Billing Export"/).waitFor({ timeout: 20_000 });
    await focusBack('Write billing export to a sheet');
    const header = await page.evaluate(() => window.__harness.values('Billing Export', 'A1:U1'));
    assert.deepEqual(header[0], billingCsv(expected.report).replace(/^\uFEFF/, '').split('\r\n')[0].split(','));
    await screenshotSection(page, 'export', 'exported');
    await assertFitsPane(page);
  });

  test('an edited billing date moves the file to another cycle, and is kept in the Invoices table', async () => {
    const card = page.getByTestId('file-card').nth(1);
    const [invoice, ...others] = expected.documents[1].invoiceNumbers;
    assert.deepEqual(others, [], 'the file holds one invoice');
    const invoiceRow = async () => {
      const tables = await page.evaluate(() => window.__harness.configTables());
      const table = tables.find((t) => t.name === 'Invoices')!;
      // The user's table: the three columns of the contract, no helper column.
      assert.deepEqual(table.header, ['Invoice number', 'Billing date', 'Microsoft total']);
      return table.rows.find((row) => row[0] === invoice);
    };
    // The first refresh added the invoice's row, dated as its file is; the Microsoft total is left for the user.
    assert.deepEqual(await invoiceRow(), [invoice, '2026-10-31', '']);
    const input = card.getByLabel('Billing date');
    // Emptied, the box shows the date the file is billed on again (the card still said it is billed in October).
    await input.fill('');
    await input.blur();
    assert.equal(await input.inputValue(), '10/31/2026');
    await input.fill('');
    await input.press('Enter');
    assert.equal(await input.inputValue(), '10/31/2026');
    await card.getByText('Billed in the October 2026 cycle.').waitFor({ timeout: 5000 });
    // A date that cannot be read stays as typed, with how to type it; nothing is saved.
    await input.fill('31/09/2026');
    await input.press('Enter');
    await card.getByText('Type the date as MM/DD/YYYY, for example 10/31/2026.').waitFor({ timeout: 5000 });
    assert.equal(await input.inputValue(), '31/09/2026');
    assert.deepEqual(await invoiceRow(), [invoice, '2026-10-31', '']);
    // Typed as the accountant's Excel writes days.
    await input.fill('9/30/2026');
    await input.press('Enter');
    await card.getByText('Billed in the September 2026 cycle.').waitFor({ timeout: 5000 });
    assert.equal(await input.inputValue(), '09/30/2026');
    assert.equal(await card.getByText(/Type the date as/).count(), 0);
    assert.equal(await card.getByText("Set by you; the file's own date is 10/31/2026.").count(), 1);
    assert.ok(await card.getByRole('button', { name: "Use the file's date" }).isVisible());
    // A date outside the file's billing period is asked about on the card at once, not only after a refresh.
    assert.equal(
      await card.getByTestId('billing-date-doubt').innerText(),
      '09/30/2026: before its billing period (10/01/2026 to 10/31/2026), which its charges put in the October 2026 cycle: is the date right (day and month the wrong way round)?',
    );
    // The date the refresh had written is named, and kept for "Use the file's date".
    await page.getByText(`Saved in the Invoices table: billing date 09/30/2026 for invoice ${invoice}, in place of 10/31/2026 that the table held: "Use the file's date" puts it back.`).waitFor({ timeout: 10_000 });
    // Only its Billing date changed: a reload of the pane, and the command line, bill the file in September.
    assert.deepEqual(await invoiceRow(), [invoice, '2026-09-30', '']);
    const config = readConfig(await page.evaluate(() => window.__harness.configTables()));
    assert.deepEqual(config.problems, []);
    assert.equal(config.config.invoices.get(invoice.toLowerCase())?.billingDate, Date.UTC(2026, 8, 30));
    // The report shown is no longer the files': said, and not exported until refreshed.
    await page.getByTestId('refresh-stale').waitFor({ timeout: 5000 });
    assert.match(await announced(page, '[data-testid="refresh-stale"]'), /Changed since this report/);
    assert.ok(await page.getByTestId('export-stale').isVisible());
    assert.match(await description(page, 'section[aria-labelledby="export-heading"] button[aria-disabled="true"]'), /press Refresh before exporting/);
    assert.equal(await page.getByRole('button', { name: 'Download billing CSV' }).isDisabled(), true);
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await page.getByTestId('refresh-done').waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('refresh-stale').count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Download billing CSV' }).isDisabled(), false);
    const outside = await page.getByTestId('summary').innerText();
    // Named as its card names it: the other file of that name is billed in the range.
    assert.match(outside, /Outside the date range, not billed: nce-invoice-2026-10\.csv \(2\) \(September 2026\)\./);
    // The billing export written to a sheet before was written again with this report, not left with the last one's.
    assert.match(await page.getByTestId('refresh-done').innerText(), /Customer Statements, Billing Export\./);
    const exportSheet = () => page.evaluate(() => window.__harness.values('Billing Export', window.__harness.usedAddress('Billing Export')!));
    const rewritten = await exportSheet();
    await page.getByRole('button', { name: 'Write billing export to a sheet' }).click();
    await page.getByText(/Written to the sheet "Billing Export"/).waitFor({ timeout: 20_000 });
    assert.deepEqual(rewritten, await exportSheet());
    await screenshot(page, 'billing-date-moved');
    // The accountant corrects the date in the Invoices table since: the table outranks the card, as for the command line.
    await page.evaluate(`window.__harness.excel.run(async (context) => {
      const body = context.workbook.tables.getItem('Invoices').getDataBodyRange().load('values');
      await context.sync();
      const row = body.values.findIndex((values) => values[0] === ${JSON.stringify(invoice)});
      body.getCell(row, 1).values = [['2026-10-15']];
      await context.sync();
    })`);
    await page.getByTestId('refresh-stale').waitFor({ timeout: 5000 });
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await page.getByTestId('refresh-done').waitFor({ timeout: 30_000 });
    await card.getByText('Billed in the October 2026 cycle.').waitFor({ timeout: 5000 });
    assert.equal(await card.getByLabel('Billing date').inputValue(), '10/15/2026');
    assert.doesNotMatch(await page.getByTestId('summary').innerText(), /Outside the date range/);
    await card.getByRole('button', { name: "Use the file's date" }).click();
    await card.getByText('Billed in the October 2026 cycle.').waitFor({ timeout: 5000 });
    // The button went with the override: the keyboard's focus moves to the date, not to the page.
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.getAttribute('placeholder')), 'MM/DD/YYYY');
    await page.getByText(`Put back in the Invoices table: billing date 10/31/2026 for invoice ${invoice}, as the table held it before; the file is billed on it.`).waitFor({ timeout: 10_000 });
    assert.deepEqual(await invoiceRow(), [invoice, '2026-10-31', '']);
    // The card follows the table it reads again.
    await waitFor(page, 'the card to show the date put back', () => document.querySelectorAll<HTMLInputElement>('[data-testid="file-card"] input')[1]?.value === '10/31/2026', 5000);
  });

  test('an edit in the workbook’s tables after a refresh marks the report stale, and Export waits for Refresh', async () => {
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await page.getByTestId('refresh-done').waitFor({ timeout: 30_000 });
    const exportButton = page.getByRole('button', { name: 'Download billing CSV' });
    assert.equal(await page.getByTestId('refresh-stale').count(), 0, 'the rows the refresh added to the tables are its own');
    assert.equal(await exportButton.isDisabled(), false);
    const typeInto = (sheet: string, address: string, value: string) =>
      page.evaluate(
        ([name, cell, typed]) =>
          window.__harness.excel.run(async (context) => {
            context.workbook.worksheets.getItem(name).getRange(cell).values = [[typed]];
            await context.sync();
          }),
        [sheet, address, value] as const,
      );
    // A price typed in the Prices table: Excel says a table changed (ExcelApi 1.7), and the pane reads them again.
    await typeInto('Prices', 'F2', '14.00');
    await page.getByTestId('refresh-stale').waitFor({ timeout: 5000 });
    assert.match(await announced(page, '[data-testid="refresh-stale"]'), /Changed since this report/);
    assert.ok(await page.getByTestId('export-stale').isVisible());
    assert.match(await description(page, 'section[aria-labelledby="export-heading"] button[aria-disabled="true"]'), /press Refresh before exporting/);
    assert.equal(await exportButton.isDisabled(), true);
    // Typed back, the tables are the report's again.
    await typeInto('Prices', 'F2', '15.00');
    await waitFor(page, 'the report to be current again', () => document.querySelector('[data-testid="refresh-stale"]') === null, 5000);
    // Where Excel does not say so (before API 1.7), Export reads the tables first, and exports nothing from a stale report.
    await page.evaluate(() => window.__harness.setTableEvents(false));
    try {
      await typeInto('Customers', 'B2', 'Northwind Traders Ltd');
      let downloads = 0;
      const counted = () => downloads++;
      page.on('download', counted);
      await exportButton.click();
      await page.getByTestId('export-stale').waitFor({ timeout: 5000 });
      page.off('download', counted);
      assert.equal(downloads, 0);
      assert.equal(await exportButton.isDisabled(), true);
      await screenshotSection(page, 'refresh', 'stale-after-table-edit');
    } finally {
      await page.evaluate(() => window.__harness.setTableEvents(true));
    }
    await typeInto('Customers', 'B2', 'Northwind Traders');
    await waitFor(page, 'the report to be current again', () => document.querySelector('[data-testid="refresh-stale"]') === null, 5000);
  });

  test('Settings go to the workbook’s Settings table; Refresh then prices the files again under them', async () => {
    await page.getByLabel('Default markup %').fill('7.5');
    assert.ok(await page.getByTestId('settings-unsaved').isVisible());
    // Enter saves, as the button does, and the keyboard's focus stays in the box.
    await page.getByLabel('Default markup %').press('Enter');
    await page.getByText('Saved in the Settings table: Default markup % 7.5.').waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => document.activeElement?.getAttribute('inputmode') === 'decimal', undefined, { timeout: 5000 });
    assert.equal(await page.getByTestId('settings-unsaved').count(), 0);
    const tables = await page.evaluate(() => window.__harness.configTables());
    const settings = tables.find((table) => table.name === 'Settings')!;
    assert.deepEqual(settings.rows.find((row) => row[0] === 'Default markup %'), ['Default markup %', '7.5']);
    const config = readConfig(tables);
    assert.deepEqual(config.problems, []);
    await watch(page, 'refresh-progress');
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await page.getByTestId('refresh-done').waitFor({ timeout: 30_000 });
    const shown = await texts(page, 'refresh-progress');
    assert.ok(
      shown.some((text) => /Reading again file [1-3] of 3, [^:]+: [\d.]+ (bytes|KB) of [\d.]+ KB, [\d,]+ rows; all files \d+ %/.test(text)),
      `the files were read again under the new markup; the progress showed: ${shown.join(' | ')}`,
    );
    const again = summarizeReport((await engineReport(config.config, [...goodFiles, badFile], ['2026-10'])).report);
    const card = page.locator('[data-testid="cycle-summary"][data-month="2026-10"]');
    assert.equal(await card.getByTestId('sales').getAttribute('data-exact'), again.cycles[0].sales.exact);
    assert.equal(await card.getByTestId('cost').getAttribute('data-exact'), again.cycles[0].cost.exact);
    await page.getByRole('button', { name: 'Open Prices table' }).click();
    await page.getByText('The Prices table is selected on sheet Prices.').waitFor({ timeout: 10_000 });
    const selected = (await page.evaluate(() => window.__harness.selections)).filter((s: Selection) => s.kind === 'select').pop()!;
    assert.equal(selected.sheet, 'Prices');
    assert.match(selected.address!, /^A1:/);
    await screenshotSection(page, 'settings', 'settings-saved');
  });

  test('a cycle end day saved moves the cards to the cycles the files bill in under it', async () => {
    const card = page.getByTestId('file-card').first();
    await card.getByText('Billed in the October 2026 cycle.').waitFor({ timeout: 5000 });
    const day = page.getByLabel('Cycle end day');
    // October 31 falls in the cycle that ends on November 15.
    await day.selectOption('15');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved in the Settings table: Cycle end day 15.').waitFor({ timeout: 10_000 });
    await card.getByText('Billed in the November 2026 cycle.').waitFor({ timeout: 5000 });
    await day.selectOption('last');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved in the Settings table: Cycle end day last.').waitFor({ timeout: 10_000 });
    await card.getByText('Billed in the October 2026 cycle.').waitFor({ timeout: 5000 });
  });

  test('the Promotions choice is saved to the Settings table, as Pass on and back to Keep', async () => {
    const promotions = page.getByLabel('Promotions');
    await promotions.selectOption('pass on');
    await page.getByTestId('settings-unsaved').waitFor({ timeout: 5000 });
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved in the Settings table: Promotions Pass on.').waitFor({ timeout: 10_000 });
    assert.equal(await promotions.inputValue(), 'pass on');
    await promotions.selectOption('keep');
    await page.getByRole('button', { name: 'Save settings' }).click();
    const saved = page.getByText('Saved in the Settings table: Promotions Keep.');
    await saved.waitFor({ timeout: 10_000 });
    // The notice is news until anything changes: a choice made since (not saved) takes it away, for good.
    await promotions.selectOption('pass on');
    await saved.waitFor({ state: 'detached', timeout: 5000 });
    await promotions.selectOption('keep');
    assert.equal(await saved.count(), 0, 'the notice came back with the choice');
  });

  test('Cancel in the middle of a refresh keeps the previous report, and nothing half-written', async () => {
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await page.getByTestId('refresh-done').waitFor({ timeout: 30_000 });
    const sales = await page.getByTestId('sales').first().getAttribute('data-exact');
    const before = await page.evaluate(() => window.__harness.sheetNames());
    await watch(page, 'refresh-progress');
    await cancelWhileWriting(page);
    assert.deepEqual(await page.evaluate(() => window.__harness.sheetNames()), before);
    // Nothing had changed: the pane keeps showing that report, and exports it (it hid both).
    assert.equal(await page.getByTestId('sales').first().getAttribute('data-exact'), sales);
    assert.equal(await page.getByTestId('refresh-stale').count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Download billing CSV' }).isDisabled(), false);
    await screenshotSection(page, 'refresh', 'refresh-cancelled');
  });

  test('Cancel while a refresh under changed settings writes: the pane still shows the report the workbook keeps, as stale', async () => {
    const sales = await page.getByTestId('sales').first().getAttribute('data-exact');
    const before = await page.evaluate(() => window.__harness.sheetNames());
    const markup = await page.getByLabel('Default markup %').inputValue();
    await page.getByLabel('Default markup %').fill('9');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved in the Settings table: Default markup % 9.').waitFor({ timeout: 10_000 });
    await cancelWhileWriting(page);
    assert.deepEqual(await page.evaluate(() => window.__harness.sheetNames()), before);
    // The report the workbook keeps is still shown (it vanished), stale: Export would make the unwritten one's files.
    assert.equal(await page.getByTestId('sales').first().getAttribute('data-exact'), sales);
    await page.getByTestId('refresh-stale').waitFor({ timeout: 5000 });
    assert.equal(await page.getByRole('button', { name: 'Download billing CSV' }).isDisabled(), true);
    assert.match(await description(page, 'section[aria-labelledby="export-heading"] button[aria-disabled="true"]'), /press Refresh before exporting/);
    // The markup as it was, and a Refresh: current again.
    await page.getByLabel('Default markup %').fill(markup);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText(`Saved in the Settings table: Default markup % ${markup}.`).waitFor({ timeout: 10_000 });
    assert.equal(await page.getByTestId('refresh-stale').count(), 1, 'the worker holds the unwritten report until the next Refresh');
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await page.getByTestId('refresh-done').waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('sales').first().getAttribute('data-exact'), sales);
    assert.equal(await page.getByTestId('refresh-stale').count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Download billing CSV' }).isDisabled(), false);
  });

  // ---------------------------------------------------------------------------------------------------------------
  test('a malformed price list: no report, the table, row and column named', async () => {
    const broken = await configIn(BILLING, { Prices: join(BILLING, 'prices-malformed.csv') });
    const pane = await openPane(browser, server.origin, { harness, setup: { tables: broken.seed }, log, today: TODAY });
    try {
      // Dropped on the drop zone this time.
      const content = readFileSync(goodFiles[0], 'utf8');
      await pane.page.getByTestId('drop-zone').waitFor();
      await pane.page.evaluate(`(() => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([${JSON.stringify(content)}], 'dropped.csv', { type: 'text/csv' }));
        const zone = document.querySelector('[data-testid="drop-zone"]');
        zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      })()`);
      await waitFor(pane.page, 'the dropped file', () => document.querySelector('[data-testid="file-name"]')?.textContent === 'dropped.csv');
      await pane.page.getByRole('button', { name: 'Refresh', exact: true }).click();
      const problems = pane.page.getByTestId('config-problems');
      await problems.waitFor({ timeout: 10_000 });
      const text = await problems.innerText();
      assert.match(text, /table Prices on sheet Prices, row 3, column Sales price/);
      assert.match(await pane.page.locator('section[aria-labelledby="refresh-heading"] [role="alert"]').innerText(), /Nothing in the workbook was changed\. This cell needs your attention/);
      const sheets = await pane.page.evaluate(() => window.__harness.sheetNames());
      assert.ok(!sheets.includes('Billing Report'), 'nothing written');
      await screenshotSection(pane.page, 'refresh', 'config-problem');
    } finally {
      await pane.context.close();
    }
  });

  test('a month too large for a sheet: nothing written, its billing CSV downloads, the sheet export says why not, and Refresh works again', async () => {
    // Every time "Save settings" is enabled or disabled, from the pane's start.
    const watchSave = `window.__saveToggled = 0;
      new MutationObserver((records) => {
        for (const record of records) if (record.target.textContent === 'Save settings') window.__saveToggled++;
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['aria-disabled'] });`;
    const pane = await openPane(browser, server.origin, { harness, setup: { tables: fixtureConfig.seed, syncDelayMs: 400 }, log, today: TODAY, initScript: watchSave });
    try {
      const { page: view } = pane;
      // Every disabled button says why: "Save settings" too, while the Settings table is read.
      await view.getByRole('button', { name: 'Save settings' }).waitFor({ timeout: 10_000 });
      assert.equal(await whyDisabled(view, 'Save settings'), 'Reading the settings from the workbook…');
      // Once read, the form shows the table's markup (5, not the default 0), and Save has nothing to save.
      const markupBox = view.getByRole('textbox', { name: /Default markup/ });
      for (let tries = 0; tries < 100 && (await markupBox.inputValue()) !== '5'; tries++) await view.waitForTimeout(50);
      assert.equal(await markupBox.inputValue(), '5');
      assert.equal(await whyDisabled(view, 'Save settings'), 'Nothing to save: the Settings table holds these.');
      // Never enabled on the way: the form took the table's values in the render they came in.
      assert.equal(await view.evaluate(() => (window as unknown as { __saveToggled: number }).__saveToggled), 0, '"Save settings" was enabled while the Settings table was read');
      await view.evaluate(() => window.__harness.setSyncDelay(0));
      await view.getByLabel('Choose reconciliation files').setInputFiles([...goodFiles, badFile]);
      await waitFor(view, 'three file cards', () => document.querySelectorAll('[data-testid="file-card"]').length === 3);
      // A sheet of 20 rows stands for Excel's 1,048,576, set in the import worker (CSP_BILLING_TEST_SHEET_ROWS for the command line).
      const worker = view.workers()[0] ?? (await view.waitForEvent('worker'));
      await worker.evaluate('self.CSP_BILLING_TEST_SHEET_ROWS = 20');
      await view.getByRole('button', { name: 'Refresh', exact: true }).click();
      const refused = view.locator('section[aria-labelledby="refresh-heading"] [role="alert"]');
      await refused.waitFor({ timeout: 20_000 });
      const text = await refused.innerText();
      assert.match(text, /^The report was not written/);
      assert.match(text, /The Billing Report of 2026-10 would take [\d,]+ rows and the Customer Statements of 2026-10 would take [\d,]+ rows, more than the 20 an Excel sheet holds/);
      assert.match(text, /Nothing in the workbook was changed\. The billing CSV and the customer files of this report are below \(step 4\)/);
      assert.ok(!(await view.evaluate(() => window.__harness.sheetNames())).includes('Billing Report'), 'nothing written');
      await screenshotSection(view, 'refresh', 'too-large');
      // The exports the refusal points to are there; the sheet export (the report is not in the workbook) says why not.
      assert.equal(await view.getByRole('button', { name: 'Download billing CSV' }).isDisabled(), false);
      assert.equal(await view.getByRole('button', { name: 'Download customer files (.zip)' }).isDisabled(), false);
      assert.match(await whyDisabled(view, 'Write billing export to a sheet'), /too large for a sheet, so it is not in the workbook\. Download the billing CSV instead\.$/);
      const [csv] = await Promise.all([view.waitForEvent('download'), view.getByRole('button', { name: 'Download billing CSV' }).click()]);
      const csvPath = join(ARTIFACTS, `too-large ${csv.suggestedFilename()}`);
      await csv.saveAs(csvPath);
      assert.equal(readFileSync(csvPath, 'utf8'), billingCsv(expected.report));
      await screenshotSection(view, 'export', 'too-large-export');
      // A refresh cancelled at once (while the tables are read) leaves that report to Export: the worker still holds it.
      await view.evaluate(() => window.__harness.setSyncDelay(300));
      try {
        await view.getByRole('button', { name: 'Refresh', exact: true }).click();
        await view.getByRole('button', { name: 'Cancel the refresh' }).click();
        await view.getByText('Refresh cancelled. The workbook keeps the previous report.').waitFor({ timeout: 20_000 });
      } finally {
        await view.evaluate(() => window.__harness.setSyncDelay(0));
      }
      assert.equal(await whyDisabled(view, 'Download billing CSV'), '');
      assert.equal(await whyDisabled(view, 'Download customer files (.zip)'), '');
      assert.match(await whyDisabled(view, 'Write billing export to a sheet'), /too large for a sheet/);
      const [again] = await Promise.all([view.waitForEvent('download'), view.getByRole('button', { name: 'Download billing CSV' }).click()]);
      assert.equal(again.suggestedFilename(), csv.suggestedFilename());
      // Refresh is there to press again: with the sheet as large as Excel's, the report is written.
      await worker.evaluate('delete self.CSP_BILLING_TEST_SHEET_ROWS');
      await view.getByRole('button', { name: 'Refresh', exact: true }).click();
      await view.getByTestId('refresh-done').waitFor({ timeout: 30_000 });
      assert.equal(await view.getByRole('button', { name: 'Write billing export to a sheet' }).isDisabled(), false);
    } finally {
      await pane.context.close();
    }
  });

  test('a billing date typed on a card and Refresh pressed at once: the invoice gets one row, dated as typed, and the next Refresh works', async () => {
    const pane = await openPane(browser, server.origin, { harness, setup: { tables: fixtureConfig.seed, syncDelayMs: 15 }, log, today: TODAY });
    try {
      const { page: view } = pane;
      await view.getByLabel('Choose reconciliation files').setInputFiles(goodFiles);
      await waitFor(view, 'two file cards', () => document.querySelectorAll('[data-testid="file-card"]').length === 2);
      const [invoice] = expected.documents[1].invoiceNumbers;
      const invoiceRows = async () => (await view.evaluate(() => window.__harness.configTables())).find((t) => t.name === 'Invoices')!.rows.filter((row) => row[0] === invoice);
      assert.deepEqual(await invoiceRows(), [], 'the invoice has no row yet: the card and the refresh would both add it');
      const card = view.getByTestId('file-card').nth(1);
      await card.getByLabel('Billing date').fill('2026-10-29');
      // The click blurs the date box: the card's date is saved as the refresh starts.
      await view.getByRole('button', { name: 'Refresh', exact: true }).click();
      await view.getByTestId('refresh-done').waitFor({ timeout: 30_000 });
      await view.getByText(`Saved in the Invoices table: billing date 10/29/2026 for invoice ${invoice}.`).waitFor({ timeout: 10_000 });
      assert.deepEqual(await invoiceRows(), [[invoice, '2026-10-29', '']]);
      await view.getByRole('button', { name: 'Refresh', exact: true }).click();
      await view.getByTestId('refresh-progress').waitFor({ timeout: 5000 });
      await view.getByTestId('refresh-done').waitFor({ timeout: 30_000 });

      // An invoice listed twice all the same (typed by hand): no report, said in words that fit the Invoices table.
      await view.evaluate(`window.__harness.excel.run(async (context) => {
        context.workbook.tables.getItem('Invoices').rows.add(undefined, [[${JSON.stringify(invoice)}, '', '']]);
        await context.sync();
      })`);
      await view.getByRole('button', { name: 'Refresh', exact: true }).click();
      await view.getByTestId('config-problems').waitFor({ timeout: 10_000 });
      assert.match(await view.getByTestId('config-problems').innerText(), new RegExp(`invoice ${invoice} is listed twice`));
      const said = await view.locator('section[aria-labelledby="refresh-heading"] [role="alert"]').innerText();
      assert.match(said, /No report was made: a table read only in part could bill wrongly\. Nothing in the workbook was changed: its report is still the one of October 2026[^.]*, made before the tables changed\./);
      assert.doesNotMatch(said, /price list/);
    } finally {
      await pane.context.close();
    }
  });

  test('Open Prices table in a workbook without one: says it was created, not that it was selected', async () => {
    const pane = await openPane(browser, server.origin, { harness, setup: { tables: [] }, log, today: TODAY });
    try {
      await pane.page.getByRole('button', { name: 'Open Prices table' }).click();
      await pane.page.getByText('Created the Prices table on sheet Prices, with no products yet: type them in, or import your files and press Refresh to add theirs.').waitFor({ timeout: 10_000 });
      const tables = await pane.page.evaluate(() => window.__harness.tables());
      assert.deepEqual(tables.map((table) => [table.name, table.sheet]), [['Prices', 'Prices']]);
      await pane.page.getByRole('button', { name: 'Open Prices table' }).click();
      await pane.page.getByText('The Prices table is selected on sheet Prices.').waitFor({ timeout: 10_000 });
    } finally {
      await pane.context.close();
    }
  });

  test('first refresh in an empty workbook: Save settings does not speak of a Settings table, and the tables made are said', async () => {
    const pane = await openPane(browser, server.origin, { harness, setup: { tables: [] }, log, today: TODAY });
    try {
      const { page: view } = pane;
      await view.getByRole('button', { name: 'Choose files…' }).waitFor({ timeout: 10_000 });
      await waitFor(view, 'the settings to be read', () => !document.body.innerText.includes('Reading the settings from the workbook'));
      assert.equal(await whyDisabled(view, 'Save settings'), 'Nothing to save: these are the defaults, and the workbook has no Settings table yet (Refresh makes one).');
      await view.getByLabel('Choose reconciliation files').setInputFiles(goodFiles);
      await waitFor(view, 'two file cards', () => document.querySelectorAll('[data-testid="file-card"]').length === 2);
      await markLiveRegions(view);
      await view.getByRole('button', { name: 'Refresh', exact: true }).click();
      await view.getByTestId('tables-news').waitFor({ timeout: 30_000 });
      // The rows of each table the refresh made (its address, less the header).
      const tables = await view.evaluate(() => window.__harness.tables());
      const rows = (name: string) => Number(/\d+$/.exec(tables.find((table) => table.name === name)?.address ?? '')?.[0] ?? 1) - 1;
      assert.ok(rows('Customers') > 0 && rows('Prices') > 0, 'customers and products were added');
      assert.equal(
        await view.getByTestId('tables-news').innerText(),
        `Made the Settings, Customers, Prices, Customer Prices and Invoices tables on sheets of the same names: ${rows('Customers')} customers to name in Customers, ${rows('Prices')} products to price in Prices and 2 invoices to give Microsoft's total in Invoices.`,
      );
      // Said with the report, once, in the region that announces it.
      assert.match(await announced(view, '[data-testid="tables-news"]'), /^Report written for October 2026.*Made the Settings/);
      assert.equal(await whyDisabled(view, 'Save settings'), 'Nothing to save: the Settings table holds these.');
      await screenshotSection(view, 'refresh', 'empty-workbook-first-refresh');
    } finally {
      await pane.context.close();
    }
  });

  // "Last month" is the accountant's: by the local calendar day (not UTC's), and it moves on at the local midnight.
  const lastMonthLabel = (view: Page) => view.locator('label', { hasText: /^Last month/ }).innerText();
  const waitForLastMonth = async (view: Page, label: string) => {
    try {
      await view.locator('label', { hasText: label }).waitFor({ timeout: 5000 });
    } catch {
      throw new Error(`the date range reads "${await lastMonthLabel(view)}", not "${label}"`);
    }
  };

  test('east of UTC: "Last month" by the local day, moving on at the local midnight, and Refresh bills what it says', async () => {
    // Sydney, October 31 at 23:50 (12:50 UTC): September is last month, here and in UTC.
    const pane = await openPane(browser, server.origin, { harness, setup: { tables: fixtureConfig.seed }, log, today: '2026-10-31T12:50:00Z', clock: 'running', timezoneId: 'Australia/Sydney' });
    try {
      const { page: view } = pane;
      await view.getByLabel('Choose reconciliation files').setInputFiles(goodFiles);
      await waitFor(view, 'two file cards', () => document.querySelectorAll('[data-testid="file-card"]').length === 2);
      await waitForLastMonth(view, 'Last month (September 2026: 09/01/2026 to 09/30/2026)');
      // The pane left open past midnight: November 1 at 00:10 in Sydney, still October 31 in UTC.
      await view.clock.fastForward('20:00');
      await waitForLastMonth(view, 'Last month (October 2026: 10/01/2026 to 10/31/2026)');
      await view.getByRole('button', { name: 'Refresh', exact: true }).click();
      await view.getByTestId('refresh-done').waitFor({ timeout: 30_000 });
      assert.match(await view.getByTestId('refresh-done').innerText(), /^Report written for October 2026: 10\/01\/2026 to 10\/31\/2026:/);
      assert.equal(await view.locator('[data-testid="cycle-summary"][data-month="2026-10"]').count(), 1);
    } finally {
      await pane.context.close();
    }
  });

  test('Refresh bills the range the pane shows, even in the moment before it has caught up with a new day', async () => {
    // Opened October 31 at 23:50 (UTC); the clock jumps past midnight with no timer run, and Refresh is pressed at once.
    const pane = await openPane(browser, server.origin, { harness, setup: { tables: fixtureConfig.seed }, log, today: '2026-10-31T23:50:00Z', timezoneId: 'UTC' });
    try {
      const { page: view } = pane;
      await view.getByLabel('Choose reconciliation files').setInputFiles(goodFiles);
      await waitFor(view, 'two file cards', () => document.querySelectorAll('[data-testid="file-card"]').length === 2);
      await view.clock.setFixedTime(new Date('2026-11-01T00:10:00Z'));
      const shown = (await lastMonthLabel(view)).replace(/^Last month \((.*)\)$/, '$1');
      await view.getByRole('button', { name: 'Refresh', exact: true }).click();
      await waitFor(view, 'the refresh to end', () => !!(document.querySelector('[data-testid="refresh-done"]') || document.querySelector('[data-testid="nothing-to-bill"]')), 30_000);
      const said = await view.locator('[data-testid="refresh-done"], [data-testid="nothing-to-bill"]').first().innerText();
      assert.ok(said.includes(`for ${shown}:`) || said.includes(`Nothing to bill in ${shown}`), `the pane showed "${shown}"; Refresh said "${said}"`);
    } finally {
      await pane.context.close();
    }
  });

  test('west of UTC: a cycle that has not ended locally is not "Last month", nor offered; a range says which cycles have nothing to bill', async () => {
    // Los Angeles, October 31 at 20:00 (November 1 in UTC): October has not ended there.
    const pane = await openPane(browser, server.origin, { harness, setup: { tables: fixtureConfig.seed }, log, today: '2026-11-01T03:00:00Z', timezoneId: 'America/Los_Angeles' });
    try {
      const { page: view } = pane;
      await view.getByLabel('Choose reconciliation files').setInputFiles(goodFiles);
      await waitFor(view, 'two file cards', () => document.querySelectorAll('[data-testid="file-card"]').length === 2);
      await waitForLastMonth(view, 'Last month (September 2026: 09/01/2026 to 09/30/2026)');
      await markLiveRegions(view);
      await view.getByRole('button', { name: 'Refresh', exact: true }).click();
      const empty = view.getByTestId('nothing-to-bill');
      await empty.waitFor({ timeout: 30_000 });
      assert.match(await announced(view, '[data-testid="nothing-to-bill"]'), /Nothing to bill in September 2026/);
      const said = await empty.innerText();
      assert.match(said, /Nothing to bill in September 2026/);
      assert.match(said, /October 2026 \(10\/01\/2026 to 10\/31\/2026\) has not ended yet/);
      assert.equal(await view.getByRole('button', { name: /^Use / }).count(), 0, 'no open cycle offered as the range to bill');

      await view.getByRole('radio', { name: /Custom months/ }).check();
      // A range that cannot be billed: both months marked and described by the reason, which Refresh gives too.
      await view.getByLabel('From month').fill('2026-11');
      await view.getByLabel('To month').fill('2026-10');
      for (const label of ['From month', 'To month']) {
        const field = view.getByLabel(label);
        assert.equal(await field.getAttribute('aria-invalid'), 'true', label);
        assert.match(await description(view, `[id="${await field.getAttribute('id')}"]`), /The first month is after the last month\./, label);
      }
      assert.equal(await description(view, 'section[aria-labelledby="refresh-heading"] button[aria-disabled="true"]'), 'The first month is after the last month.');
      await view.getByLabel('From month').fill('2026-09');
      await view.getByLabel('To month').fill('2026-10');
      assert.match(await view.getByTestId('range-label').innerText(), /October 2026 has not ended yet/);
      await view.getByRole('button', { name: 'Refresh', exact: true }).click();
      await view.getByTestId('refresh-done').waitFor({ timeout: 30_000 });
      assert.deepEqual(await view.getByTestId('cycle-summary').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-month'))), ['2026-10']);
      assert.match(await view.getByTestId('range-notes').innerText(), /Nothing to bill in September 2026 \(09\/01\/2026 to 09\/30\/2026\)/);
      await screenshotSection(view, 'refresh', 'range-with-an-empty-cycle');
    } finally {
      await pane.context.close();
    }
  });

  test('Cancel in the middle of importing a large file', async () => {
    const large = join(ARTIFACTS, 'large-nce-invoice.csv');
    await writeLargeFile(join(FIXTURES, 'nce-invoice-2026-10.csv'), large, 60 * 1024 * 1024);
    const pane = await openPane(browser, server.origin, { harness, setup: { tables: fixtureConfig.seed }, log, today: TODAY });
    try {
      await pane.page.getByLabel('Choose reconciliation files').setInputFiles([large]);
      await pane.page.getByTestId('import-progress').waitFor({ timeout: 10_000 });
      await screenshotSection(pane.page, 'import', 'large-import-progress');
      await pane.page.getByRole('button', { name: 'Cancel the import' }).click();
      await pane.page.getByText(/Import cancelled: large-nce-invoice\.csv was not imported/).waitFor({ timeout: 10_000 });
      assert.equal(await pane.page.getByTestId('file-card').count(), 0);
      assert.ok(await pane.page.getByRole('button', { name: 'Choose files…' }).isEnabled(), 'the pane is usable again');
      await screenshotSection(pane.page, 'import', 'import-cancelled');
    } finally {
      await pane.context.close();
    }
  });

  test('a reconciliation file saved from Excel as .xlsx imports like its CSV', async () => {
    const csv = goodFiles[0];
    const workbook = join(ARTIFACTS, 'nce-invoice-2026-10.xlsx');
    writeFileSync(workbook, await savedByExcel(readFileSync(csv, 'utf8')));
    const [fromCsv] = (await engineReport(fixtureConfig.config, [csv], ['2026-10'])).documents;
    const pane = await openPane(browser, server.origin, { harness, setup: { tables: fixtureConfig.seed }, log, today: TODAY });
    try {
      await pane.page.getByLabel('Choose reconciliation files').setInputFiles([workbook]);
      const card = pane.page.getByTestId('file-card');
      await waitFor(pane.page, 'the workbook read', () => ['Imported', 'Rejected'].includes(document.querySelector('[data-testid="file-status"]')?.textContent ?? ''));
      assert.equal(await card.getByTestId('file-status').innerText(), 'Imported', await card.innerText());
      const facts = await card.getByTestId('file-facts').innerText();
      assert.ok(facts.includes(`${fromCsv.lineCount.toLocaleString('en-US')} line`), `${fromCsv.lineCount} lines in "${facts}"`);
      const cost = `cost ${money({ rounded: fromCsv.costTotal.USD.toFixed(2), currency: 'USD' })}`;
      assert.ok(facts.includes(cost), `"${cost}" in "${facts}"`);
    } finally {
      await pane.context.close();
    }
  });

  test('a German accountant’s pane shows amounts and days as their Excel does (26.296,31; 31.10.2026), the digits the engine’s; a wrong file leaves the report current', async () => {
    const pane = await openPane(browser, server.origin, { harness, setup: { tables: fixtureConfig.seed }, log, today: TODAY, locale: 'de-DE' });
    try {
      const { page: view } = pane;
      await view.getByLabel('Choose reconciliation files').setInputFiles(goodFiles);
      await waitFor(view, 'two file cards', () => document.querySelectorAll('[data-testid="file-card"]').length === 2);
      await view.getByRole('button', { name: 'Refresh', exact: true }).click();
      await view.getByTestId('summary').waitFor({ timeout: 30_000 });
      const german = ({ rounded, currency }: { rounded: string; currency: string }) => {
        const [whole, fraction] = rounded.split('.');
        return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${fraction} ${currency}`;
      };
      for (const cycle of expectedSummary.cycles) {
        const card = view.locator(`[data-testid="cycle-summary"][data-month="${cycle.month}"][data-currency="${cycle.currency}"]`);
        assert.equal((await card.getByTestId('cost').innerText()).trim(), german(cycle.cost));
        assert.equal((await card.getByTestId('sales').innerText()).trim(), german(cycle.sales));
      }
      // Days as their Excel writes them too, one style on the card: the box and the words around it (QA: the box
      // said 10/31/2026 above "billed in the 2026-10 cycle").
      const fileCard = view.getByTestId('file-card').first();
      assert.equal(await fileCard.getByLabel('Billing date').inputValue(), '31.10.2026');
      assert.equal(await fileCard.getByLabel('Billing date').getAttribute('placeholder'), 'DD.MM.YYYY');
      assert.match(await fileCard.innerText(), /Taken from the file: the last day of the month most of its charges are for\.\s+Billed in the October 2026 cycle\./);
      assert.doesNotMatch((await fileCard.innerText()).replaceAll('nce-invoice-2026-10.csv', ''), /inferred|\d{4}-\d{2}|\d+\/\d+\/\d{4}/);
      // The summary and the Settings' range alike (QA: "2026-10-01 to 2026-10-31, report dated …", "Last month
      // (October 2026: 2026-10-01 to …)" under a German Office).
      const cycleCard = view.locator('[data-testid="cycle-summary"][data-month="2026-10"]');
      assert.match(await cycleCard.innerText(), /01\.10\.2026 to 31\.10\.2026, report dated 01\.11\.2026/);
      assert.match(await view.locator('section[aria-labelledby="settings-heading"]').innerText(), /Last month \(October 2026: 01\.10\.2026 to 31\.10\.2026\)/);
      for (const section of ['settings', 'refresh']) {
        const text = (await view.locator(`section[aria-labelledby="${section}-heading"]`).innerText()).replaceAll('nce-invoice-2026-10.csv', '');
        assert.doesNotMatch(text, /\d{4}-\d{2}|\d+\/\d+\/\d{4}/, `${section}: ${text}`);
      }
      // A file that is not a reconciliation file says which Partner Center download is wanted, and bills nothing:
      // the report stays current, and Export with it (QA: it was marked out of date).
      await view.getByLabel('Choose reconciliation files').setInputFiles([badFile]);
      await waitFor(view, 'three file cards', () => document.querySelectorAll('[data-testid="file-card"]').length === 3);
      assert.match(await view.getByTestId('file-problem').innerText(), /Billing > Download file, report type "Reconciliation-closed"/);
      assert.equal(await view.getByTestId('refresh-stale').count(), 0);
      assert.equal(await view.getByRole('button', { name: 'Download billing CSV' }).isDisabled(), false);
    } finally {
      await pane.context.close();
    }
  });

  test('at 200 % zoom (a pane 160 px wide): no box cut off, no badge, amount or label broken in a word', async () => {
    const pane = await openPane(browser, server.origin, { harness, setup: { tables: fixtureConfig.seed }, log, today: TODAY, width: 160 });
    const whole = '[data-testid="file-status"], [data-testid="cost"], [data-testid="sales"], [data-testid="margin"], label, button, [role="alert"], [role="status"]';
    try {
      // The import's progress, with its Cancel button ("Impo/rt/prog/ress" beside it).
      const large = join(ARTIFACTS, 'large-nce-invoice.csv');
      await writeLargeFile(join(FIXTURES, 'nce-invoice-2026-10.csv'), large, 60 * 1024 * 1024);
      await pane.page.getByLabel('Choose reconciliation files').setInputFiles([large]);
      await waitFor(pane.page, 'the import progress in megabytes', () => / MB of /.test(document.querySelector('[data-testid="import-progress"]')?.textContent ?? ''));
      await assertNothingCut(pane.page, `${whole}, [data-testid="import-progress"] *`);
      await pane.page.getByRole('button', { name: 'Cancel the import' }).click();
      await pane.page.getByText(/Import cancelled/).waitFor({ timeout: 10_000 });
      const copy = join(ARTIFACTS, 'copy-of-nce-invoice-2026-10.csv');
      writeFileSync(copy, readFileSync(goodFiles[0]));
      await pane.page.getByLabel('Choose reconciliation files').setInputFiles([...goodFiles, badFile, copy]);
      await waitFor(pane.page, 'four file cards', () => document.querySelectorAll('[data-testid="file-card"]').length === 4);
      assert.deepEqual(await pane.page.getByTestId('file-status').allInnerTexts(), ['Imported', 'Imported', 'Rejected', 'Duplicate: skipped']);
      const card = pane.page.getByTestId('file-card').nth(1);
      await card.getByLabel('Billing date').fill('2026-10-30');
      await card.getByLabel('Billing date').press('Enter');
      await card.getByRole('button', { name: "Use the file's date" }).waitFor({ timeout: 5000 });
      // The refresh's progress, slowed down to be seen.
      await pane.page.evaluate(() => window.__harness.setSyncDelay(100));
      await pane.page.getByRole('button', { name: 'Refresh', exact: true }).click();
      await waitFor(pane.page, 'the refresh to write', () => /Looking at the workbook|Writing the sheets/.test(document.querySelector('[data-testid="refresh-progress"]')?.textContent ?? ''));
      await assertNothingCut(pane.page, `${whole}, [data-testid="refresh-progress"] *`);
      await pane.page.evaluate(() => window.__harness.setSyncDelay(0));
      await pane.page.getByTestId('summary').waitFor({ timeout: 30_000 });
      await pane.page.getByLabel('Default markup %').fill('7.5');
      await pane.page.getByRole('radio', { name: /Custom months/ }).check();
      await pane.page.getByLabel('From month').fill('2026-09');
      await screenshot(pane.page, 'zoom-200');
      await assertFitsPane(pane.page, 160);
      await assertNothingCut(pane.page, whole);
      // A card removed from the keyboard: said in the section's live region, and the focus waits on "Choose files…".
      await markLiveRegions(pane.page);
      await pane.page.getByRole('button', { name: 'Remove copy-of-nce-invoice-2026-10.csv' }).press('Enter');
      await waitFor(pane.page, 'the removal said', () => /Removed/.test(document.querySelector('section[aria-labelledby="import-heading"] [role="status"]')?.textContent ?? ''));
      assert.equal(await announced(pane.page, 'section[aria-labelledby="import-heading"] [role="status"] .fui-MessageBar'), 'Removed copy-of-nce-invoice-2026-10.csv. 3 files left.');
      assert.equal(await pane.page.getByTestId('file-card').count(), 3);
      assert.equal(await focusedControl(pane.page), 'Choose files…');
      await assertNothingCut(pane.page, whole);
    } finally {
      await pane.context.close();
    }
  });

  test('the page asked nothing of any host but localhost and Office’s CDN', async () => {
    assert.ok(log.urls.length > 0, 'requests were recorded');
    assert.ok(log.urls.some((url) => url.includes('appsforoffice.microsoft.com')), 'office.js was asked for (and answered locally)');
    assert.deepEqual(log.foreignHosts(), []);
    writeFileSync(join(ARTIFACTS, 'requests.txt'), `${log.urls.join('\n')}\n`);
  });

  let passed = 0;
  let failed = 0;
  // BROWSER_ONLY=words runs only the steps whose name holds them (while working on one; the steps on the shared page
  // build on each other).
  const only = process.env.BROWSER_ONLY;
  for (const step of only ? steps.filter((candidate) => candidate.name.includes(only)) : steps) {
    const begun = Date.now();
    try {
      // The shared page in front: Chromium slows the timers of a page behind another one (the fake's sync delay).
      await page.bringToFront();
      await step.run();
      passed++;
      console.log(`ok   ${step.name} (${Date.now() - begun} ms)`);
    } catch (error) {
      failed++;
      console.log(`FAIL ${step.name} (${Date.now() - begun} ms)\n     ${error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 6).join('\n     ') : String(error)}`);
      await screenshot(page, `failed-${steps.indexOf(step) + 1}`).catch(() => undefined);
    }
  }
  await context.close();
  await browser.close();
  await server.close();
  console.log(`screenshots in ${ARTIFACTS}; ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  if (failed > 0) process.exitCode = 1;
}

/** A large invoice file: the fixture's lines repeated (identical rows in one file are all kept). */
async function writeLargeFile(source: string, target: string, bytes: number): Promise<void> {
  if (existsSync(target) && statSync(target).size >= bytes && statSync(target).mtimeMs > statSync(source).mtimeMs) return;
  const [header, ...rest] = readFileSync(source, 'utf8').replace(/\r?\n$/, '').split(/\r?\n/);
  const body = `${rest.join('\r\n')}\r\n`;
  const out = createWriteStream(target);
  out.write(`${header}\r\n`);
  for (let written = 0; written < bytes; written += body.length) {
    if (!out.write(body)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
}

main().catch((error: unknown) => {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
