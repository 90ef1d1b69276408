import { skuIdOf } from '../config';
import { isCurrencyCode } from '../currency';
import { chargedDays, DateSyntaxError, parseBillingDate, plainUsDate, startOfUtcDay } from '../dates';
import { Decimal, parseDecimalText } from '../decimal';
import { detached } from '../detached';
import type { Benefit, BillingLine, FileFormat } from '../line';
import { columnPlaces, repeatedColumn } from '../repeated-columns';
import { transactionTypeOf } from '../transaction-type';
import { normalizeHeader, type Aliases, type FormatSpec } from './format';

// The functions called per cell, held here: the command line runs through tsx, whose modules give each import by a
// getter called at every use (two calls and a property lookup by name, on every date and amount of every line).
const readUsDate = plainUsDate;
const readDecimal = parseDecimalText;
const dayOf = startOfUtcDay;
const fourCharacterSku = skuIdOf;
const typeOf = transactionTypeOf;

/** A problem with one cell: the import names the file, the row and the column. */
export class CellError extends Error {
  constructor(
    readonly column: string,
    message: string,
  ) {
    super(message);
  }
}

type TextField = keyof FormatSpec['text'];
type DateField = keyof FormatSpec['dates'];
type AmountField = keyof FormatSpec['amounts'];

const DATE_MEMO_LIMIT = 50_000;
/** An id Excel turned into a number: 1.00000000000000E+17, or 5,66891E+17 from an Excel that writes decimal commas. */
const EXCEL_NUMBER = /^-?\d+([.,]\d+)?[eE]\+\d+$/;
/**
 * The longest text of such a number: Excel writes at most 15 significant digits and a three-digit exponent
 * (-1.23456789012345E+308 is 22 characters). Longer ids (a GUID) are not searched for a "+": in a line holding a letter
 * beyond Latin-1 its cells are two bytes a character, and that search cost 50 ns per id.
 */
const EXCEL_NUMBER_MOST = 24;

// Tested on every line: a regular expression costs less than a lookup of the line's text in a memo (which hashes it),
// and its length or first letter, which rule out most texts, less than the regular expression (isAzurePlan, isOneTime).
const AZURE_PLAN = /^azure plan$/i;
const ONE_TIME_FREQUENCY = /^(|one ?time)$/i;

/** "Azure plan" in any case (AZURE_PLAN). */
export function isAzurePlan(subscriptionDescription: string): boolean {
  return subscriptionDescription.length === 10 && AZURE_PLAN.test(subscriptionDescription);
}

/** Blank, "OneTime" or "One time" in any case (ONE_TIME_FREQUENCY): not "Monthly", which is as long. */
export function isOneTime(billingFrequency: string): boolean {
  const length = billingFrequency.length;
  return length === 0 || ((length === 7 || length === 8) && (billingFrequency.charCodeAt(0) | 32) === 111 && ONE_TIME_FREQUENCY.test(billingFrequency));
}

/**
 * A term of recurring billing ("... for monthly billing"), or a trial's ("One-Month commitment for trial", "30 Days
 * Trial"): no one-time purchase, though an unbilled file leaves BillingFrequency blank.
 */
const BILLED_TERM = /billing|trial/i;
const AZURE_CATEGORY = /^azure( ?plan)?$/i;
const RESERVATION_TERM = /reservation|savings ?plan/i;

/**
 * What a blank ProductId or SkuId cell means, per format. The id is what a line is priced by: a blank one bills the
 * line as a product of its own, never priced. Every documented new commerce invoice line names its product, and every
 * legacy licence line its DurableOfferId, so a blank is refused there; a blank new commerce SkuId is billed with a
 * warning (nothing documents it as always filled, and a price row naming only the ProductId still prices the line). Daily usage also holds marketplace
 * consumption, and a legacy usage line's product is its meter (ResourceGuid, discounts perhaps naming none): a blank
 * there is billed with a warning naming its rows. A legacy usage Sku is often blank (a meter without one): nothing.
 */
const BLANK_IDS: Record<FileFormat, { productId: 'refuse' | 'warn'; skuId: 'refuse' | 'warn' | 'allow' }> = {
  'nce-invoice': { productId: 'refuse', skuId: 'warn' },
  'nce-daily-usage': { productId: 'warn', skuId: 'warn' },
  'legacy-license': { productId: 'refuse', skuId: 'allow' },
  'legacy-usage': { productId: 'warn', skuId: 'allow' },
};

