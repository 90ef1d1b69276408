/**
 * Reads the cells of chosen Excel tables and sheets from an .xlsx, without opening the rest of the workbook: only the
 * package's small parts (workbook, relationships, table definitions, styles), the shared strings and the sheets asked
 * for are inflated and read. Last month's report workbook, used as `--config`, holds a Billing Lines sheet of up to
 * a million rows that the configuration never needs (ExcelJS loaded all of it: 2 GB and 20 s for 100,000 lines).
 *
 * Cells come out as the text the user typed, by the same rules as the add-in's own reading (cellText): numbers as
 * Excel shows them (15 significant digits), percent-formatted ones times 100 exactly, date-formatted ones as ISO dates,
 * and (asked for: configuration tables) with the currency their format shows ("€7.5").
 * SpreadsheetML is machine-written XML, read here with a small tokenizer (tags, attributes, text; namespace
 * prefixes ignored) rather than a DOM.
 */
import { unzipSync } from 'fflate';
import { isDateFormat } from '../excel/number-formats';
import { cellText, configCellText } from '../excel/read-config';

/** The file is not an .xlsx workbook, or a damaged one: the message names the file and says what to do. */
export class WorkbookFileError extends Error {}

/**
 * A sheet whose XML is longer than a JavaScript string can be (about 512 M characters: some 290,000 reconciliation rows
 * saved from Excel): it is decoded whole, so it cannot be read from the .xlsx. The CSV of the same rows can.
 */
export class SheetTooLargeToReadError extends WorkbookFileError {
  constructor(
    readonly file: string,
    readonly sheet: string,
    readonly bytes: number,
  ) {
    super(`${file}, sheet ${sheet}: ${SheetTooLargeToReadError.reason(bytes)}`);
    this.name = 'SheetTooLargeToReadError';
  }

  /** Without the file and sheet, which an import problem adds itself. */
  static reason(bytes: number): string {
    return `the sheet is too large to read from an .xlsx workbook (${Math.round(bytes / 1_000_000).toLocaleString('en-US')} MB of cells): import the CSV file Partner Center gives instead, or save the sheet from Excel as CSV UTF-8`;
  }
}

/** A part inflated whole that is longer than a string can be (V8: "Cannot create a string longer than 0x1fffffe8 characters"). */
class PartTooLongError extends Error {
  constructor(readonly bytes: number) {
    super(`a part of ${bytes} bytes is longer than a string can be`);
  }
}

function isStringTooLong(error: unknown): boolean {
  return error instanceof RangeError || (error as { code?: unknown } | null)?.code === 'ERR_STRING_TOO_LONG';
}

interface WorkbookTable {
  /** The table's name as Excel shows it (displayName). */
  name: string;
  sheet: string;
  /** 1-based, inclusive: the header row first, the totals row left out. */
  top: number;
  left: number;
  bottom: number;
  right: number;
}

interface XlsxWorkbook {
  /** Sheet names in tab order. */
  sheets: string[];
  /** Excel tables in tab order of their sheets. */
  tables: WorkbookTable[];
  /** Cell texts of a rectangle (1-based, inclusive), '' where empty. */
  cells(sheet: string, area: { top: number; left: number; bottom: number; right: number }): string[][];
  /** Cell texts from A1 through the last filled row and column. */
  usedCells(sheet: string): string[][];
  /** With `currencyMarks`: true where a number cell of the rectangle carries its format's currency (configCellText). */
  formatMarked(sheet: string, area: { top: number; left: number; bottom: number; right: number }): boolean[][];
  /** With `currencyMarks`: true where a cell of the rectangle holds text (typed, or a formula's), not a number. */
  textCells(sheet: string, area: { top: number; left: number; bottom: number; right: number }): boolean[][];
}

export interface XlsxOptions {
  /** Number cells carry the currency their format shows, as the add-in reads configuration tables (configCellText). */
  currencyMarks?: boolean;
}

const TEXT_DECODER = new TextDecoder();

