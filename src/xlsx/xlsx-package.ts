/**
 * An .xlsx package written as it goes: each worksheet's XML is deflated into the zip as its rows are written (zlib in
 * Node's thread pool, zip-writer.ts), so a workbook of a million rows never sits in memory as cell objects (ExcelJS
 * held about 30 KB per row). Shared strings, styles, tables and the workbook part are written at the end, once every
 * sheet has said what it uses.
 *
 * Only what the report's layout needs: text (shared strings), numbers, booleans, formulas with cached results, cell
 * styles (number format, font, fill, border, alignment), column widths, frozen panes, outline rows, tables, column
 * charts (chart-part.ts), print setup (area, titles, fit to width, footer, page breaks). The file is SpreadsheetML as Excel writes it (ECMA-376),
 * elements in schema order.
 */
import { chartXml, drawingXml, type ChartOptions } from './chart-part';
import { a1, columnLetter, SHEET_ROWS } from '../workbook/formats';
import type { PrintLayout } from '../workbook/layout';
import { escapeXml, sheetReference, xmlText } from './xml';
import { ZipWriter, type ByteSink } from './zip-writer';

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const TYPE = 'application/vnd.openxmlformats-officedocument';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Sheet XML is handed to the compressor in pieces of about this many characters. */
const PIECE_CHARS = 1 << 16;

interface Font {
  bold?: boolean;
  italic?: boolean;
  size?: number;
  /** ARGB, "FF1F4E78". */
  color?: string;
}

interface BorderEdge {
  style: 'thin' | 'double';
  color?: string;
}

/** A cell format: what Excel's "Format Cells" dialog holds. */
export interface CellFormat {
  /** Excel number format code; General when absent. */
  numFmt?: string;
  font?: Font;
  /** Solid fill colour (ARGB). */
  fill?: string;
  border?: { left?: BorderEdge; top?: BorderEdge; bottom?: BorderEdge };
  /** Excel indents only left- or right-aligned text. */
  alignment?: { horizontal?: 'left' | 'center' | 'right'; indent?: number; wrapText?: boolean };
}

/** Excel's built-in number formats the layout uses, by code; any other code gets an id from 164 on. */
const BUILT_IN_FORMATS: Record<string, number> = { General: 0, '0': 1, '0.00': 2, '#,##0': 3, '#,##0.00': 4, '0%': 9, '0.00%': 10, '@': 49 };

/** Cell formats numbered as the workbook's cellXfs, with the fonts, fills, borders and number formats they use. */
class Styles {
  private readonly xfs = new Parts('<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>');
  private readonly numFmts = new Map<string, number>();
  private readonly fonts = new Parts('<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>');
  private readonly fills = new Parts('<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>');
  private readonly borders = new Parts('<border><left/><right/><top/><bottom/><diagonal/></border>');

  /** The cellXfs index of a format (0: the default). */
  index(format: CellFormat): number {
    return this.xfs.index(this.xf(format));
  }

  private xf(format: CellFormat): string {
    const numFmtId = format.numFmt === undefined ? 0 : this.numFmtId(format.numFmt);
    const fontId = format.font === undefined ? 0 : this.fonts.index(fontXml(format.font));
    const fillId = format.fill === undefined ? 0 : this.fills.index(`<fill><patternFill patternType="solid"><fgColor rgb="${format.fill}"/><bgColor indexed="64"/></patternFill></fill>`);
    const borderId = format.border === undefined ? 0 : this.borders.index(borderXml(format.border));
    const alignment = format.alignment;
    const applied = [numFmtId > 0 && 'applyNumberFormat="1"', fontId > 0 && 'applyFont="1"', fillId > 0 && 'applyFill="1"', borderId > 0 && 'applyBorder="1"', alignment && 'applyAlignment="1"']
      .filter(Boolean)
      .join(' ');
    const head = `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"${applied ? ` ${applied}` : ''}`;
    if (alignment === undefined) return `${head}/>`;
    const attributes = [alignment.horizontal && `horizontal="${alignment.horizontal}"`, alignment.indent && `indent="${alignment.indent}"`, alignment.wrapText && 'wrapText="1"']
      .filter(Boolean)
      .join(' ');
    return `${head}><alignment${attributes ? ` ${attributes}` : ''}/></xf>`;
  }

