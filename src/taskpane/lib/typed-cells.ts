/**
 * A configuration table typed as text (the sample month's CSVs) as an accountant would type it into Excel: ids as
 * text, so 0002 keeps its zeros; prices, totals and percentages as numbers; days as dates. A number kept as text
 * shows Excel's "number stored as text" mark on every cell and teaches the wrong thing. Each is a cell the
 * configuration reader takes as the CSV's text (src/excel/read-config.ts): a percentage as the plain number (15 for
 * 15 %), as the report workbook writes it; a date cell as its day.
 */
import { excelSerialOf } from '../../excel/number-formats';
import { DATE_FORMAT, GENERAL_FORMAT, moneyFormat, TEXT_FORMAT } from '../../workbook/formats';

export interface TypedCells {
  values: Array<Array<string | number>>;
  /** One per cell, set before the values: a text cell's "@" keeps what is written verbatim. */
  formats: string[][];
}

type Kind = 'text' | 'number' | 'money' | 'date';

const MONEY_COLUMNS = new Set(['Sales price', 'Retail price', 'Microsoft total']);

/** Ids and names are text; amounts, percentages and a setting's value numbers where they read as one. */
function kindOf(column: string): Kind {
  if (MONEY_COLUMNS.has(column)) return 'money';
  if (column === 'Billing date') return 'date';
  if (column.endsWith('%') || column === 'Value') return 'number';
  return 'text';
}

const NUMBER = /^-?\d+(\.\d+)?$/;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The rows (the header first) as cells; `currency` is the Settings table's, for the money format. */
export function typedCells(rows: readonly string[][], currency: string): TypedCells {
  const kinds = (rows[0] ?? []).map((column) => kindOf(column.trim()));
  const values: TypedCells['values'] = [];
  const formats: TypedCells['formats'] = [];
  rows.forEach((row, r) => {
    const cells = row.map((text, c) => (r === 0 ? { value: text, format: TEXT_FORMAT } : typedCell(text, kinds[c] ?? 'text', currency)));
    values.push(cells.map((cell) => cell.value));
    formats.push(cells.map((cell) => cell.format));
  });
  return { values, formats };
}

function typedCell(text: string, kind: Kind, currency: string): { value: string | number; format: string } {
  const format = kind === 'money' ? moneyFormat(currency) : kind === 'number' ? GENERAL_FORMAT : kind === 'date' ? DATE_FORMAT : TEXT_FORMAT;
  if (text === '' || kind === 'text') return { value: text, format };
  const day = kind === 'date' ? ISO_DAY.exec(text) : null;
  if (day !== null) return { value: excelSerialOf(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]))), format };
  if (kind !== 'date' && NUMBER.test(text)) return { value: Number(text), format };
  // "last" as the cycle end day, a price typed with its sign: text, as typed.
  return { value: text, format: TEXT_FORMAT };
}

/** The Settings table's currency among typed tables, USD where it names none. */
export function typedCurrency(tables: ReadonlyArray<{ table: string; rows: readonly string[][] }>): string {
  const settings = tables.find((table) => table.table === 'Settings');
  const row = settings?.rows.find((cells) => cells[0]?.trim() === 'Currency');
  return /^[A-Z]{3}$/.test(row?.[1]?.trim() ?? '') ? row![1].trim() : 'USD';
}
