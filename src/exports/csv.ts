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

export function toCsv(header: readonly string[], rows: readonly CsvValue[][], options: CsvOptions = {}): string {
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
  const lines = [header.map((h) => field(h)).join(delimiter), ...rows.map((row) => row.map(field).join(delimiter))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