/** Where a line is billed with a blank id its format may leave blank, the id's column (as Microsoft names it), else ''. */
export function blankIdColumnOf(line: BillingLine): string {
  const policy = BLANK_IDS[line.format];
  if (line.productId === '' && policy.productId === 'warn') return BLANK_ID_COLUMNS[line.format].productId;
  if (line.skuId === '' && policy.skuId === 'warn') return BLANK_ID_COLUMNS[line.format].skuId;
  return '';
}

const BLANK_ID_COLUMNS: Record<FileFormat, { productId: string; skuId: string }> = {
  'nce-invoice': { productId: 'ProductId', skuId: 'SkuId' },
  'nce-daily-usage': { productId: 'ProductId', skuId: 'SkuId' },
  'legacy-license': { productId: 'DurableOfferId', skuId: '' },
  'legacy-usage': { productId: 'ResourceGuid', skuId: 'Sku' },
};

export interface RowMapper {
  map(cells: readonly string[], sourceRow: number): BillingLine;
}

/** "1.702", "-12.500": a point before exactly three digits, after one to three digits (not "0.096"). */
const THOUSANDS_OR_DECIMAL = /^-?[1-9]\d{0,2}\.\d{3}$/;
const DECIMAL_COMMA = /\d,\d/;

/**
 * Binds a format to one file's header once, so each row is read by position.
 * Throws CellError naming the missing columns when the file lacks a required one.
 */
