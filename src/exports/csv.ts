/**
 * RFC 4180 CSV for billing systems and for Excel: UTF-8 with a BOM (so Excel reads the accents), CRLF line ends,
 * fields quoted when needed, and text that a spreadsheet would run as a formula (a leading = + - @, tab, CR or LF)
 * neutralised with a leading apostrophe. Files come from Microsoft but their text is still untrusted.
 */
export interface CsvOptions {
  /** ';' for a European Excel, which also wants decimal commas. */
  delimiter?: ',' | ';';
  decimalComma?: boolean;
}

export type CsvValue = string | number | boolean | null | { amount: string };

const FORMULA_START = /^[=+\-@\t\r\n]/;

/** A number that must stay a number (a negative amount starts with "-" and must not be neutralised). */
export function amount(decimalText: string): { amount: string } {
  return { amount: decimalText };
}

export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>, options: CsvOptions = {}): string {
  return [...csvBlocks(header, rows, options)].join('');
}

/** Blocks of a megabyte or so. */
const BLOCK_CHARS = 1 << 20;

/**
 * The same text as toCsv in blocks of about a megabyte, made as the rows come: a large export is written without its
 * rows or its text ever held whole (300,000 lines: 190,000 rows, some 250 MB of memory).
 */
export function* csvBlocks(header: readonly string[], rows: Iterable<readonly CsvValue[]>, options: CsvOptions = {}): Generator<string> {
  const delimiter = options.delimiter ?? ',';
  const decimalComma = options.decimalComma ?? delimiter === ';';
  const field = (value: CsvValue): string => {
    let text: string;
    if (value === null) text = '';
    else if (typeof value === 'object') text = decimalComma ? value.amount.replace('.', ',') : value.amount;
    else if (typeof value === 'number') text = decimalComma ? String(value).replace('.', ',') : String(value);
    else if (typeof value === 'boolean') text = value ? 'Yes' : 'No';
    else text = neutralizeFormula(value);
    return /["\r\n]/.test(text) || text.includes(delimiter) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  let block = `\uFEFF${header.map((h) => field(h)).join(delimiter)}\r\n`;
  for (const row of rows) {
    block += `${row.map(field).join(delimiter)}\r\n`;
    if (block.length >= BLOCK_CHARS) {
      yield block;
      block = '';
    }
  }
  yield block;
}