  private numFmtId(code: string): number {
    const builtIn = BUILT_IN_FORMATS[code];
    if (builtIn !== undefined) return builtIn;
    let id = this.numFmts.get(code);
    if (id === undefined) this.numFmts.set(code, (id = 164 + this.numFmts.size));
    return id;
  }

  xml(): string {
    const numFmts = [...this.numFmts].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`);
    return (
      `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
      (numFmts.length > 0 ? `<numFmts count="${numFmts.length}">${numFmts.join('')}</numFmts>` : '') +
      this.fonts.xml('fonts') +
      this.fills.xml('fills') +
      this.borders.xml('borders') +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      this.xfs.xml('cellXfs') +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '</styleSheet>'
    );
  }
}

/** Distinct texts (XML parts: cell formats, fonts, fills, borders; shared strings), each numbered once in order. */
class Parts {
  private readonly numbers = new Map<string, number>();

  constructor(...defaults: string[]) {
    defaults.forEach((xml) => this.index(xml));
  }

  index(text: string): number {
    let number = this.numbers.get(text);
    if (number === undefined) this.numbers.set(text, (number = this.numbers.size));
    return number;
  }

  get size(): number {
    return this.numbers.size;
  }

  /** In number order (a Map keeps insertion order). */
  texts(): IterableIterator<string> {
    return this.numbers.keys();
  }

  xml(element: string): string {
    return `<${element} count="${this.numbers.size}">${[...this.numbers.keys()].join('')}</${element}>`;
  }
}

function fontXml(font: Font): string {
  return `<font>${font.bold ? '<b/>' : ''}${font.italic ? '<i/>' : ''}<sz val="${font.size ?? 11}"/>${font.color ? `<color rgb="${font.color}"/>` : ''}<name val="Calibri"/><family val="2"/></font>`;
}

function borderXml(border: NonNullable<CellFormat['border']>): string {
  const edge = (name: string, e: BorderEdge | undefined) => (e === undefined ? `<${name}/>` : `<${name} style="${e.style}">${e.color ? `<color rgb="${e.color}"/>` : ''}</${name}>`);
  return `<border>${edge('left', border.left)}<right/>${edge('top', border.top)}${edge('bottom', border.bottom)}<diagonal/></border>`;
}

/** A formula (English, A1, without "=") and its cached result. */
interface FormulaCell {
  formula: string;
  result: number | string;
}

export type { ChartOptions } from './chart-part';

export type XlsxCellValue = string | number | boolean | FormulaCell | null;

interface SheetOptions {
  name: string;
  /** Column widths in characters, and a format for a whole column (cells typed in later take it). */
  columns: Array<{ width: number; format?: CellFormat }>;
  tabColor?: string;
  /** Outline summary rows sit above their detail (Excel's default is below). */
  summaryAbove?: boolean;
  freeze?: { rows: number; columns: number };
  /** Deepest outline level of the rows (0: none). */
  outlineLevels?: number;
  /** Printed as its layout says, its footer text in Excel's codes (&P page, &N pages, &A sheet name). */
  print?: PrintLayout;
  /** Names scoped to the sheet, each referring to a cell of it ("$A$1"), with an optional comment. */
  names?: Array<{ name: string; cell: string; comment?: string }>;
}

interface RowOptions {
  outlineLevel?: number;
  hidden?: boolean;
  /** The group below this row is collapsed. */
  collapsed?: boolean;
  /** In points, for a row of wrapped text (otherwise the sheet's default height). */
  height?: number;
}

interface TableOptions {
  name: string;
  /** 0-based, inclusive; the first row is the header (the sheet's cells there must hold the column names). */
  firstRow: number;
  lastRow: number;
  firstColumn: number;
  columns: string[];
  style: string;
}