export function createRowMapper(spec: FormatSpec, headers: readonly string[], sourceFile: string, decimalComma: boolean): RowMapper {
  checkNoColumnTwice(spec, headers);
  const index = new Map<string, number>();
  headers.forEach((header, i) => {
    const key = normalizeHeader(header);
    if (!index.has(key)) index.set(key, i);
  });
  /** The header's name of the column at a position, for a message. */
  const columnAt = (i: number): string => headers[i].replace(/^\uFEFF/, '').trim();
  const columnNames: Record<string, string> = {};
  const resolve = (field: string, aliases: Aliases): number => {
    for (const alias of aliases) {
      const i = index.get(normalizeHeader(alias));
      if (i !== undefined) {
        columnNames[field] = columnAt(i);
        return i;
      }
    }
    columnNames[field] = '';
    return -1;
  };
  const textAt = Object.fromEntries(Object.entries(spec.text).map(([field, aliases]) => [field, resolve(field, aliases)])) as Record<TextField, number>;
  const dateAt = Object.fromEntries(Object.entries(spec.dates).map(([field, aliases]) => [field, resolve(field, aliases)])) as Record<DateField, number>;
  const amountAt = Object.fromEntries(Object.entries(spec.amounts).map(([field, aliases]) => [field, resolve(field, aliases)])) as Record<AmountField, number>;

  const allAliases: Record<string, Aliases> = { ...spec.text, ...spec.dates, ...spec.amounts };
  const missing = spec.required.filter((field) => columnNames[field] === '').map((field) => allAliases[field].join(' or '));
  if (missing.length > 0) {
    throw new CellError(missing[0], `required column${missing.length > 1 ? 's' : ''} missing for a ${spec.label} file: ${missing.join(', ')}`);
  }

  // Every field's column, by name: the readers below take a position, so each call site reads its field's position
  // once (a lookup by a field name that varies from call to call costs more than reading the cell).
  const at = { ...textAt, ...dateAt, ...amountAt };

  const text = (cells: readonly string[], i: number): string => {
    // Optional fields a format does not list have no position at all.
    if (!(i >= 0)) return '';
    return cells[i] ?? '';
  };
  /** Ids that Excel may have guarded with a leading apostrophe. */
  const id = (cells: readonly string[], i: number): string => {
    const value = text(cells, i);
    // An 18-digit id Excel turned into a number is written 1.00000000000000E+17: its digits are gone for good.
    if (value.length <= EXCEL_NUMBER_MOST && value.indexOf('+') > 0 && EXCEL_NUMBER.test(value)) {
      throw new CellError(columnAt(i), `"${value}" is an id Excel turned into a number, losing its digits: use the file as downloaded from Partner Center`);
    }
    return value.charCodeAt(0) === 39 ? value.slice(1) : value;
  };
  // A file without MeterDescription (Graph's "basic" export, which drops SubscriptionDescription too) tells an Azure
  // plan meter by its ProductCategory, unless a reservation or savings plan (ReservationOrderId, or named so in its term).
  const readsCategory = spec.id === 'nce-invoice' && columnNames.meterDescription === '';
  // Daily usage names what covered a line that cost nothing; read only on such lines (the rest are paid for).
  const readsBenefits = spec.text.benefitType !== undefined;
  // Without a tax column, the tax is what the total holds beyond the pre-tax cost.
  const derivesTax = amountAt.tax < 0 && amountAt.total >= 0;
  // A currency is three letters (ISO 4217), as Settings takes it: "US$" would be billed as a currency of its own. A
  // file bills in one currency or a few: the last code is reused, so its lines share one string, hashed once by the
  // lookups that follow (a new string per line is hashed anew by each).
  let lastCurrency = '';
  let lastCode = '';
  const currencyCode = (currency: string): string => {
    if (currency !== lastCurrency) {
      lastCode = isCurrencyCode(currency) ? currency.toUpperCase() : '';
      lastCurrency = currency;
    }
    return lastCode;
  };

  // Per column, the last text read and what it gave (a column is a date or an amount, never both).
  const lastText: Array<string | undefined> = new Array<string | undefined>(headers.length).fill(undefined);
  const lastDate: Array<number | null> = new Array<number | null>(headers.length).fill(null);
  const lastAmount: Decimal[] = new Array<Decimal>(headers.length).fill(Decimal.ZERO);
  const dateMemo = new Map<string, number | null>();
  const date = (cells: readonly string[], i: number): number | null => {
    if (i < 0) return null;
    const raw = cells[i] ?? '';
    // Lines come in runs of one charge period: the column's last text is compared before anything is hashed.
    if (raw === lastText[i]) return lastDate[i];
    // Most dates are read as written (10/31/2026) in less than a lookup of their new text costs; the rest by the memo.
    let value: number | null | undefined = readUsDate(raw);
    if (!Number.isNaN(value)) {
      lastText[i] = raw;
      lastDate[i] = value;
      return value;
    }
    value = dateMemo.get(raw);
    if (value === undefined) {
      try {
        value = parseBillingDate(raw);
      } catch (error) {
        if (error instanceof DateSyntaxError) throw new CellError(columnAt(i), error.message);
        throw error;
      }
      if (dateMemo.size >= DATE_MEMO_LIMIT) dateMemo.clear();
      dateMemo.set(detached(raw), value);
    }
    lastText[i] = raw;
    lastDate[i] = value;
    return value;
  };

  // Quantities and rates repeat from line to line: the column's last value is shared (Decimals are immutable). Other
  // amounts are parsed: a memo by text cost more than the parse, hashing every line's new strings.
  const amount = (cells: readonly string[], i: number): Decimal | null => {
    if (i < 0) return null;
    const raw = cells[i] ?? '';
    if (raw === '') return null;
    if (raw === lastText[i]) return lastAmount[i];
    // Not kept as the column's last: what it means depends on the rest of its row.
    if (decimalComma && THOUSANDS_OR_DECIMAL.test(raw)) return pointBeforeThreeDigits(cells, i, raw);
    const value = readDecimal(raw, decimalComma);
    if (value === null) throw new CellError(columnAt(i), `"${raw}" is not a number`);
    lastText[i] = raw;
    lastAmount[i] = value;
    return value;
  };

  const amountColumns = Object.values(amountAt).filter((i) => i >= 0);
  /**
   * "1.702" in a semicolon or tab file: a European Excel writes 1702 so in a column formatted #.##0, and read as 1.702
   * it would bill a thousandth. Its row says which: a decimal point elsewhere in it ("12.50") makes it 1.702, a decimal
   * comma ("1702,22") a thousands separator; a row that says neither is refused rather than guessed. The row alone
   * decides, so a file reads the same however it is cut into parts.
   */
  const writesDecimalPoints = (cells: readonly string[]): boolean => {
    let points = false;
    for (const j of amountColumns) {
      const cell = cells[j] ?? '';
      if (DECIMAL_COMMA.test(cell)) return false;
      if (cell.includes('.') && !THOUSANDS_OR_DECIMAL.test(cell)) points = true;
    }
    return points;
  };
  const pointBeforeThreeDigits = (cells: readonly string[], i: number, raw: string): Decimal => {
    if (!writesDecimalPoints(cells)) {
      throw new CellError(columnAt(i), `"${raw}" could be read two ways (${raw.replace('.', '')} with a thousands separator, or ${raw.replace('.', ',')}), and nothing else in its row says which: save the file again without thousands separators`);
    }
    return parseDecimalText(raw)!;
  };

  // A file has a few charge types, terms, billing plans and invoice numbers: each cell is given as the one string kept
  // of its text, so the lookups that follow (the transaction type, pricing and grouping: several per line) find its
  // hash in it rather than hash each line's new string anew.
  const chargeTypes = recurringTexts();
  const terms = recurringTexts();
  const frequencies = recurringTexts();
  const invoiceNumbers = recurringTexts();

  const blankIds = BLANK_IDS[spec.id];
  // The id columns this format refuses blank, found once rather than per line.
  const refusedBlank = (['productId', 'skuId'] as const).filter((field) => blankIds[field] === 'refuse');
  const isNewCommerceInvoice = spec.id === 'nce-invoice';
  const isLegacyLicense = spec.id === 'legacy-license';
  // New commerce SkuIds are four characters ("0001"); a file saved again by Excel has them as numbers ("1").
  const fourCharacterSkus = spec.id === 'nce-invoice' || spec.id === 'nce-daily-usage';

  return {
    map(cells, sourceRow) {
      // Every charge is a customer's product: a row without is no charge (a totals row added in Excel, its label
      // anywhere) and would be billed to a tenant with no name.
      if (text(cells, at.customerId) === '') {
        throw new CellError(columnNames.customerId, 'the row names no customer: is it a totals row added in Excel? Remove it');
      }
      if (text(cells, at.productId) === '' && text(cells, at.chargeType) === '') {
        throw new CellError(columnNames.productId, 'the row names no product and no charge type: is it a totals row added in Excel? Remove it');
      }
      for (const field of refusedBlank) {
        if (text(cells, at[field]) === '') {
          throw new CellError(columnNames[field], `the ${columnNames[field]} is empty: every ${spec.label} line names its product${blankIds.skuId === 'refuse' ? ' and SKU' : ''}, by which it is priced; use the file as downloaded from Partner Center`);
        }
      }
      const cost = amount(cells, at.cost);
      if (cost === null) throw new CellError(columnNames.cost, 'the amount is empty');
      // The full-period cost of a seat change is UnitPrice × quantity × the rate: a rate of 0 would prorate by nothing.
      // A line that costs nothing is never prorated (a trial may carry no rate): it is not refused for one.
      const exchangeRate = amount(cells, at.exchangeRate);
      if (exchangeRate !== null && exchangeRate.sign() <= 0 && !cost.isZero()) throw new CellError(columnNames.exchangeRate, `the exchange rate is ${exchangeRate}: an exchange rate must be above 0`);
      const writtenCurrency = text(cells, at.currency);
      if (writtenCurrency === '') throw new CellError(columnNames.currency, 'the currency is empty');
      const currency = currencyCode(writtenCurrency);
      if (currency === '') throw new CellError(columnNames.currency, `"${writtenCurrency}" is not a currency code: Partner Center writes three letters, such as USD or EUR`);
      const chargeType = chargeTypes(text(cells, at.chargeType));
      const term = terms(text(cells, at.term));
      const subscriptionDescription = text(cells, at.subscriptionDescription);
      const chargeStart = date(cells, at.chargeStart);
      const chargeEnd = date(cells, at.chargeEnd);
      // By calendar day (a one-day charge may end at an earlier hour of its day, its end written without a time). A
      // non-US Excel that saved the file read 10/3 as 10 March: a day above 12 is refused as no date, smaller ones here.
      if (chargeStart !== null && chargeEnd !== null && dayOf(chargeEnd) < dayOf(chargeStart)) {
        throw new CellError(
          columnNames.chargeEnd,
          `the charge ends on "${cells[dateAt.chargeEnd]}" (${columnNames.chargeEnd}) before it starts on "${cells[dateAt.chargeStart]}" (${columnNames.chargeStart}): were the day and month swapped when the file was saved (Excel set to day-first dates)? Use the file as downloaded from Partner Center`,
        );
      }
      const written = frequencies(text(cells, at.billingFrequency));
      const subscriptionStart = date(cells, at.subscriptionStart);
      // The 2017 legacy layout has no BillingCycleType: told from the charge period (see legacyPlanOf).
      const billingFrequency = written === '' && isLegacyLicense ? legacyPlanOf(chargeStart, chargeEnd, subscriptionStart) : written;
      const subscriptionEnd = date(cells, at.subscriptionEnd);
      const meterDescription = text(cells, at.meterDescription);
      // Azure plan meters carry a MeterDescription (documented); a reservation or savings plan does not and stays a
      // purchase, also where it names the Azure plan it was bought under (its ReservationOrderId, or its term, says so).
      // Whether it is a reservation is asked last: only an Azure plan's line without a meter needs it.
      const isMeteredUsage =
        isNewCommerceInvoice &&
        (meterDescription !== '' ||
          ((isAzurePlan(subscriptionDescription) || (readsCategory && AZURE_CATEGORY.test(text(cells, at.productCategory).trim()))) &&
            !(text(cells, at.reservationOrderId) !== '' || RESERVATION_TERM.test(term))));
      const total = amount(cells, at.total);
      const isOneTimePurchase = isNewCommerceInvoice && isOneTime(billingFrequency) && !BILLED_TERM.test(term);
      const benefit = readsBenefits && cost.isZero() ? benefitOf(benefitOfType(text(cells, at.benefitType)), text(cells, at.benefitOrderId), text(cells, at.additionalInfo)) : '';
      return {
        format: spec.id,
        customerId: id(cells, at.customerId),
        customerName: text(cells, at.customerName),
        customerDomain: text(cells, at.customerDomain),
        invoiceNumber: invoiceNumbers(id(cells, at.invoiceNumber)),
        subscriptionId: id(cells, at.subscriptionId),
        subscriptionDescription,
        productId: id(cells, at.productId),
        skuId: fourCharacterSkus ? fourCharacterSku(id(cells, at.skuId)) : id(cells, at.skuId),
        productName: text(cells, at.productName),
        skuName: text(cells, at.skuName),
        offerId: id(cells, at.offerId),
        term,
        billingFrequency,
        chargeType,
        transactionType: typeOf({
          format: spec.id,
          chargeType,
          cost,
          isMeteredUsage,
          isOneTimePurchase,
          chargeStart,
          chargeEnd,
          billingFrequency,
          term,
        }),
        chargeStart,
        chargeEnd,
        orderDate: date(cells, at.orderDate),
        subscriptionStart,
        subscriptionEnd,
        quantity: amount(cells, at.quantity) ?? Decimal.ZERO,
        unitPrice: amount(cells, at.unitPrice),
        effectiveUnitPrice: amount(cells, at.effectiveUnitPrice),
        cost,
        tax: derivesTax ? (total === null ? null : total.minus(cost)) : amount(cells, at.tax),
        total,
        currency,
        pricingCurrency: text(cells, at.pricingCurrency),
        exchangeRate,
        referenceId: id(cells, at.referenceId),
        orderId: id(cells, at.orderId),
        unit: text(cells, at.unit),
        meter: meterOf(spec.id, text(cells, at.productName), meterDescription, text(cells, at.unit)),
        promotionId: text(cells, at.promotionId),
        benefit,
        sourceFile,
        sourceRow,
      };
    },
  };
}

