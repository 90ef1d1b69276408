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
  // A row's cells are gathered here and copied out at its end: an array of exactly its cells, where one grown by push
  // reallocates three times on the way to 47 cells and keeps room for 77.
  const row: string[] = [];
  let cells = 0;
  let rowStart = 0;
  let i = 0;
  while (i < length || cells > 0) {
    let c: number;
    if (text.charCodeAt(i) === QUOTE) {
      let close = text.indexOf('"', i + 1);
      // A doubled quote ends a piece of the cell with one quote: the pieces are joined (V8 joins them lazily, so a
      // cell no one reads is never copied), not the cell searched again to replace them.
      let cell = '';
      let from = i + 1;
      while (close >= 0 && text.charCodeAt(close + 1) === QUOTE) {
        cell += text.slice(from, close + 1);
        from = close + 2;
        close = text.indexOf('"', from);
      }
      if (close < 0) {
        // The field goes on in the next chunk; at the end of the file the quote is never closed (papaparse says so).
        if (more) break;
        return null;
      }
      row[cells++] = cell + text.slice(from, close);
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
      row[cells++] = text.slice(start, i);
    }
    if (c === separator) {
      i++;
      // A delimiter at the very end: the row's last (empty) field may still be coming.
      if (i === length) {
        if (more) break;
        row[cells++] = '';
        c = -1;
      } else continue;
    }
    if (c === -1) {
      // The end of the text ends the row only at the end of the file.
      if (more) break;
      rows.push(row.slice(0, cells));
      cells = 0;
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
    rows.push(row.slice(0, cells));
    cells = 0;
    rowStart = i;
    // A newline at the very end of the file starts one last, empty row (as papaparse counts rows).
    if (i === length && !more) rows.push(['']);
  }
  return { rows, consumed: more ? rowStart : length };
}