export type { ByteSink } from './zip-writer';

/** Writes one workbook; sheets are written one after the other, each row by row. */
export class XlsxPackage {
  private readonly zip: ZipWriter;
  private readonly styles = new Styles();
  private readonly strings = new Parts();
  private readonly sheets: Array<Pick<SheetOptions, 'name' | 'print' | 'names'>> = [];
  private tableCount = 0;
  private drawingCount = 0;
  private chartCount = 0;

  constructor(
    sink: ByteSink,
    private readonly options: { creator?: string } = {},
  ) {
    this.zip = new ZipWriter(sink);
  }

  /** The cellXfs index of a cell format, for SheetWriter.row. */
  style(format: CellFormat): number {
    return this.styles.index(format);
  }

  /** Starts the next sheet; the previous one must be finished. */
  sheet(options: SheetOptions): SheetWriter {
    this.sheets.push({ name: options.name, print: options.print, names: options.names });
    this.zip.start(`xl/worksheets/sheet${this.sheets.length}.xml`);
    return new SheetWriter(this, this.sheets.length, options);
  }

  /** @internal The shared string index of a text. */
  stringIndex(text: string): number {
    return this.strings.index(text);
  }

  /** @internal The next table's number. */
  nextTable(): number {
    return ++this.tableCount;
  }

  /** @internal The next drawing's number. */
  nextDrawing(): number {
    return ++this.drawingCount;
  }

  /** @internal The next chart's number. */
  nextChart(): number {
    return ++this.chartCount;
  }

  /** @internal A whole part. */
  addPart(name: string, xml: string): Promise<void> {
    return this.zip.entry(name, Buffer.from(xml, 'utf8'));
  }

  /** @internal Text of the open part (the sheet being written). */
  addText(text: string): Promise<void> {
    return this.zip.add(Buffer.from(text, 'utf8'));
  }

  /** @internal Ends the open part. */
  endPart(): Promise<void> {
    return this.zip.end();
  }