/** How many texts of a column of few are kept: a column of more gives its further texts as they come. */
const RECURRING_TEXTS = 16;

/** A column's text as the one detached string kept for it, among the column's first RECURRING_TEXTS texts. */
export function recurringTexts(): (text: string) => string {
  // By length, so a text is compared with the few kept of its length (most often one), and nothing is hashed.
  const byLength: string[][] = [];
  let count = 0;
  return (text) => {
    const same = byLength[text.length];
    if (same !== undefined) for (let k = 0; k < same.length; k++) if (same[k] === text) return same[k];
    if (count === RECURRING_TEXTS) return text;
    const copy = detached(text);
    if (same === undefined) byLength[text.length] = [copy];
    else same.push(copy);
    count++;
    return copy;
  };
}

/**
 * A column the format reads, held twice (a Subtotal of the user's own before Microsoft's; CustomerName beside
 * CustomerCompanyName, one column under two layouts' names): which one Microsoft wrote cannot be told, so the file is
 * refused rather than billed from whichever comes first. Columns the format does not read may repeat.
 */
function checkNoColumnTwice(spec: FormatSpec, headers: readonly string[]): void {
  const read = new Map<string, string>();
  for (const aliases of [...Object.values(spec.text), ...Object.values(spec.dates), ...Object.values(spec.amounts)]) {
    for (const alias of aliases) read.set(normalizeHeader(alias), normalizeHeader(alias));
  }
  for (const names of spec.sameColumn ?? []) for (const name of names) read.set(normalizeHeader(name), normalizeHeader(names[0]));
  const repeated = repeatedColumn(headers, (header) => read.get(normalizeHeader(header)) ?? null);
  if (repeated === null) return;
  const [first, second] = repeated.map((i) => headers[i].replace(/^\uFEFF/, '').trim());
  const written = first === second ? '' : ` (${first} and ${second})`;
  const what = normalizeHeader(first) === normalizeHeader(second) ? `two ${first} columns${written},` : `both ${first} and ${second}, one column under two names,`;
  throw new CellError(second, `the header has ${what} ${columnPlaces(repeated)}: which one is Microsoft's cannot be told, so the file is not billed; remove or rename the one added to it`);
}

