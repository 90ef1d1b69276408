/**
 * Why a control of the pane waits, in words: every disabled button says why, beside it and to a screen reader
 * (aria-describedby). null: it does not wait. Kept apart from the components so the rules can be tested.
 */
import type { RefreshState } from '../hooks/useRefresh';
import type { PaneError } from './errors';

export const STALE_EXPORT = 'The files, settings or tables changed since the last refresh: press Refresh before exporting.';

/** Why Refresh waits. */
export function refreshWaits(pane: {
  filesBusy: boolean;
  fileCount: number;
  imported: boolean;
  exporting: boolean;
  /** Why the date range cannot be billed, or null. */
  rangeError: string | null;
}): string | null {
  if (pane.filesBusy) return 'Waiting for the files to be read.';
  if (pane.fileCount === 0) return 'Import files first (step 1).';
  if (!pane.imported) return 'None of the files can be billed: import a Partner Center reconciliation file (step 1).';
  // Not while an export writes its sheet: the refresh would not know of it, and leave it with an older report.
  if (pane.exporting) return 'Waiting for the export to finish.';
  return pane.rangeError;
}

/** Why the steps before Refresh (files, settings) wait: they are what a running refresh reads. */
export function inputsWait(pane: { refreshing: boolean; filesBusy: boolean }): string | null {
  if (pane.refreshing) return 'Waiting for the refresh to finish.';
  if (pane.filesBusy) return 'Waiting for the files to be read.';
  return null;
}

/** The report a refresh made, whose inputs the pane compares with its own (null: none). */
export function reportMadeFrom(state: RefreshState): string | null {
  return state.status === 'done' || state.status === 'too-large' ? state.madeFrom : null;
}

export interface ExportWaits {
  /** The billing CSV, the customer files and their separator. */
  files: string | null;
  /** The billing export written to a sheet of the workbook. */
  sheet: string | null;
}

/**
 * Why the exports wait. A report refused as too large for Excel's sheets is not in the workbook, but its CSV exports
 * have no row limit, and the refusal tells the accountant to use them: those are there, the sheet is not.
 */
export function exportWaits(state: RefreshState, stale: boolean): ExportWaits {
  const both = (reason: string | null): ExportWaits => ({ files: reason, sheet: reason });
  if (state.status === 'running') return both('Available once the refresh is done.');
  if (stale && reportMadeFrom(state) !== null) return both(STALE_EXPORT);
  if (state.status === 'done') return both(null);
  if (state.status === 'too-large') return { files: null, sheet: 'Not for this report: it is too large for a sheet, so it is not in the workbook. Download the billing CSV instead.' };
  return both('Available after a refresh (step 3).');
}

interface SettingsForm {
  /** Why the steps before Refresh wait (inputsWait), or null. */
  waits: string | null;
  saving: boolean;
  /** The Settings table was read: until then the form holds the defaults, which Save must not offer to write. */
  loaded: boolean;
  /** Reading it failed (the error is shown under the form). */
  readFailed: boolean;
}

/** Why the settings form waits. */
export function settingsFormWaits(form: SettingsForm): string | null {
  if (form.saving) return 'Saving the settings.';
  if (form.waits !== null) return form.waits;
  if (!form.loaded) return form.readFailed ? 'The settings could not be read from the workbook (see below): press Refresh to read them again.' : 'Reading the settings from the workbook…';
  return null;
}

/** Why "Save settings" waits. */
export function saveSettingsWaits(form: SettingsForm & { markupValid: boolean; changed: boolean; /** The workbook has a Settings table. */ hasTable: boolean }): string | null {
  const formWaits = settingsFormWaits(form);
  if (formWaits !== null) return formWaits;
  if (!form.markupValid) return 'Enter a valid default markup first.';
  // In a new workbook there is no table holding them: the form shows the defaults.
  if (!form.changed) return form.hasTable ? 'Nothing to save: the Settings table holds these.' : 'Nothing to save: these are the defaults, and the workbook has no Settings table yet (Refresh makes one).';
  return null;
}

/** A refresh refused as too large for a sheet: what happened, that nothing was written, and what to do next. */
export function tooLargeError(state: Extract<RefreshState, { status: 'too-large' }>): PaneError {
  const kept = state.kept === null ? '' : `: its report is still the one of ${state.kept}`;
  return {
    message: state.problem,
    next: `Nothing in the workbook was changed${kept}. The billing CSV and the customer files of this report are below (step 4); to bill it in parts, remove files (step 1) or choose fewer months (step 2), then press Refresh again.`,
  };
}