/** Opens a workbook from its bytes; `file` names it in messages. */
export function openXlsx(bytes: Uint8Array, file: string, options: XlsxOptions = {}): XlsxWorkbook {
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new WorkbookFileError(`${file} is an Excel 97-2003 workbook (.xls) or a password-protected one: save it as an Excel Workbook (.xlsx) without a password.`);
  }
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new WorkbookFileError(`${file} is not an .xlsx workbook (not a zip archive): save it as an Excel Workbook (.xlsx), or pass the tables as CSV files.`);
  const parts = new Map<string, string>();
  /** Inflates the parts named that are not read yet, in one pass over the zip (its directory is small). */
  const load = (...names: string[]) => {
    const wanted = new Set(names.filter((name) => !parts.has(name)));
    if (wanted.size === 0) return;
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(bytes, { filter: (entry) => wanted.has(entry.name) });
    } catch (error) {
      throw new WorkbookFileError(`${file} is damaged and cannot be read as a workbook (${error instanceof Error ? error.message : String(error)}).`);
    }
    for (const [name, data] of Object.entries(files)) {
      try {
        parts.set(name, TEXT_DECODER.decode(data));
      } catch (error) {
        if (isStringTooLong(error)) throw new PartTooLongError(data.length);
        throw error;
      }
    }
  };
  const part = (name: string) => parts.get(name) ?? null;

  load('_rels/.rels');
  const workbookPath = [...relationships('', part('_rels/.rels')).values()].find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  load(workbookPath, relationshipsPathOf(workbookPath));
  const workbookXml = part(workbookPath);
  if (workbookXml === null) throw new WorkbookFileError(`${file} is not an .xlsx workbook (it has no workbook part): save it as an Excel Workbook (.xlsx).`);
  const workbookRels = relationships(workbookPath, part(relationshipsPathOf(workbookPath)));
  const targetOf = (type: string) => [...workbookRels.values()].find((r) => r.type.endsWith(`/${type}`))?.target ?? null;
  const date1904 = elements(workbookXml, 'workbookPr').some(({ attributes }) => ['1', 'true'].includes(attributes.get('date1904') ?? ''));
  const sheetPaths = new Map<string, string>();
  for (const { attributes } of elements(workbookXml, 'sheet')) {
    const target = workbookRels.get(relationshipId(attributes));
    if (target !== undefined) sheetPaths.set(attributes.get('name') ?? '', target.target);
  }
  const sheets = [...sheetPaths.keys()];

  const stylesPath = targetOf('styles');
  load(...(stylesPath === null ? [] : [stylesPath]), ...[...sheetPaths.values()].map(relationshipsPathOf));
  // A table belongs to the sheet whose relationships point at it.
  const tablePaths = [...sheetPaths].map(([sheet, path]) => ({
    sheet,
    paths: [...relationships(path, part(relationshipsPathOf(path))).values()].filter((r) => r.type.endsWith('/table')).map((r) => r.target),
  }));
  load(...tablePaths.flatMap((t) => t.paths));
  const tables: WorkbookTable[] = [];
  for (const { sheet, paths } of tablePaths) {
    for (const tablePath of paths) {
      const [table] = elements(part(tablePath) ?? '', 'table');
      const ref = decodeRange(table?.attributes.get('ref') ?? '');
      if (table === undefined || ref === null) continue;
      const totals = Math.max(0, Number(table.attributes.get('totalsRowCount') ?? 0) || 0);
      tables.push({ name: table.attributes.get('displayName') ?? table.attributes.get('name') ?? '', sheet, ...ref, bottom: ref.bottom - totals });
    }
  }

  const formats = cellFormats(stylesPath === null ? null : part(stylesPath));
  const sharedStringsPath = targetOf('sharedStrings');
  let sharedStrings: string[] | null = null;
  const sheetCells = new Map<string, Map<number, Map<number, string>>>();
  const sheetMarked = new Map<string, Set<string>>();
  const sheetTexts = new Map<string, Set<string>>();
  const cellsOf = (sheet: string): Map<number, Map<number, string>> => {
    let cells = sheetCells.get(sheet);
    if (cells !== undefined) return cells;
    const marked = new Set<string>();
    const texts = new Set<string>();
    const path = sheetPaths.get(sheet);
    if (path === undefined) throw new Error(`no sheet ${sheet} in ${file}`);
    try {
      load(path, ...(sharedStrings === null && sharedStringsPath !== null ? [sharedStringsPath] : []));
    } catch (error) {
      // The sheet's XML, or the shared strings it reads (as large), past a string's length.
      if (error instanceof PartTooLongError) throw new SheetTooLargeToReadError(file, sheet, error.bytes);
      throw error;
    }
    if (sharedStrings === null) {
      sharedStrings = readSharedStrings(sharedStringsPath === null ? null : part(sharedStringsPath));
      if (sharedStringsPath !== null) parts.delete(sharedStringsPath);
    }
    cells = readSheet(part(path) ?? '', sharedStrings, formats, date1904, options.currencyMarks === true ? { marked, texts } : null);
    parts.delete(path); // its cells are kept; the XML is not needed again
    sheetCells.set(sheet, cells);
    sheetMarked.set(sheet, marked);
    sheetTexts.set(sheet, texts);
    return cells;
  };

  return {
    sheets,
    tables,
    cells(sheet, { top, left, bottom, right }) {
      const cells = cellsOf(sheet);
      const rows: string[][] = [];
      for (let r = top; r <= bottom; r++) {
        const row = cells.get(r);
        const texts: string[] = [];
        for (let c = left; c <= right; c++) texts.push(row?.get(c) ?? '');
        rows.push(texts);
      }
      return rows;
    },
    usedCells(sheet) {
      const cells = cellsOf(sheet);
      let bottom = 0;
      let right = 0;
      for (const [r, row] of cells) {
        for (const [c, text] of row) {
          if (text === '') continue;
          if (r > bottom) bottom = r;
          if (c > right) right = c;
        }
      }
      return bottom === 0 ? [] : this.cells(sheet, { top: 1, left: 1, bottom, right });
    },
    formatMarked(sheet, area) {
      cellsOf(sheet);
      return cellsIn(sheetMarked.get(sheet)!, area);
    },
    textCells(sheet, area) {
      cellsOf(sheet);
      return cellsIn(sheetTexts.get(sheet)!, area);
    },
  };
}

