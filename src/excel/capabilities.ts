/**
 * What the Excel running the add-in can do, asked at run time: Excel 2016/2019 volume licences and older Macs stop at
 * lower ExcelApi versions, and the add-in still gives value there (a static summary instead of a pivot, no outline).
 *
 * Versions are strings on purpose: isSetSupported('ExcelApi', 1.10) would ask for "1.1" (office.js docs,
 * "Check for API availability at runtime").
 */

export interface Capabilities {
  /** ExcelApi 1.4: several table rows in one call, getItemOrNullObject, getUsedRangeOrNullObject. The writer needs it. */
  baseline: boolean;
  /** ExcelApi 1.6: application.suspendApiCalculationUntilNextSync(). */
  suspendCalculation: boolean;
  /** ExcelApi 1.7: frozen panes and tab colours. */
  worksheetViews: boolean;
  /** ExcelApi 1.7: workbook.tables.onChanged, so the pane hears of edits in the configuration tables. */
  tableEvents: boolean;
  /** ExcelApi 1.8: workbook.pivotTables.add and the row/column/data hierarchies. */
  pivotTables: boolean;
  /** ExcelApi 1.9: application.suspendScreenUpdatingUntilNextSync(). */
  suspendScreenUpdating: boolean;
  /** ExcelApi 1.9: worksheet.pageLayout (print area, titles, fit to width, footer) and horizontalPageBreaks. */
  printSetup: boolean;
  /** ExcelApi 1.10: range.group() and worksheet.showOutlineLevels(). */
  outlineGrouping: boolean;
}

/** The ExcelApi version each capability needs. */
export const REQUIRED_VERSIONS: Readonly<Record<keyof Capabilities, string>> = {
  baseline: '1.4',
  suspendCalculation: '1.6',
  worksheetViews: '1.7',
  tableEvents: '1.7',
  pivotTables: '1.8',
  suspendScreenUpdating: '1.9',
  printSetup: '1.9',
  outlineGrouping: '1.10',
};

type IsSetSupported = (name: string, minVersion: string) => boolean;

/** office.js's own check; false outside Office (Office.onReady resolves there with a null host). */
const officeIsSetSupported: IsSetSupported = (name, minVersion) => {
  if (typeof Office === 'undefined' || !Office.context?.requirements) return false;
  return Office.context.requirements.isSetSupported(name, minVersion);
};

/** Call after Office.onReady; pass a fake isSetSupported in tests. */
export function detectCapabilities(isSetSupported: IsSetSupported = officeIsSetSupported): Capabilities {
  const entries = Object.entries(REQUIRED_VERSIONS) as Array<[keyof Capabilities, string]>;
  return Object.fromEntries(entries.map(([capability, version]) => [capability, isSetSupported('ExcelApi', version)])) as unknown as Capabilities;
}

/** Everything supported: current Excel on the web, Microsoft 365 on Windows and Mac. */
export const ALL_CAPABILITIES: Readonly<Capabilities> = {
  baseline: true,
  suspendCalculation: true,
  worksheetViews: true,
  tableEvents: true,
  pivotTables: true,
  suspendScreenUpdating: true,
  printSetup: true,
  outlineGrouping: true,
};
