import type { CycleEndDay } from './billing-date';
import { parseCycleEndDay } from './cycles';
import { checkedUtc, DateSyntaxError, NO_DATE_FORM, parseBillingDate } from './dates';
import { isCurrencyCode, markFits, splitCurrencyMark, type CurrencyMark } from './currency';
import { Decimal, parseDecimalText } from './decimal';
import { detached } from './detached';
import { columnPlaces, repeatedColumn } from './repeated-columns';

/**
 * The configuration tables the accountant keeps in the workbook (or as CSV files for the command line). Table and
 * column names are the contract; extra columns are ignored. Every cell arrives as text.
 */
export type TableName = 'Settings' | 'Customers' | 'Prices' | 'Customer Prices' | 'Invoices';

export interface ConfigTable {
  name: TableName;
  header: string[];
  rows: string[][];
  /** Row number of rows[0] where the user sees it (2 for a CSV with a header; the sheet row for a workbook). */
  firstRow: number;
  /** Sheet column of the header's first cell, 1-based, for a table that does not start in column A. */
  firstColumn?: number;
  /** Where it came from, for messages: "prices.csv", "book.xlsx, table Prices". */
  source: string;
  /** Numbers are written with a decimal comma (a CSV a European Excel saved, with semicolons): "7,50". */
  decimalComma?: boolean;
  /** Either mark may be the decimal one (tab-separated text, which every Excel saves): "1,200" is not guessed at. */
  decimalMarkUnsure?: boolean;
  /**
   * Read from a workbook's cells (the pane, --config): a number cell arrives with a decimal point ("1.234" is the
   * number 1.234), a text cell as typed, where a German Excel keeps "EUR 15,90": a comma before other than three
   * digits is a decimal comma, and "1,200" is not guessed at.
   */
  workbook?: boolean;
  /**
   * A workbook's number cells whose text carries the currency their number format shows (7.5 formatted
   * [$€-x-euro2] arrives as "€7.5"), true by position in rows: the number is the cell's, never text typed, so
   * "€1.234" is 1.234.
   */
  formatMarked?: boolean[][];
  /**
   * A workbook's text cells (typed as text, or a formula's text), true by position in rows: "1.234" there is as a
   * German user typed it, who may mean 1234, where a number cell's "1.234" is that number.
   */
  textCells?: boolean[][];
}

export const TABLE_COLUMNS: Record<TableName, readonly string[]> = {
  Settings: ['Setting', 'Value'],
  Customers: ['Customer ID', 'Organization', 'Markup %', 'Billable'],
  Prices: ['Product ID', 'SKU ID', 'Product', 'Term', 'Billing plan', 'Sales price', 'Markup %', 'Margin %', 'Retail price', 'Discount %'],
  'Customer Prices': ['Customer ID', 'Product ID', 'SKU ID', 'Sales price', 'Markup %', 'Margin %'],
  Invoices: ['Invoice number', 'Billing date', 'Microsoft total'],
};

/** Columns a table cannot do without; the others may be absent. */
const REQUIRED_COLUMNS: Record<TableName, readonly string[]> = {
  Settings: ['Setting', 'Value'],
  Customers: ['Customer ID'],
  Prices: ['Product ID'],
  'Customer Prices': ['Customer ID', 'Product ID'],
  Invoices: ['Invoice number'],
};

/**
 * How a price entry turns cost into a sales price. Percentages are in percent (15 = 15 %). A Prices row with no price
 * at all is a product listed but not priced yet: it prices nothing, and is kept so the report workbook writes it back.
 */
export type PriceMethod =
  | { kind: 'listed' }
  | { kind: 'fixed'; price: Decimal }
  | { kind: 'markup'; percent: Decimal }
  | { kind: 'margin'; percent: Decimal }
  | { kind: 'retail'; retailPrice: Decimal | null; discountPercent: Decimal };

/**
 * What a Sales or Retail price does with Microsoft's promotions on new commerce licences: `keep`, the partner keeps
 * them (the customer pays the price, prorated by the line's days, a 100 % promotion included); `pass on`, the customer
 * gets them (the line's share of the price is its cost's share of the full-period cost, a 100 % promotion nothing).
 */
export type Promotions = 'keep' | 'pass on';

export interface Settings {
  cycleEndDay: CycleEndDay;
  defaultMarkupPercent: Decimal;
  /** The currency fixed and retail prices are in. */
  currency: string;
  promotions: Promotions;
}