  /** Writes the shared parts and closes the zip. */
  async finish(): Promise<void> {
    const sheets = this.sheets;
    const created = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const sheetTypes = sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${TYPE}.spreadsheetml.worksheet+xml"/>`);
    const parts = (count: number, path: string, type: string) => Array.from({ length: count }, (_, i) => `<Override PartName="/xl/${path}${i + 1}.xml" ContentType="${type}"/>`).join('');
    const tableTypes = parts(this.tableCount, 'tables/table', `${TYPE}.spreadsheetml.table+xml`) + parts(this.drawingCount, 'drawings/drawing', `${TYPE}.drawing+xml`) + parts(this.chartCount, 'charts/chart', `${TYPE}.drawingml.chart+xml`);
    await this.addPart(
      '[Content_Types].xml',
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        `<Override PartName="/xl/workbook.xml" ContentType="${TYPE}.spreadsheetml.sheet.main+xml"/>${sheetTypes.join('')}${tableTypes}` +
        `<Override PartName="/xl/styles.xml" ContentType="${TYPE}.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="${TYPE}.spreadsheetml.sharedStrings+xml"/>` +
        `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="${TYPE}.extended-properties+xml"/>` +
        '</Types>',
    );
    await this.addPart(
      '_rels/.rels',
      relationshipsXml([
        [`${REL_NS}/officeDocument`, 'xl/workbook.xml'],
        ['http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', 'docProps/core.xml'],
        [`${REL_NS}/extended-properties`, 'docProps/app.xml'],
      ]),
    );
    await this.addPart(
      'docProps/core.xml',
      `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
        `<dc:creator>${escapeXml(this.options.creator ?? '')}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${created}</dcterms:modified></cp:coreProperties>`,
    );
    await this.addPart('docProps/app.xml', `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>CSP Billing for Excel</Application></Properties>`);
    await this.addPart(
      'xl/_rels/workbook.xml.rels',
      relationshipsXml([
        ...sheets.map((_, i): Relationship => [`${REL_NS}/worksheet`, `worksheets/sheet${i + 1}.xml`]),
        [`${REL_NS}/styles`, 'styles.xml'],
        [`${REL_NS}/sharedStrings`, 'sharedStrings.xml'],
      ]),
    );
    const sheetNames = sheets.map(({ name, print, names }, i) => {
      const sheet = escapeXml(sheetReference(name));
      const own = (names ?? []).map((own) => `<definedName name="${escapeXml(own.name)}"${own.comment === undefined ? '' : ` comment="${escapeXml(own.comment)}"`} localSheetId="${i}">${sheet}${own.cell}</definedName>`).join('');
      if (print === undefined) return own;
      const definedName = (kind: string, reference: string) => `<definedName name="_xlnm.${kind}" localSheetId="${i}">${sheet}${reference}</definedName>`;
      // Down to the sheet's last row: Excel prints to the last filled one, however long a pivot grows.
      const last = columnLetter(print.columns - 1);
      const area = definedName('Print_Area', print.firstRow > 0 ? `$A$${print.firstRow + 1}:$${last}$${SHEET_ROWS}` : `$A:$${last}`);
      return own + (print.titleRows > 0 ? `${area}${definedName('Print_Titles', `$1:$${print.titleRows}`)}` : area);
    });
    const titles = sheetNames.join('');
    await this.addPart(
      'xl/workbook.xml',
      `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><workbookPr/><bookViews><workbookView/></bookViews><sheets>` +
        sheets.map((sheet, i) => `<sheet name="${escapeXml(sheet.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        `</sheets>${titles ? `<definedNames>${titles}</definedNames>` : ''}<calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>`,
    );
    await this.addPart('xl/styles.xml', this.styles.xml());
    this.zip.start('xl/sharedStrings.xml');
    let piece = `${XML_HEAD}<sst xmlns="${MAIN_NS}" count="${this.strings.size}" uniqueCount="${this.strings.size}">`;
    for (const text of this.strings.texts()) {
      piece += /^\s|\s$/.test(text) ? `<si><t xml:space="preserve">${escapeXml(text)}</t></si>` : `<si><t>${escapeXml(text)}</t></si>`;
      if (piece.length >= PIECE_CHARS) {
        await this.addText(piece);
        piece = '';
      }
    }
    await this.addText(`${piece}</sst>`);
    await this.zip.end();
    this.zip.finish();
  }
}

/** One worksheet: rows in order, then tables; finish() closes it. */
class SheetWriter {
  private piece = '';
  /** Pieces of XML made and not yet handed to the zip. */
  private readonly ready: string[] = [];
  private nextRow = 0;
  private readonly tables: TableOptions[] = [];
  private readonly charts: ChartOptions[] = [];

  constructor(
    private readonly book: XlsxPackage,
    private readonly number: number,
    private readonly options: SheetOptions,
  ) {
    const { tabColor, summaryAbove, print, freeze, columns, outlineLevels } = options;
    const properties = `${tabColor ? `<tabColor rgb="${tabColor}"/>` : ''}${summaryAbove ? '<outlinePr summaryBelow="0" summaryRight="0"/>' : ''}${print ? '<pageSetUpPr fitToPage="1"/>' : ''}`;
    let xml = `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${properties ? `<sheetPr>${properties}</sheetPr>` : ''}`;
    xml += `<sheetViews><sheetView workbookViewId="0">${freeze && (freeze.rows > 0 || freeze.columns > 0) ? paneXml(freeze) : ''}</sheetView></sheetViews>`;
    xml += `<sheetFormatPr defaultRowHeight="15"${outlineLevels ? ` outlineLevelRow="${outlineLevels}"` : ''}/>`;
    if (columns.length > 0) {
      xml += `<cols>${columns
        .map((column, i) => `<col min="${i + 1}" max="${i + 1}" width="${column.width}"${column.format ? ` style="${book.style(column.format)}"` : ''} customWidth="1"/>`)
        .join('')}</cols>`;
    }
    this.piece = `${xml}<sheetData>`;
  }