/** BenefitType as written: "SavingsPlan", "Reservation"; null where it names neither ("Charge", blank). */
function benefitOfType(benefitType: string): Benefit | null {
  if (/savings ?plan/i.test(benefitType)) return 'savings plan';
  if (/reserv/i.test(benefitType)) return 'reservation';
  return null;
}

/** A ReservationId (or ReservationOrderId) with a value in AdditionalInfo's JSON text. */
const NAMES_RESERVATION = /"reservation(order)?id"\s*:\s*"[^"]/i;

/**
 * What covered a daily usage line that cost nothing. BenefitType says so where it names one; Microsoft links a
 * reservation by the ReservationId in AdditionalInfo and a savings plan by BenefitOrderId. Neither (BenefitType "Charge",
 * no ids) is a free tier or a credit: '' ("no charge").
 */
function benefitOf(byType: Benefit | null, benefitOrderId: string, additionalInfo: string): Benefit {
  if (byType !== null) return byType;
  if (additionalInfo !== '' && NAMES_RESERVATION.test(additionalInfo)) return 'reservation';
  return benefitOrderId !== '' ? 'savings plan' : '';
}

/** Longest monthly charge cycle: 31 days. */
const LONGEST_MONTH_DAYS = 31;
/** Longest monthly first charge: a cycle and the days on to the partner's billing anniversary, under two cycles. */
const LONGEST_MONTHLY_FIRST_CHARGE_DAYS = 62;