export interface CustomerEntry {
  customerId: string;
  organization: string;
  markupPercent: Decimal | null;
  billable: boolean;
  where: string;
}

export interface PriceEntry {
  productId: string;
  skuId: string;
  product: string;
  /** Normalized: P1M, P1Y, P3Y or '' (any). */
  term: string;
  /** Normalized: monthly, annual or '' (any). */
  billingPlan: string;
  method: PriceMethod;
  where: string;
}

interface CustomerPriceEntry {
  customerId: string;
  productId: string;
  skuId: string;
  method: PriceMethod;
  where: string;
}

export interface InvoiceEntry {
  invoiceNumber: string;
  billingDate: number | null;
  microsoftTotal: Decimal | null;
  /** The currency sign or code typed with the Microsoft total ("$26296.31"), null without one: the report checks it. */
  microsoftTotalCurrency: CurrencyMark | null;
  where: string;
}

export interface BillingConfig {
  settings: Settings;
  customers: Map<string, CustomerEntry>;
  prices: PriceEntry[];
  customerPrices: CustomerPriceEntry[];
  invoices: Map<string, InvoiceEntry>;
}

const DEFAULT_SETTINGS: Settings = { cycleEndDay: 'last', defaultMarkupPercent: Decimal.ZERO, currency: '', promotions: 'keep' };

/** The Promotions setting as typed ("Keep", "pass  on"), or null for anything else. */
export function parsePromotions(text: string): Promotions | null {
  const value = text.trim().toLowerCase().replace(/\s+/g, ' ');
  return value === 'keep' || value === 'pass on' ? value : null;
}

/** A problem with one cell of a configuration table: table, row and column, in one line. */
export class ConfigProblem {
  constructor(
    readonly source: string,
    readonly row: number | null,
    readonly column: string | null,
    readonly reason: string,
  ) {}

  toString(): string {
    return [this.source, this.row === null ? '' : `row ${this.row}`, this.column === null ? '' : `column ${this.column}`].filter(Boolean).join(', ') + `: ${this.reason}`;
  }
}

export function normalizeColumn(name: string): string {
  return name.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/\s+/g, ' ');
}

const ID_KEYS = new Map<string, string>();

/** Characters no one sees that a copy from a web page or a chat brings along (zero-width spaces and joiners). */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/**
 * Ids compare without case, surrounding spaces, invisible characters or a leading apostrophe (Excel's mark for "text
 * as typed", kept as a character where a CSV or a paste holds it): GUIDs come in both cases, and an id copied with a
 * zero-width space would leave its customer unlinked, billed though its row says Billable No. Called per line, so
 * remembered.
 */