  /**
   * Writes the next row at 0-based `row` (rows skipped stay empty). `cells` holds per column a value and a style
   * index (from XlsxPackage.style); a cell with neither is left out.
   */
  row(row: number, cells: ReadonlyArray<{ value: XlsxCellValue; style: number } | undefined>, options: RowOptions = {}): void {
    if (row < this.nextRow) throw new Error(`rows must be written in order: row ${row + 1} after row ${this.nextRow}`);
    this.nextRow = row + 1;
    const r = row + 1;
    let xml = `<row r="${r}"${options.outlineLevel ? ` outlineLevel="${options.outlineLevel}"` : ''}${options.hidden ? ' hidden="1"' : ''}${options.collapsed ? ' collapsed="1"' : ''}${options.height ? ` ht="${options.height}" customHeight="1"` : ''}>`;
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c];
      if (cell === undefined) continue;
      xml += this.cellXml(a1(row, c), cell.value, cell.style);
    }
    this.write(`${xml}</row>`);
  }

  private cellXml(ref: string, value: XlsxCellValue, style: number): string {
    const s = style > 0 ? ` s="${style}"` : '';
    // Excel holds no empty text: a cell given "" is a blank cell (as the add-in's cleared one), not an empty string.
    if (value === null || value === '') return `<c r="${ref}"${s}/>`;
    switch (typeof value) {
      case 'string':
        return `<c r="${ref}"${s} t="s"><v>${this.book.stringIndex(xmlText(value))}</v></c>`;
      case 'number':
        return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : `<c r="${ref}"${s}/>`;
      case 'boolean':
        return `<c r="${ref}"${s} t="b"><v>${value ? 1 : 0}</v></c>`;
    }
    const formula = `<f>${escapeXml(xmlText(value.formula))}</f>`;
    if (typeof value.result === 'string') return `<c r="${ref}"${s} t="str">${formula}<v>${escapeXml(xmlText(value.result))}</v></c>`;
    return `<c r="${ref}"${s}>${formula}<v>${Number.isFinite(value.result) ? value.result : 0}</v></c>`;
  }

  /** An Excel table over rows already written or still to come. */
  table(table: TableOptions): void {
    this.tables.push(table);
  }

  /** A chart over cells of this sheet, placed on it. */
  chart(chart: ChartOptions): void {
    this.charts.push(chart);
  }

  private write(xml: string): void {
    this.piece += xml;
    if (this.piece.length >= PIECE_CHARS) {
      this.ready.push(this.piece);
      this.piece = '';
    }
  }

  /** Pieces are ready for the zip: the caller should drain() before writing many more rows. */
  get backlog(): boolean {
    return this.ready.length > 0;
  }

  /** Hands the pieces made so far to the zip, waiting while its compressors are busy. */
  async drain(): Promise<void> {
    while (this.ready.length > 0) await this.book.addText(this.ready.shift()!);
  }

  async finish(): Promise<void> {
    const { print } = this.options;
    let tail = '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>';
    if (print !== undefined) tail += printXml(print);
    // The sheet's relationships: its tables rId1…, then its drawing (all its charts).
    const numbers = this.tables.map(() => this.book.nextTable());
    const relationships = numbers.map((n): Relationship => [`${REL_NS}/table`, `../tables/table${n}.xml`]);
    const drawing = this.charts.length > 0 ? this.book.nextDrawing() : 0;
    if (drawing > 0) {
      relationships.push([`${REL_NS}/drawing`, `../drawings/drawing${drawing}.xml`]);
      tail += `<drawing r:id="rId${relationships.length}"/>`;
    }
    if (this.tables.length > 0) tail += `<tableParts count="${this.tables.length}">${numbers.map((_, i) => `<tablePart r:id="rId${i + 1}"/>`).join('')}</tableParts>`;
    this.write(`${tail}</worksheet>`);
    this.ready.push(this.piece);
    this.piece = '';
    await this.drain();
    await this.book.endPart();
    if (relationships.length === 0) return;
    await this.book.addPart(`xl/worksheets/_rels/sheet${this.number}.xml.rels`, relationshipsXml(relationships));
    for (const [i, table] of this.tables.entries()) await this.book.addPart(`xl/tables/table${numbers[i]}.xml`, tableXml(table, numbers[i]));
    if (drawing === 0) return;
    const charts = this.charts.map((chart) => ({ chart, number: this.book.nextChart() }));
    await this.book.addPart(`xl/drawings/drawing${drawing}.xml`, drawingXml(this.charts));
    await this.book.addPart(`xl/drawings/_rels/drawing${drawing}.xml.rels`, relationshipsXml(charts.map(({ number }): Relationship => [`${REL_NS}/chart`, `../charts/chart${number}.xml`])));
    for (const { chart, number } of charts) await this.book.addPart(`xl/charts/chart${number}.xml`, chartXml(chart));
  }
}