/** Which cells of a rectangle (1-based, inclusive) a set of "row,column" holds. */
function cellsIn(cells: Set<string>, { top, left, bottom, right }: { top: number; left: number; bottom: number; right: number }): boolean[][] {
  const rows: boolean[][] = [];
  for (let r = top; r <= bottom; r++) {
    const row: boolean[] = [];
    for (let c = left; c <= right; c++) row.push(cells.has(`${r},${c}`));
    rows.push(row);
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// The package: relationships between parts

/** "xl/workbook.xml" → "xl/_rels/workbook.xml.rels". */
function relationshipsPathOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return `${path.slice(0, slash + 1)}_rels/${path.slice(slash + 1)}.rels`;
}

/** Relationship id → its type and the target part's path in the zip, resolved against the part the relationships
 * belong to ('' for the package's own). */
function relationships(fromPart: string, xml: string | null): Map<string, { type: string; target: string }> {
  const found = new Map<string, { type: string; target: string }>();
  if (xml === null) return found;
  const folder = fromPart.slice(0, fromPart.lastIndexOf('/') + 1);
  for (const { attributes } of elements(xml, 'Relationship')) {
    if (attributes.get('TargetMode') === 'External') continue;
    const target = attributes.get('Target') ?? '';
    found.set(attributes.get('Id') ?? '', { type: attributes.get('Type') ?? '', target: resolvePath(target.startsWith('/') ? target.slice(1) : folder + target) });
  }
  return found;
}

function resolvePath(path: string): string {
  const resolved: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '..') resolved.pop();
    else if (segment !== '.' && segment !== '') resolved.push(segment);
  }
  return resolved.join('/');
}

/** r:id, whatever the prefix of the relationships namespace is called. */
function relationshipId(attributes: Map<string, string>): string {
  for (const [name, value] of attributes) if (name === 'id' || name.endsWith(':id')) return value;
  return '';
}

// ---------------------------------------------------------------------------------------------------------------
// Styles, shared strings, sheets

/**
 * Excel's built-in number formats that matter here: percentages and dates (ECMA-376 Part 1, 18.8.30). The currency
 * and accounting ones (5–8, 37–44) name no symbol in the file (Excel shows the machine's own currency), so they read
 * as General: their currency is unknown and not checked.
 */
