/**
 * Why the pane's controls wait (lib/waits.ts): every disabled one says why, and none stays locked after a refusal it
 * can recover from.
 */
import type { RefreshState } from '../../src/taskpane/hooks/useRefresh';
import { exportWaits, inputsWait, refreshWaits, reportMadeFrom, saveSettingsWaits, settingsFormWaits, STALE_EXPORT, tooLargeError } from '../../src/taskpane/lib/waits';

const PROBLEM = 'The Billing Report of 2026-10 would take 1,048,600 rows, more than the 1,048,576 an Excel sheet holds (1,000,000 detail lines). Bill it in parts (a file of fewer customers), or use the billing CSV export, which has no such limit.';
const tooLarge: Extract<RefreshState, { status: 'too-large' }> = { status: 'too-large', problem: PROBLEM, rangeLabel: '2026-10', madeFrom: 'inputs', kept: null };
const done = { status: 'done', summary: {}, skipped: [], notes: [], rangeNotes: [], sheets: [], syncs: 0, rangeLabel: '2026-10', madeFrom: 'inputs' } as unknown as RefreshState;

describe('Export after a refresh', () => {
  it('a report too large for a sheet: its billing CSV and customer files can be downloaded, the sheet says why not', () => {
    const waits = exportWaits(tooLarge, false);
    expect(waits.files).toBeNull();
    expect(waits.sheet).toMatch(/too large for a sheet, so it is not in the workbook\. Download the billing CSV instead\.$/);
    // The report it was made from is what a change in the files or tables makes stale.
    expect(reportMadeFrom(tooLarge)).toBe('inputs');
    expect(exportWaits(tooLarge, true)).toEqual({ files: STALE_EXPORT, sheet: STALE_EXPORT });
  });

  it('the refusal says nothing was written, what the workbook still holds, and what to do next', () => {
    const error = tooLargeError(tooLarge);
    expect(error.message).toBe(PROBLEM);
    expect(error.next).toBe(
      'Nothing in the workbook was changed. The billing CSV and the customer files of this report are below (step 4); to bill it in parts, remove files (step 1) or choose fewer months (step 2), then press Refresh again.',
    );
    expect(tooLargeError({ ...tooLarge, kept: '2026-09' } as Extract<RefreshState, { status: 'too-large' }>).next).toMatch(/^Nothing in the workbook was changed: its report is still the one of 2026-09\. /);
  });

  it('a written report: everything; none yet, running, stale or failed: each says why', () => {
    expect(exportWaits(done, false)).toEqual({ files: null, sheet: null });
    expect(exportWaits(done, true)).toEqual({ files: STALE_EXPORT, sheet: STALE_EXPORT });
    expect(exportWaits({ status: 'idle' }, false)).toEqual({ files: 'Available after a refresh (step 3).', sheet: 'Available after a refresh (step 3).' });
    expect(exportWaits({ status: 'error', error: { message: 'x' } }, false).files).toBe('Available after a refresh (step 3).');
    expect(exportWaits({ status: 'running', step: 'report', done: 0, total: 0, progress: null }, false).sheet).toBe('Available once the refresh is done.');
  });
});

describe('Refresh, the files and the settings', () => {
  const ready = { filesBusy: false, fileCount: 2, imported: true, exporting: false, rangeError: null };
  it('Refresh waits for the files, an export and a range that can be billed, and says so', () => {
    expect(refreshWaits(ready)).toBeNull();
    expect(refreshWaits({ ...ready, filesBusy: true })).toBe('Waiting for the files to be read.');
    expect(refreshWaits({ ...ready, fileCount: 0 })).toBe('Import files first (step 1).');
    expect(refreshWaits({ ...ready, imported: false })).toMatch(/^None of the files can be billed/);
    expect(refreshWaits({ ...ready, exporting: true })).toBe('Waiting for the export to finish.');
    expect(refreshWaits({ ...ready, rangeError: 'The first month is after the last month.' })).toBe('The first month is after the last month.');
  });

  it('the files and settings wait while a refresh reads them, and say so', () => {
    expect(inputsWait({ refreshing: false, filesBusy: false })).toBeNull();
    expect(inputsWait({ refreshing: true, filesBusy: false })).toBe('Waiting for the refresh to finish.');
    expect(inputsWait({ refreshing: false, filesBusy: true })).toBe('Waiting for the files to be read.');
  });

  it('"Save settings" says why it waits: nothing changed, a markup that is no number, saving, or a refresh', () => {
    const form = { waits: null, saving: false, loaded: true, readFailed: false, markupValid: true, changed: true, hasTable: true };
    expect(saveSettingsWaits(form)).toBeNull();
    expect(saveSettingsWaits({ ...form, changed: false })).toBe('Nothing to save: the Settings table holds these.');
    // QA (first run): an empty workbook has no Settings table, so the form shows the defaults, not a table's values.
    expect(saveSettingsWaits({ ...form, changed: false, hasTable: false })).toBe('Nothing to save: these are the defaults, and the workbook has no Settings table yet (Refresh makes one).');
    expect(saveSettingsWaits({ ...form, hasTable: false })).toBeNull();
    expect(saveSettingsWaits({ ...form, markupValid: false })).toBe('Enter a valid default markup first.');
    expect(saveSettingsWaits({ ...form, saving: true })).toBe('Saving the settings.');
    expect(saveSettingsWaits({ ...form, waits: 'Waiting for the refresh to finish.' })).toBe('Waiting for the refresh to finish.');
  });

  it('the settings form, "Save settings" with it, waits until the Settings table is read: the defaults it holds until then are not to be saved', () => {
    const form = { waits: null, saving: false, loaded: false, readFailed: false };
    expect(settingsFormWaits(form)).toBe('Reading the settings from the workbook…');
    expect(saveSettingsWaits({ ...form, markupValid: true, changed: true, hasTable: true })).toBe('Reading the settings from the workbook…');
    expect(settingsFormWaits({ ...form, readFailed: true })).toBe('The settings could not be read from the workbook (see below): press Refresh to read them again.');
    expect(settingsFormWaits({ ...form, loaded: true })).toBeNull();
    expect(settingsFormWaits({ ...form, saving: true })).toBe('Saving the settings.');
  });
});
