import type { WorkbookLayout } from '../workbook/layout';
import { MAX_COLUMNS, MAX_ROWS, sheetNameProblem, tableKey, tableNameProblem } from './addresses';
import { LayoutError } from './errors';
import { MAX_OUTLINE_LEVEL } from './outline';
import { TEMPORARY_SHEET } from './refresh-plan';

/**
 * What Excel would refuse, found before anything is written: a refresh must not fail on its fortieth request for a
 * reason visible in the layout (a sheet over 1,048,576 rows, a sheet name over 31 characters, two tables with one
 * name). Every problem is listed at once.
 */
export function validateLayout(layout: WorkbookLayout): void {
  const problems: string[] = [];
  const sheetNames = new Map<string, string>();
  const tableNames = new Map<string, string>();
  const claimTable = (name: string, where: string) => {
    const problem = tableNameProblem(name);
    if (problem) problems.push(problem);
    const key = tableKey(name);
    if (tableNames.has(key)) problems.push(`two tables are named "${name}" (${tableNames.get(key)} and ${where})`);
    else tableNames.set(key, where);
  };
  layout.sheets.forEach((sheet) => {
    const problem = sheetNameProblem(sheet.name);
    if (problem) problems.push(problem);
    if (TEMPORARY_SHEET.test(sheet.name)) problems.push(`sheet name "${sheet.name}" looks like a refresh's temporary sheet`);
    const key = sheet.name.toLowerCase();
    if (sheetNames.has(key)) problems.push(`two sheets are named "${sheet.name}"`);
    sheetNames.set(key, sheet.name);
    if (sheet.rows.length > MAX_ROWS) problems.push(`sheet "${sheet.name}" has ${sheet.rows.length.toLocaleString('en-US')} rows; an Excel sheet holds ${MAX_ROWS.toLocaleString('en-US')}`);
    let width = sheet.columns.length;
    sheet.rows.forEach((row, rowIndex) => {
      width = Math.max(width, row.cells.length);
      if ((row.outlineLevel ?? 0) > MAX_OUTLINE_LEVEL) problems.push(`sheet "${sheet.name}" row ${rowIndex + 1}: outline level ${row.outlineLevel} is deeper than Excel's ${MAX_OUTLINE_LEVEL}`);
    });
    if (width > MAX_COLUMNS) problems.push(`sheet "${sheet.name}" has ${width} columns; an Excel sheet holds ${MAX_COLUMNS}`);
    for (const table of sheet.tables) {
      claimTable(table.name, `sheet ${sheet.name}`);
      if (table.headerRow > table.lastRow || table.lastRow >= Math.max(sheet.rows.length, 1) || table.firstColumn > table.lastColumn) {
        problems.push(`table "${table.name}" on "${sheet.name}" does not fit the sheet's rows`);
      }
    }
    for (const pivot of sheet.pivots) {
      const source = layout.sheets.find((candidate) => candidate.name === pivot.sourceSheet)?.tables.find((table) => table.name === pivot.sourceTable);
      if (source === undefined) problems.push(`pivot "${pivot.name}" on "${sheet.name}": no table "${pivot.sourceTable}" on sheet "${pivot.sourceSheet}"`);
      else {
        for (const field of [...pivot.rows, ...pivot.columns, ...pivot.values.map((value) => value.field)]) {
          if (!source.columns.includes(field)) problems.push(`pivot "${pivot.name}": table "${pivot.sourceTable}" has no column "${field}"`);
        }
      }
      if (pivot.anchor.row + pivot.fallback.length > MAX_ROWS) problems.push(`pivot "${pivot.name}": its summary runs past the sheet's last row`);
    }
    for (const chart of sheet.charts) {
      if (chart.data.rows < 1 || chart.data.columns < 1) problems.push(`chart "${chart.name}" on "${sheet.name}" has no data`);
    }
  });
  for (const table of layout.userTables) {
    const problem = sheetNameProblem(table.sheetName);
    if (problem) problems.push(problem);
    claimTable(table.excelName, `your ${table.name} table`);
    if (sheetNames.has(table.sheetName.toLowerCase())) problems.push(`your ${table.name} table would sit on "${table.sheetName}", a sheet every refresh replaces`);
    const missing = table.keyColumns.filter((column) => !table.columns.includes(column));
    if (missing.length > 0) problems.push(`your ${table.name} table: key column ${missing.join(', ')} is not one of its columns`);
  }
  if (problems.length > 0) throw new LayoutError(`The report cannot be written to Excel:\n${problems.join('\n')}`);
}
