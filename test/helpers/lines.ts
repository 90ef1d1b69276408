/**
 * Reading imported BillingLines in tests: a line as plain text (amounts as exact decimal text, dates as ISO text),
 * the line of a given source row, and the exact sum of the costs.
 */
import { Decimal } from '../../src/billing/decimal';
import type { BillingLine } from '../../src/billing/line';

type AmountKey = 'quantity' | 'unitPrice' | 'effectiveUnitPrice' | 'cost' | 'tax' | 'total' | 'exchangeRate';
type DateKey = 'chargeStart' | 'chargeEnd' | 'orderDate' | 'subscriptionStart' | 'subscriptionEnd';

/** A BillingLine with amounts as decimal text ("12.5") and dates as "2026-11-05" (or "2019-02-15T23:59" with a time). */
export type LineView = Omit<BillingLine, AmountKey | DateKey> & {
  quantity: string;
  unitPrice: string | null;
  effectiveUnitPrice: string | null;
  cost: string;
  tax: string | null;
  total: string | null;
  exchangeRate: string | null;
  chargeStart: string | null;
  chargeEnd: string | null;
  orderDate: string | null;
  subscriptionStart: string | null;
  subscriptionEnd: string | null;
};

function dateText(utc: number | null): string | null {
  if (utc === null) return null;
  const iso = new Date(utc).toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  if (iso.endsWith(':00.000Z')) return iso.slice(0, 16);
  if (iso.endsWith('.000Z')) return iso.slice(0, 19);
  return iso;
}

function amountText(value: Decimal | null): string | null {
  return value === null ? null : value.toString();
}

export function viewOf(line: BillingLine): LineView {
  return {
    ...line,
    quantity: line.quantity.toString(),
    unitPrice: amountText(line.unitPrice),
    effectiveUnitPrice: amountText(line.effectiveUnitPrice),
    cost: line.cost.toString(),
    tax: amountText(line.tax),
    total: amountText(line.total),
    exchangeRate: amountText(line.exchangeRate),
    chargeStart: dateText(line.chargeStart),
    chargeEnd: dateText(line.chargeEnd),
    orderDate: dateText(line.orderDate),
    subscriptionStart: dateText(line.subscriptionStart),
    subscriptionEnd: dateText(line.subscriptionEnd),
  };
}

/** The line read from `row` of its file (the header being row 1). */
export function lineAtRow(lines: readonly BillingLine[], row: number): BillingLine {
  const line = lines.find((l) => l.sourceRow === row);
  if (line === undefined) throw new Error(`no line from row ${row} (rows: ${lines.map((l) => l.sourceRow).join(', ')})`);
  return line;
}

/** The exact sum of the lines' costs, as decimal text. */
export function costSum(lines: readonly BillingLine[]): string {
  return Decimal.sum(lines.map((l) => l.cost)).toString();
}
