/**
 * Partner Center writes plain RFC 4180 CSV: every field quoted or free of quotes, quotes doubled inside quoted fields,
 * one newline style. Text in that shape is split here in a third of papaparse's time (papaparse unescapes every quoted
 * field with a regular expression); anything else (a quote inside an unquoted field, text after a closing quote, a
 * stray CR or LF, an unclosed quote at the end) returns null and papaparse reads the same text, so its rows and its
 * error messages stay the reference. test/import/plain-csv.test.ts holds both to the same rows.
 */

const QUOTE = 34;
const CR = 13;
const LF = 10;

interface PlainCsvBlock {
  rows: string[][];
  /** Characters of `text` the rows came from: with `more`, up to the end of the last complete row. */
  consumed: number;
}

/**
 * Splits `text` into rows of cells. With `more`, the text may stop inside a row that continues in the next chunk:
 * that row is left out and `consumed` says where it starts. Returns null when the text is not plain CSV.
 */
export function readPlainCsv(text: string, delimiter: string, newline: '\n' | '\r\n', more: boolean): PlainCsvBlock | null {
  const separator = delimiter.charCodeAt(0);
  const crlf = newline === '\r\n';
  const length = text.length;
  const rows: string[][] = [];
  let row: string[] = [];
  let rowStart = 0;
  let i = 0;
  while (i < length || row.length > 0) {
    let c: number;
    if (text.charCodeAt(i) === QUOTE) {
      let close = text.indexOf('"', i + 1);
      let escaped = false;
      while (close >= 0 && text.charCodeAt(close + 1) === QUOTE) {
        escaped = true;
        close = text.indexOf('"', close + 2);
      }
      if (close < 0) {
        // The field goes on in the next chunk; at the end of the file the quote is never closed (papaparse says so).
        if (more) break;
        return null;
      }
      const cell = text.slice(i + 1, close);
      row.push(escaped ? cell.replaceAll('""', '"') : cell);
      i = close + 1;
      c = i < length ? text.charCodeAt(i) : -1;
      if (c !== separator && c !== CR && c !== LF && c !== -1) return null;
    } else {
      const start = i;
      c = -1;
      for (; i < length; i++) {
        c = text.charCodeAt(i);
        if (c === separator || c === CR || c === LF) break;
        if (c === QUOTE) return null;
      }
      if (i === length) c = -1;
      row.push(text.slice(start, i));
    }
    if (c === separator) {
      i++;
      // A delimiter at the very end: the row's last (empty) field may still be coming.
      if (i === length) {
        if (more) break;
        row.push('');
        c = -1;
      } else continue;
    }
    if (c === -1) {
      // The end of the text ends the row only at the end of the file.
      if (more) break;
      rows.push(row);
      row = [];
      rowStart = length;
      break;
    }
    if (crlf) {
      if (c !== CR) return null;
      if (i + 1 === length && more) break;
      if (text.charCodeAt(i + 1) !== LF) return null;
      i += 2;
    } else {
      if (c !== LF) return null;
      i++;
    }
    rows.push(row);
    row = [];
    rowStart = i;
    // A newline at the very end of the file starts one last, empty row (as papaparse counts rows).
    if (i === length && !more) rows.push(['']);
  }
  return { rows, consumed: more ? rowStart : length };
}