/**
 * A legacy licence's billing plan from its charge period, where the file does not say it (the 2017 layout): Annual or
 * Monthly. The file is read a line at a time, so the line alone tells it. Up to a month is monthly. A first charge (it
 * starts on the SubscriptionStartDate) of up to two months is monthly too: it runs a cycle and the days on to the
 * partner's billing anniversary (bought 5/20, charged to 7/11: 53 days), while a yearly first charge runs a year or
 * more. Anything longer is yearly; so is a charge of over a month that starts later (a seat change or cancellation
 * running to the end of a yearly cycle). A yearly seat change of a month or less cannot be told from a monthly one.
 */
function legacyPlanOf(chargeStart: number | null, chargeEnd: number | null, subscriptionStart: number | null): string {
  if (chargeStart === null || chargeEnd === null) return '';
  const days = chargedDays(chargeStart, chargeEnd);
  if (days <= LONGEST_MONTH_DAYS) return 'Monthly';
  const firstCharge = subscriptionStart !== null && startOfUtcDay(subscriptionStart) === startOfUtcDay(chargeStart);
  return firstCharge && days <= LONGEST_MONTHLY_FIRST_CHARGE_DAYS ? 'Monthly' : 'Annual';
}

/**
 * A new commerce usage line's meter with its unit, written alike in both files that bill it: the invoice file's
 * MeterDescription "Tables - LRS Data Stored (1 GB/Month)" less its product's name, the daily file's MeterName and
 * Unit. A legacy usage line's product is its meter already (ResourceGuid; ServiceType is a category): ''.
 */
export function meterOf(format: string, productName: string, meter: string, unit: string): string {
  if (meter === '' || format === 'legacy-usage') return '';
  if (format === 'nce-daily-usage') return unit === '' ? meter : `${meter} (${unit})`;
  // Its prefix "productName - " is not put together to be compared: a fifth of the lines are usage.
  return productName !== '' && meter.startsWith(productName) && meter.startsWith(' - ', productName.length) ? meter.slice(productName.length + 3) : meter;
}