export function idKey(id: string): string {
  let key = ID_KEYS.get(id);
  if (key === undefined) {
    key = detached(id.replace(INVISIBLE, '').trim().replace(/^'\s*/, '').toLowerCase());
    if (ID_KEYS.size >= 200_000) ID_KEYS.clear();
    ID_KEYS.set(detached(id), key);
  }
  return key;
}

/**
 * Reads the tables into a configuration, or lists every problem found. A report must never be produced from half
 * a price list, so any problem means no configuration.
 */
export function readConfig(tables: readonly ConfigTable[]): { config: BillingConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const byName = new Map<TableName, ConfigTable>();
  for (const table of tables) {
    if (byName.has(table.name)) problems.push(new ConfigProblem(table.source, null, null, `a second ${table.name} table (the first is ${byName.get(table.name)!.source})`));
    else byName.set(table.name, table);
  }
  const settings = readSettings(byName.get('Settings'), problems);
  const customers = readCustomers(byName.get('Customers'), problems);
  // Sales and Retail prices are in the Settings currency: read first, so a price typed in another is refused.
  const prices = readPrices(byName.get('Prices'), settings.currency, problems);
  const customerPrices = readCustomerPrices(byName.get('Customer Prices'), customers, settings.currency, problems);
  const invoices = readInvoices(byName.get('Invoices'), problems);
  return { config: { settings, customers, prices, customerPrices, invoices }, problems };
}

/**
 * How a table writes numbers: whether a comma may be a decimal mark (a point always may), the marks that before
 * exactly three digits could as well separate thousands ("1.200"), and the decimal mark to suggest instead.
 */
interface NumberMarks {
  comma: boolean;
  twoWays: string;
  suggested: '.' | ',';
}

function numberMarks(table: ConfigTable): NumberMarks {
  // A workbook's number cells are written with a point (excelNumberText), never a thousands separator: "1.234" is
  // that number. Its text cells are as typed: "15,90" a decimal comma, "1,200" either.
  if (table.workbook === true) return { comma: true, twoWays: ',', suggested: '.' };
  if (table.decimalComma !== true) return { comma: false, twoWays: '', suggested: '.' };
  return { comma: true, twoWays: table.decimalMarkUnsure === true ? '.,' : '.', suggested: ',' };
}

/** How a workbook's text cell writes numbers (ConfigTable.textCells): as typed, in a German Excel or an English one. */
const TEXT_CELL_MARKS: NumberMarks = { comma: true, twoWays: '.,', suggested: '.' };

/** One to three digits, a mark and exactly three digits: "1.200", "-1,234" ("0.500" is no thousands). */
const TWO_WAYS = /^([-+]?)([1-9]\d{0,2})([.,])(\d{3})$/;

/**
 * Groups of three digits after the first one to three, all split by the same mark: a point, comma, space or no-break
 * space (U+00A0, U+202F: a French or German Excel's currency format), then perhaps a decimal part.
 */
const GROUPED = /^([-+]?[1-9]\d{0,2})((?:[., \u00A0\u202F]\d{3})+)(?:([.,])(\d+))?$/;

/**
 * The number without its thousands separators where they cannot be read two ways: groups split by one mark and
 * followed by a decimal part in the other, one the table takes ("1.234,56", "1,234.56"), split by one mark more than
 * once ("1.234.567"), or split by spaces (never a decimal mark: "26 296,31", "1 200"). Null for any other text, read
 * as it is.
 */
function withoutThousands(typed: string, marks: NumberMarks): string | null {
  const grouped = GROUPED.exec(typed);
  if (grouped === null) return null;
  const [, head, groups, decimalMark, fraction] = grouped;
  const separator = groups[0];
  if (groups.split(separator).some((group, i) => (i === 0 ? group !== '' : group.length !== 3))) return null;
  if (decimalMark === undefined) {
    // "1.200" alone reads two ways; "1.234.567", two marks alike, can only be thousands.
    if ((separator === '.' || separator === ',') && groups.length === 4) return null;
  } else if (decimalMark === separator || (decimalMark === ',' && !marks.comma)) {
    return null;
  }
  return `${head}${groups.split(separator).join('')}${decimalMark === undefined ? '' : `.${fraction}`}`;
}

/** What to write instead of a number that reads two ways ("1.234"), both ways, fitted to the value typed. */
function twoWaysAdvice([, sign, whole, mark, fraction]: RegExpExecArray, marks: NumberMarks): string {
  const thousands = `${sign}${whole}${fraction}`;
  const shorter = fraction.replace(/0+$/, '');
  let decimal: string;
  if (shorter === '') decimal = `${sign}${whole}`;
  else if (shorter.length < 3) decimal = `${sign}${whole}${marks.suggested}${shorter}`;
  else {
    // Three decimals: with a mark the table does not read two ways, or (where it reads both so) a fourth decimal.
    const clear = [marks.suggested, marks.suggested === ',' ? '.' : ','].find((m) => !marks.twoWays.includes(m) && (m === '.' || marks.comma));
    decimal = clear === undefined ? `${sign}${whole}${marks.suggested}${fraction}0` : `${sign}${whole}${clear}${fraction}`;
  }
  return `write ${thousands} if the ${mark === '.' ? 'point' : 'comma'} separates thousands, or ${decimal} if it is the decimal mark`;
}

/** Row access by column name, with the problem list at hand. */
class TableReader {
  private readonly columns = new Map<string, number>();

  constructor(
    readonly table: ConfigTable,
    private readonly problems: ConfigProblem[],
  ) {
    table.header.forEach((name, i) => {
      const key = normalizeColumn(name);
      if (key !== '' && !this.columns.has(key)) this.columns.set(key, i);
    });
  }

  checkColumns(): boolean {
    if (!this.checkNoColumnTwice()) return false;
    const missing = REQUIRED_COLUMNS[this.table.name].filter((column) => !this.columns.has(normalizeColumn(column)));
    for (const column of missing) this.problems.push(new ConfigProblem(this.table.source, null, column, `the ${this.table.name} table has no "${column}" column`));
    // An optional column misspelt ("Markup" for "Markup %", "Billable?") would leave its values unread without a word.
    const contract = TABLE_COLUMNS[this.table.name];
    const known = new Set(contract.map(normalizeColumn));
    for (const column of contract) {
      if (this.columns.has(normalizeColumn(column)) || REQUIRED_COLUMNS[this.table.name].includes(column)) continue;
      const near = this.table.header.find((name) => !known.has(normalizeColumn(name)) && isNearName(name, column));
      if (near !== undefined) this.problems.push(new ConfigProblem(this.table.source, null, near.trim(), `the ${this.table.name} table has ${/^[aeiou]/i.test(near.trim()) ? 'an' : 'a'} "${near.trim()}" column but no "${column}": rename it "${column}", or its values are not read`));
    }
    return missing.length === 0;
  }

  /**
   * A column of the contract held twice (a second Sales price, or "Billable" beside "Billable?", read as the same
   * column): only the first would be read, so the table is refused rather than priced from whichever comes first.
   * Columns the table does not read may repeat.
   */
  private checkNoColumnTwice(): boolean {
    const contract = new Map(TABLE_COLUMNS[this.table.name].map((column) => [lettersOf(column), column]));
    const repeated = repeatedColumn(this.table.header, (name) => (contract.has(lettersOf(name)) ? lettersOf(name) : null));
    if (repeated === null) return true;
    const column = contract.get(lettersOf(this.table.header[repeated[0]]))!;
    const places = columnPlaces(repeated, this.table.firstColumn);
    this.problems.push(new ConfigProblem(this.table.source, this.table.firstRow - 1, column, `the ${this.table.name} table has two ${column} columns, ${places}: which one holds the values cannot be told; remove or rename one`));
    return false;
  }

  *rows(): Generator<{ row: number; cell: (column: string) => string }> {
    for (let i = 0; i < this.table.rows.length; i++) {
      const cells = this.table.rows[i];
      if (cells.every((cell) => cell.trim() === '')) continue;
      if (this.saysUncalculated(this.table.firstRow + i, cells)) continue;
      yield {
        row: this.table.firstRow + i,
        cell: (column) => {
          const index = this.columns.get(normalizeColumn(column));
          return index === undefined ? '' : (cells[index] ?? '').trim();
        },
      };
    }
  }

  get problemCount(): number {
    return this.problems.length;
  }

  problem(row: number | null, column: string | null, reason: string): void {
    this.problems.push(new ConfigProblem(this.table.source, row, column, reason));
  }

  where(row: number): string {
    return `${this.table.source}, row ${row}`;
  }

  /** A number, or null when the cell is empty; a problem when it is not a number. */
  number(row: number, column: string, text: string): Decimal | null {
    if (text === '') return null;
    return this.decimal(row, column, text, text);
  }

  /** Whether the cell's currency mark came from a number cell's format (ConfigTable.formatMarked). */
  private formatMarked(row: number, column: string): boolean {
    const index = this.columns.get(normalizeColumn(column));
    return index !== undefined && this.table.formatMarked?.[row - this.table.firstRow]?.[index] === true;
  }

  /** Whether the cell is a workbook's text cell (ConfigTable.textCells). */
  private textCell(row: number, column: string): boolean {
    const index = this.columns.get(normalizeColumn(column));
    return index !== undefined && this.table.textCells?.[row - this.table.firstRow]?.[index] === true;
  }

  /** The number in `bare` (a cell's text less its currency or % sign); messages quote the cell as typed. */
  private decimal(row: number, column: string, bare: string, text: string): Decimal | null {
    // A workbook's text cell is as typed, where either mark may be the decimal one: "1.234" too is not guessed at.
    const marks = this.textCell(row, column) ? TEXT_CELL_MARKS : numberMarks(this.table);
    const typed = bare.trim();
    // "1.234,56", "26 296,31": a thousands separator no one can take for the decimal mark, dropped.
    const ungrouped = withoutThousands(typed, marks);
    // Where a comma is the decimal mark, "1.200" may be a thousand and two hundred; where either may be (Excel's
    // tab-separated text), so may "1,200", and in a workbook's text cells "1,200": said rather than guessed.
    const twoWays = ungrouped === null ? TWO_WAYS.exec(typed) : null;
    // A workbook's "1.234" is a number cell's 1.234; "EUR 1.234" or "1.200" no number cell writes (excelNumberText
    // drops trailing zeros, and a sign comes only from the cell's format, formatMarked): text a German user typed, who
    // may mean 1234.
    const typedText = this.table.workbook === true && twoWays !== null && twoWays[3] === '.' && (typed !== text.trim() || typed.endsWith('0')) && !this.formatMarked(row, column);
    if (twoWays !== null && (marks.twoWays.includes(twoWays[3]) || typedText)) {
      this.problem(row, column, `"${text}" could be read two ways (a thousands separator or a decimal mark): ${twoWaysAdvice(twoWays, marks)}`);
      return null;
    }
    const value = parseDecimalText(ungrouped ?? bare, marks.comma);
    if (value === null) this.problem(row, column, `"${text}" is not a number`);
    return value;
  }

  /**
   * A workbook's "=..." that is no text cell is a formula saved without its value (by a program that does not
   * calculate): refused in any column, or a Customer ID "=A2" would match no tenant and an Organization bill as "=B2".
   * Each is said; the row is passed over (the table is refused, and no second message says its id is empty).
   */
  private saysUncalculated(row: number, cells: readonly string[]): boolean {
    if (this.table.workbook !== true) return false;
    let found = false;
    cells.forEach((cell, index) => {
      const text = cell.trim();
      if (!text.startsWith('=') || this.table.textCells?.[row - this.table.firstRow]?.[index] === true) return;
      this.problem(row, this.table.header[index] ?? null, `"${text}" is a formula the workbook holds no value for (it was saved by a program that does not calculate): open it in Excel and save it again`);
      found = true;
    });
    return found;
  }

  /**
   * An amount of money, which may carry the sign or code of its currency before or after it ("$7.50", "7.50 EUR"):
   * the number and that mark (null without one). Only money cells take a mark; the caller checks it fits.
   */
  money(row: number, column: string, text: string): { value: Decimal | null; mark: CurrencyMark | null } {
    if (text === '') return { value: null, mark: null };
    const { amount, mark } = splitCurrencyMark(text);
    return { value: this.decimal(row, column, amount, text), mark };
  }

  /** "15", "15%", "15 %" all mean fifteen percent. A currency sign ("$15") says an amount was typed in the wrong column. */
  percent(row: number, column: string, text: string): Decimal | null {
    if (splitCurrencyMark(text).mark !== null) {
      this.problem(row, column, `"${text}" is a percentage, which takes no currency: write 15 or 15% for fifteen percent`);
      return null;
    }
    return this.number(row, column, text.replace(/\s*%$/, ''));
  }

  /** A markup percentage: above −100, or every sale would be for nothing or a credit. */
  markup(row: number, column: string, text: string): Decimal | null {
    const markup = this.percent(row, column, text);
    if (markup !== null && !isPossibleMarkup(markup)) this.problem(row, column, `a markup of ${markup}% would sell for nothing or less: it must be above -100`);
    return markup;
  }

  /**
   * A price per unit, in the Settings currency (`currency`, '' where Settings names none): not negative (a refund or
   * credit is Microsoft's line, signed as it comes). It may carry that currency's sign or code; another currency's
   * would bill a euro price as dollars, so it is refused, and so is any where Settings names no currency (the price
   * would then price lines of every currency).
   */
  price(row: number, column: string, text: string, currency: string): Decimal | null {
    const { value: price, mark } = this.money(row, column, text);
    if (mark !== null && currency === '') {
      const example = mark.currencies.length === 1 ? mark.currencies[0] : 'USD';
      this.problem(row, column, `"${text}" names a currency, but the Settings table names none, so prices apply to lines of every currency: add the setting Currency (${example}) to Settings, or write the price without its currency`);
      return null;
    }
    if (mark !== null && !markFits(mark, currency)) {
      const written = mark.currencies.length === 1 ? `is in ${mark.currencies[0]}` : `is not in ${currency}`;
      this.problem(row, column, `"${text}" ${written}, but ${column} is in the Settings currency, ${currency}: give the price in ${currency} (a plain number, or with ${currency})`);
      return null;
    }
    if (price !== null && price.sign() < 0) this.problem(row, column, `a price of ${price} is negative: prices are per unit sold, and refunds and credits follow Microsoft's lines`);
    return price;
  }
}

function readSettings(table: ConfigTable | undefined, problems: ConfigProblem[]): Settings {
  const settings = { ...DEFAULT_SETTINGS };
  if (table === undefined) return settings;
  const reader = new TableReader(table, problems);
  if (!reader.checkColumns()) return settings;
  const seen = new Set<string>();
  for (const { row, cell } of reader.rows()) {
    const name = normalizeColumn(cell('Setting'));
    const value = cell('Value');
    if (seen.has(name)) reader.problem(row, 'Setting', `"${cell('Setting')}" is set twice`);
    seen.add(name);
    if (name === 'cycle end day') {
      const day = parseCycleEndDay(value);
      if (day === null) reader.problem(row, 'Value', `cycle end day "${value}" must be 1 to 28 or "last"`);
      else settings.cycleEndDay = day;
    } else if (name === 'default markup %' || name === 'default markup') {
      const percent = reader.markup(row, 'Value', value);
      if (percent !== null) settings.defaultMarkupPercent = percent;
    } else if (name === 'currency') {
      if (!isCurrencyCode(value)) reader.problem(row, 'Value', `currency "${value}" must be a three-letter code such as USD or EUR`);
      else settings.currency = value.toUpperCase();
    } else if (name === 'promotions') {
      const promotions = parsePromotions(value);
      if (promotions === null) reader.problem(row, 'Value', `promotions "${value}" must be Keep (the partner keeps Microsoft's promotions: a Sales or Retail price is billed in full) or Pass on (the customer gets them: the price is lowered as Microsoft's cost is)`);
      else settings.promotions = promotions;
    } else if (name !== '') {
      reader.problem(row, 'Setting', `unknown setting "${cell('Setting')}": the settings are Cycle end day, Default markup %, Currency and Promotions`);
    }
  }
  return settings;
}

function readCustomers(table: ConfigTable | undefined, problems: ConfigProblem[]): Map<string, CustomerEntry> {
  const customers = new Map<string, CustomerEntry>();
  if (table === undefined) return customers;
  const reader = new TableReader(table, problems);
  if (!reader.checkColumns()) return customers;
  for (const { row, cell } of reader.rows()) {
    const customerId = cell('Customer ID');
    if (customerId === '') {
      reader.problem(row, 'Customer ID', 'the customer ID is empty');
      continue;
    }
    const key = idKey(customerId);
    const earlier = customers.get(key);
    if (earlier) {
      reader.problem(row, 'Customer ID', `customer ${customerId} is listed twice (also at ${earlier.where})`);
      continue;
    }
    const billableText = cell('Billable').toLowerCase();
    let billable = true;
    if (['no', 'n', 'false', '0', 'nee', 'nein', 'non'].includes(billableText)) billable = false;
    else if (!['', 'yes', 'y', 'true', '1', 'ja', 'oui'].includes(billableText)) reader.problem(row, 'Billable', `"${cell('Billable')}" must be Yes or No`);
    customers.set(key, {
      customerId,
      organization: cell('Organization'),
      markupPercent: reader.markup(row, 'Markup %', cell('Markup %')),
      billable,
      where: reader.where(row),
    });
  }
  return customers;
}

/**
 * Exactly one way to price: a sales price, a markup, a margin, or a retail price and/or a discount off retail; or, where
 * allowed (Prices), none yet.
 */
function readMethod(reader: TableReader, row: number, cell: (column: string) => string, currency: string, allowRetail: boolean, allowListed = false): PriceMethod | null {
  const problemsBefore = reader.problemCount;
  const price = reader.price(row, 'Sales price', cell('Sales price'), currency);
  const markup = reader.markup(row, 'Markup %', cell('Markup %'));
  const margin = reader.percent(row, 'Margin %', cell('Margin %'));
  const retail = allowRetail ? reader.price(row, 'Retail price', cell('Retail price'), currency) : null;
  const discount = allowRetail ? reader.percent(row, 'Discount %', cell('Discount %')) : null;
  const methods: PriceMethod[] = [];
  const filled: string[] = [];
  if (price !== null) methods.push({ kind: 'fixed', price });
  if (markup !== null) methods.push({ kind: 'markup', percent: markup });
  if (margin !== null) {
    if (margin.compare(Decimal.fromInt(100)) >= 0) reader.problem(row, 'Margin %', `a margin of ${margin}% is impossible: it must be below 100`);
    methods.push({ kind: 'margin', percent: margin });
  }
  if (discount !== null && (discount.sign() < 0 || discount.compare(Decimal.fromInt(100)) > 0)) reader.problem(row, 'Discount %', `a discount of ${discount}% is impossible: it must be 0 to 100`);
  if (retail !== null || discount !== null) methods.push({ kind: 'retail', retailPrice: retail, discountPercent: discount ?? Decimal.ZERO });
  for (const column of allowRetail ? ['Sales price', 'Markup %', 'Margin %', 'Retail price', 'Discount %'] : ['Sales price', 'Markup %', 'Margin %']) {
    if (cell(column) !== '') filled.push(column);
  }
  const columns = allowRetail ? 'Sales price, Markup %, Margin % or Retail price/Discount %' : 'Sales price, Markup % or Margin %';
  if (methods.length === 0) {
    // A price that is not a number has its problem already; "no price" would contradict what the user sees.
    if (reader.problemCount > problemsBefore) return null;
    if (allowListed) return { kind: 'listed' };
    reader.problem(row, null, `no price: fill in one of ${columns}`);
    return null;
  }
  if (methods.length > 1) {
    reader.problem(row, null, `more than one price (${filled.join(', ')}): fill in only one of ${columns}`);
    return null;
  }
  return methods[0];
}

/**
 * A SKU ID as Microsoft writes it, four characters ("0002"). Excel turns 0002 in a cell that is not formatted as text
 * into the number 2 (typed into a price list, or a reconciliation file opened and saved again), so one to three digits
 * are read with their leading zeros back.
 */
export function skuIdOf(text: string): string {
  // Called per line: four characters or more, as Microsoft writes them, cost nothing.
  if (text.length >= 4 && text.trim().length >= 4) return text;
  const trimmed = text.trim();
  return /^\d{1,3}$/.test(trimmed) ? trimmed.padStart(4, '0') : text;
}

function readPrices(table: ConfigTable | undefined, currency: string, problems: ConfigProblem[]): PriceEntry[] {
  const prices: PriceEntry[] = [];
  if (table === undefined) return prices;
  const reader = new TableReader(table, problems);
  if (!reader.checkColumns()) return prices;
  const keys = new Map<string, string>();
  for (const { row, cell } of reader.rows()) {
    const productId = cell('Product ID');
    if (productId === '') {
      reader.problem(row, 'Product ID', 'the product ID is empty');
      continue;
    }
    const term = normalizeTerm(cell('Term'));
    const billingPlan = normalizeBillingPlan(cell('Billing plan'));
    if (term === null) reader.problem(row, 'Term', `term "${cell('Term')}" must be P1M, P1Y or P3Y (1 month, 1 year, 3 years)`);
    if (billingPlan === null) reader.problem(row, 'Billing plan', `billing plan "${cell('Billing plan')}" must be Monthly or Annual`);
    // A row without any price is a product listed but not priced yet (the add-in pre-fills them): it prices nothing,
    // so the product stays at the default markup and on the unpriced list; nor can it price a product twice.
    const method = readMethod(reader, row, cell, currency, true, true);
    if (term === null || billingPlan === null || method === null) continue;
    const skuId = skuIdOf(cell('SKU ID'));
    if (method.kind !== 'listed') {
      const key = [idKey(productId), idKey(skuId), term, billingPlan].join('|');
      const earlier = keys.get(key);
      if (earlier !== undefined) {
        reader.problem(row, 'Product ID', `the same product, SKU, term and billing plan are priced twice (also at ${earlier})`);
        continue;
      }
      keys.set(key, reader.where(row));
    }
    prices.push({ productId, skuId, product: cell('Product'), term, billingPlan, method, where: reader.where(row) });
  }
  return prices;
}

function readCustomerPrices(table: ConfigTable | undefined, customers: Map<string, CustomerEntry>, currency: string, problems: ConfigProblem[]): CustomerPriceEntry[] {
  const entries: CustomerPriceEntry[] = [];
  if (table === undefined) return entries;
  const reader = new TableReader(table, problems);
  if (!reader.checkColumns()) return entries;
  const keys = new Map<string, string>();
  for (const { row, cell } of reader.rows()) {
    const customerId = cell('Customer ID');
    const productId = cell('Product ID');
    if (customerId === '') reader.problem(row, 'Customer ID', 'the customer ID is empty');
    else if (!customers.has(idKey(customerId))) reader.problem(row, 'Customer ID', `customer ${customerId} is not in the Customers table`);
    if (productId === '') reader.problem(row, 'Product ID', 'the product ID is empty');
    const method = readMethod(reader, row, cell, currency, false);
    if (customerId === '' || productId === '' || method === null) continue;
    const skuId = skuIdOf(cell('SKU ID'));
    const key = [idKey(customerId), idKey(productId), idKey(skuId)].join('|');
    const earlier = keys.get(key);
    if (earlier !== undefined) {
      reader.problem(row, 'Product ID', `this customer's price for the product is given twice (also at ${earlier})`);
      continue;
    }
    keys.set(key, reader.where(row));
    entries.push({ customerId, productId, skuId, method, where: reader.where(row) });
  }
  return entries;
}

function readInvoices(table: ConfigTable | undefined, problems: ConfigProblem[]): Map<string, InvoiceEntry> {
  const invoices = new Map<string, InvoiceEntry>();
  if (table === undefined) return invoices;
  const reader = new TableReader(table, problems);
  if (!reader.checkColumns()) return invoices;
  for (const { row, cell } of reader.rows()) {
    const invoiceNumber = cell('Invoice number');
    if (invoiceNumber === '') {
      reader.problem(row, 'Invoice number', 'the invoice number is empty');
      continue;
    }
    const key = idKey(invoiceNumber);
    if (invoices.has(key)) {
      reader.problem(row, 'Invoice number', `invoice ${invoiceNumber} is listed twice (also at ${invoices.get(key)!.where})`);
      continue;
    }
    let billingDate: number | null = null;
    try {
      billingDate = tableDate(cell('Billing date'));
    } catch (error) {
      if (!(error instanceof DateSyntaxError)) throw error;
      reader.problem(row, 'Billing date', error.message);
    }
    // The invoice's currency is known only from its files: a sign or code typed with the total is kept, and checked
    // against it when the report is built.
    const total = reader.money(row, 'Microsoft total', cell('Microsoft total'));
    invoices.set(key, { invoiceNumber, billingDate, microsoftTotal: total.value, microsoftTotalCurrency: total.value === null ? null : total.mark, where: reader.where(row) });
  }
  return invoices;
}

/**
 * A date typed into a table: as Microsoft's files write them (M/D/YYYY, ISO), or day and month first as a European
 * Excel saves a CSV: 31.10.2026 (German), 31-10-2026 (Dutch). The dots leave no doubt which number is the day, and so
 * does a dash before a four-digit year (ISO starts with the year).
 */
function tableDate(text: string): number | null {
  const dayFirst = /^\s*(\d{1,2})([.-])(\d{1,2})\2(\d{4})\s*$/.exec(text);
  if (dayFirst !== null) return checkedUtc(text, Number(dayFirst[4]), Number(dayFirst[3]), Number(dayFirst[1]), 0, 0, 0, 0);
  try {
    return parseBillingDate(text);
  } catch (error) {
    // Microsoft's forms are not all a table takes: name every one.
    if (error instanceof DateSyntaxError && error.reason === NO_DATE_FORM) throw new DateSyntaxError(text, 'expected M/D/YYYY, D.M.YYYY, D-M-YYYY, ISO 8601 or a date cell');
    throw error;
  }
}

/** Microsoft's price sheet writes terms as P1M/P1Y/P3Y; people write "1 year", "annual", "3 years". */
export function normalizeTerm(text: string): string | null {
  const value = text.trim().toLowerCase().replace(/[\s-]+/g, ' ');
  if (value === '') return '';
  if (/^(p1m|1 month|one month|month|monthly)$/.test(value)) return 'P1M';
  if (/^(p1y|p12m|1 year|one year|12 months|year|yearly|annual)$/.test(value)) return 'P1Y';
  if (/^(p3y|p36m|3 years?|three years?|36 months)$/.test(value)) return 'P3Y';
  return null;
}

export function normalizeBillingPlan(text: string): string | null {
  const value = text.trim().toLowerCase();
  if (value === '') return '';
  if (/^(monthly|month|p1m)$/.test(value)) return 'monthly';
  if (/^(annual|annually|yearly|year|p1y)$/.test(value)) return 'annual';
  return null;
}

/** A markup of −100% or less sells for nothing, or turns every charge into a credit. */
export function isPossibleMarkup(percent: Decimal): boolean {
  return percent.compare(Decimal.fromInt(-100)) > 0;
}

/** Letters and digits only, lower case: "Markup %" and "markup" alike. */
function lettersOf(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The same name but for punctuation, or one letter added, dropped or changed ("Sale price" for "Sales price"). */
function isNearName(name: string, column: string): boolean {
  const a = lettersOf(name);
  const b = lettersOf(column);
  if (a === b) return a !== '';
  if (Math.min(a.length, b.length) < 4 || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const rest = (x: string, y: string) => x.slice(i + (a.length >= b.length ? 1 : 0)) === y.slice(i + (b.length >= a.length ? 1 : 0));
  return rest(a, b);
}