/** A relationship's type and target; its id is rId and its place in the list, from 1. */
type Relationship = [type: string, target: string];

function relationshipsXml(relationships: readonly Relationship[]): string {
  const items = relationships.map(([type, target], i) => `<Relationship Id="rId${i + 1}" Type="${type}" Target="${target}"/>`);
  return `${XML_HEAD}<Relationships xmlns="${PACKAGE_REL_NS}">${items.join('')}</Relationships>`;
}

function paneXml(freeze: { rows: number; columns: number }): string {
  const topLeft = a1(freeze.rows, freeze.columns);
  const pane = freeze.rows > 0 && freeze.columns > 0 ? 'bottomRight' : freeze.rows > 0 ? 'bottomLeft' : 'topRight';
  const split = `${freeze.columns > 0 ? ` xSplit="${freeze.columns}"` : ''}${freeze.rows > 0 ? ` ySplit="${freeze.rows}"` : ''}`;
  return `<pane${split} topLeftCell="${topLeft}" activePane="${pane}" state="frozen"/><selection pane="${pane}" activeCell="${topLeft}" sqref="${topLeft}"/>`;
}

/** pageSetup, headerFooter and rowBreaks, in schema order (after pageMargins). */
function printXml(print: PrintLayout): string {
  let xml = `<pageSetup orientation="${print.orientation}" fitToWidth="1" fitToHeight="0"/>`;
  xml += `<headerFooter><oddFooter>${escapeXml(xmlText(`&L${print.footer.left}&R${print.footer.right}`))}</oddFooter></headerFooter>`;
  const breaks = print.pageBreaksBefore;
  // A break's id is the row it comes above, counted from 0; max is the last column it spans.
  if (breaks.length > 0) xml += `<rowBreaks count="${breaks.length}" manualBreakCount="${breaks.length}">${breaks.map((row) => `<brk id="${row}" max="16383" man="1"/>`).join('')}</rowBreaks>`;
  return xml;
}

function tableXml(table: TableOptions, id: number): string {
  // A table holds at least one data row, empty if need be.
  const lastRow = Math.max(table.lastRow, table.firstRow + 1);
  const ref = `${a1(table.firstRow, table.firstColumn)}:${a1(lastRow, table.firstColumn + table.columns.length - 1)}`;
  return (
    `${XML_HEAD}<table xmlns="${MAIN_NS}" id="${id}" name="${escapeXml(table.name)}" displayName="${escapeXml(table.name)}" ref="${ref}" totalsRowShown="0">` +
    `<autoFilter ref="${ref}"/><tableColumns count="${table.columns.length}">` +
    table.columns.map((name, i) => `<tableColumn id="${i + 1}" name="${escapeXml(xmlText(name))}"/>`).join('') +
    `</tableColumns><tableStyleInfo name="${escapeXml(table.style)}" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`
  );
}