function builtInFormat(id: number): string {
  if (id === 9) return '0%';
  if (id === 10) return '0.00%';
  // Dates (14–17, 22; 27–36 and 50–58 in East Asian locales); 18–21 and 45–47 are times of day, not dates.
  if ((id >= 14 && id <= 17) || id === 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return 'yyyy-mm-dd';
  return 'General';
}

/** Cell style index → its number format code. */
function cellFormats(xml: string | null): string[] {
  if (xml === null) return [];
  const custom = new Map<number, string>();
  for (const { attributes } of elements(xml, 'numFmt')) custom.set(Number(attributes.get('numFmtId')), attributes.get('formatCode') ?? '');
  // Cell formats are the <xf> of <cellXfs>; those of <cellStyleXfs> are named styles' own.
  const start = xml.search(/<(?:[\w.-]+:)?cellXfs\b/);
  if (start < 0) return [];
  const end = xml.search(/<\/(?:[\w.-]+:)?cellXfs>/);
  return elements(xml.slice(start, end < start ? undefined : end), 'xf').map(({ attributes }) => {
    const id = Number(attributes.get('numFmtId') ?? 0);
    return custom.get(id) ?? builtInFormat(id);
  });
}

function readSharedStrings(xml: string | null): string[] {
  const strings: string[] = [];
  if (xml === null) return strings;
  let text = '';
  walkText(xml, {
    open(name) {
      if (name === 'si') text = '';
    },
    text(value) {
      text += value;
    },
    close(name) {
      if (name === 'si') strings.push(text);
    },
  });
  return strings;
}

/** Days from 1900-01-00 to 1904-01-01: a 1904-based serial plus this is the same day in the 1900 system. */
const DATE_1904_OFFSET = 1462;

/**
 * Row → column → cell text (1-based), for every cell of the sheet that holds something. With `config`, number cells
 * carry the currency their format shows, and their "row,column" is added to `marked`; that of text cells to `texts`.
 */
function readSheet(
  xml: string,
  sharedStrings: readonly string[],
  formats: readonly string[],
  date1904: boolean,
  config: { marked: Set<string>; texts: Set<string> } | null,
): Map<number, Map<number, string>> {
  const rows = new Map<number, Map<number, string>>();
  let row = 0;
  let column = 0;
  let type = '';
  let style = 0;
  let value: string | null = null;
  let inline = '';
  let formula: string | null = null;
  let inValue = false;
  let inInline = false;
  let inFormula = false;
  walkText(xml, {
    open(name, attributes) {
      if (name === 'row') {
        row = Number(attributes.get('r') ?? row + 1);
        column = 0;
      } else if (name === 'c') {
        const ref = decodeCell(attributes.get('r') ?? '');
        if (ref !== null) [row, column] = [ref.row, ref.column];
        else column++;
        type = attributes.get('t') ?? 'n';
        style = Number(attributes.get('s') ?? 0);
        value = null;
        inline = '';
        formula = null;
      } else if (name === 'f') {
        inFormula = true;
        formula = '';
      } else if (name === 'v') {
        inValue = true;
        value = '';
      } else if (name === 'is') inInline = true;
    },
    text(text) {
      if (inValue) value += text;
      else if (inFormula) formula += text;
      else if (inInline) inline += text;
    },
    close(name) {
      if (name === 'v') inValue = false;
      else if (name === 'f') inFormula = false;
      else if (name === 'is') inInline = false;
      else if (name === 'c') {
        const format = formats[style] ?? 'General';
        // A formula saved without its value (by a program that does not calculate: a script, not Excel or Calc) is not
        // an empty cell: its formula is read, so a price never calculated is refused rather than taken as none.
        let text = formula !== null && value === null ? `=${formula === '' ? '…' : formula}` : cellValueText(type, value, inline, format, sharedStrings, date1904);
        if (config !== null && type === 'n' && text !== '' && Number.isFinite(Number(value))) {
          const withMark = configCellText(Number(value), format);
          if (withMark.marked) {
            text = withMark.text;
            config.marked.add(`${row},${column}`);
          }
        }
        // Text a German Excel keeps as typed ("1.234": a thousand) is told from a number cell's 1.234.
        // (A formula saved without its value is no text typed, whatever its type says: config.ts refuses it.)
        if (config !== null && text !== '' && (type === 's' || type === 'inlineStr' || type === 'str') && !(formula !== null && value === null)) config.texts.add(`${row},${column}`);
        if (text !== '') {
          let cells = rows.get(row);
          if (cells === undefined) rows.set(row, (cells = new Map()));
          cells.set(column, text);
        }
      }
    },
    // Only <t> text counts (a cell's <f> formula and <v> are told apart by the callbacks above).
    keepText: (name) => name === 'v' || name === 't' || name === 'f',
  });
  return rows;
}

function cellValueText(type: string, value: string | null, inline: string, format: string, sharedStrings: readonly string[], date1904: boolean): string {
  switch (type) {
    case 's':
      return value === null ? '' : (sharedStrings[Number(value)] ?? '');
    case 'inlineStr':
      return inline;
    case 'str':
    case 'e':
      return value ?? '';
    case 'b':
      return cellText(value === '1' || value === 'true', null);
    default: {
      if (value === null || value.trim() === '') return '';
      const number = Number(value);
      if (!Number.isFinite(number)) return value;
      return cellText(date1904 && isDateFormat(format) ? number + DATE_1904_OFFSET : number, format);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// XML: tags, attributes and text of machine-written SpreadsheetML

const TAG = /<(\/?)(?:[\w.-]+:)?([\w.-]+)((?:\s[^>]*?)?)(\/?)>|<!\[CDATA\[([\s\S]*?)\]\]>|<[?!][^>]*>/g;
const ATTRIBUTE = /([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

interface Element {
  name: string;
  attributes: Map<string, string>;
}

/** Every element named `name` (prefix ignored), with its attributes. */
function elements(xml: string, name: string): Element[] {
  const found: Element[] = [];
  const pattern = new RegExp(`<(?:[\\w.-]+:)?${name}(\\s[^>]*?)?\\/?>`, 'g');
  for (const match of xml.matchAll(pattern)) found.push({ name, attributes: attributesOf(match[1] ?? '') });
  return found;
}

function attributesOf(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of text.matchAll(ATTRIBUTE)) attributes.set(match[1], decodeXml(match[2] ?? match[3] ?? ''));
  return attributes;
}

interface TextWalker {
  open(name: string, attributes: Map<string, string>): void;
  text(text: string): void;
  close(name: string): void;
  /** Elements whose own text is reported (default: <t>, the text of a string or a run). */
  keepText?: (name: string) => boolean;
}

/**
 * Walks the elements in order. Text is reported only inside elements keepText picks, and never inside <rPh>
 * (phonetic guides under East Asian text, which are not part of the cell's value).
 */
function walkText(xml: string, walker: TextWalker): void {
  const keep = walker.keepText ?? ((name: string) => name === 't');
  const open: string[] = [];
  let phonetic = 0;
  let last = 0;
  for (const match of xml.matchAll(TAG)) {
    const at = match.index;
    const inside = open[open.length - 1];
    if (at > last && inside !== undefined && phonetic === 0 && keep(inside)) walker.text(decodeXml(xml.slice(last, at)));
    last = at + match[0].length;
    if (match[5] !== undefined) {
      if (inside !== undefined && phonetic === 0 && keep(inside)) walker.text(match[5]);
      continue;
    }
    const name = match[2];
    if (name === undefined) continue; // a declaration, comment or processing instruction
    if (match[1] === '/') {
      open.pop();
      if (name === 'rPh') phonetic--;
      walker.close(name);
      continue;
    }
    if (name === 'rPh') phonetic++;
    walker.open(name, attributesOf(match[3] ?? ''));
    if (match[4] === '/') {
      if (name === 'rPh') phonetic--;
      walker.close(name);
    } else open.push(name);
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML entities, then Excel's own escapes of characters XML cannot hold ("_x000D_" is a carriage return). */
function decodeXml(text: string): string {
  const unescaped = text.includes('&')
    ? text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) => {
        if (entity[0] === '#') return String.fromCodePoint(entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
        return ENTITIES[entity] ?? whole;
      })
    : text;
  return unescaped.includes('_x') ? unescaped.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : unescaped;
}

/** "B3" → row 3, column 2 (1-based); null when it is not a cell reference. */
function decodeCell(ref: string): { row: number; column: number } | null {
  const match = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref);
  if (match === null) return null;
  const column = [...match[1].toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return { row: Number(match[2]), column };
}

/** "B3:E9" (or one cell) → its corners, 1-based. */
function decodeRange(ref: string): { top: number; left: number; bottom: number; right: number } | null {
  const [from, to = from] = ref.split(':');
  const a = decodeCell(from);
  const b = decodeCell(to);
  if (a === null || b === null) return null;
  return { top: Math.min(a.row, b.row), left: Math.min(a.column, b.column), bottom: Math.max(a.row, b.row), right: Math.max(a.column, b.column) };
}
