/**
 * Invariants of the report over random months of lines: the report's cost is the imported cost exactly, every level
 * is the sum of its children exactly, and a markup gives each detail line its cost plus the markup, rounded once.
 */
import fc from 'fast-check';
import { minorUnits } from '../../src/billing/currency';
import { Decimal } from '../../src/billing/decimal';
import type { BillingLine } from '../../src/billing/line';
import type { BillingReport } from '../../src/billing/report';
import { configOf, reportOf, type DocumentInput } from '../helpers/billing-config';
import { nceLine } from '../helpers/billing-lines';

/** Exact decimals as Partner Center writes them: cents, many decimals (up to 20), scientific notation, either sign. */
const amount: fc.Arbitrary<Decimal> = fc.oneof(
  fc.bigInt({ min: -10_000_000n, max: 10_000_000n }).map((cents) => new Decimal(cents, 2)),
  fc.record({ units: fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), scale: fc.integer({ min: 0, max: 20 }) }).map(({ units, scale }) => new Decimal(units, scale)),
  fc.record({ mantissa: fc.integer({ min: -999_999, max: 999_999 }), exponent: fc.integer({ min: -12, max: 3 }) }).map(({ mantissa, exponent }) => Decimal.parse(`${mantissa / 1000}E${exponent}`)),
);

const quantity = fc.integer({ min: -50, max: 500 }).map((n) => Decimal.fromInt(n));

const line: fc.Arbitrary<BillingLine> = fc
  .record({
    customerId: fc.constantFrom('C-1', 'C-2', 'c-2', 'C-3', 'tenant-x'),
    productId: fc.constantFrom('P-1', 'P-2', 'p-2', 'P-3'),
    skuId: fc.constantFrom('0001', '0002'),
    chargeType: fc.constantFrom('cycleCharge', 'new', 'renew', 'addQuantity', 'cancelImmediate', 'customerCredit', 'Cycle fee', 'usage'),
    cost: amount,
    quantity,
    currency: fc.constantFrom('USD', 'USD', 'EUR', 'JPY'),
    invoiceNumber: fc.constantFrom('G1', 'G2', ''),
  })
  .map((spec) => nceLine(spec));

/** One to four imported files, each billed in September, October or November. */
const month: fc.Arbitrary<DocumentInput[]> = fc.array(
  fc.record({ lines: fc.array(line, { maxLength: 25 }), cycle: fc.constantFrom(Date.UTC(2026, 8, 30), Date.UTC(2026, 9, 31), Date.UTC(2026, 10, 30)) }).map(({ lines, cycle }) => ({
    lines,
    document: { billingDate: cycle },
  })),
  { minLength: 1, maxLength: 4 },
);

/** A markup in percent: whole, with decimals, or a fraction of a percent; never below −100 %. */
const markupPercent: fc.Arbitrary<Decimal> = fc.oneof(
  fc.integer({ min: 0, max: 200 }).map((n) => Decimal.fromInt(n)),
  fc.bigInt({ min: -99_999n, max: 999_999n }).map((units) => new Decimal(units, 4)),
);

const CUSTOMERS = 'Customer ID,Organization,Markup %,Billable';

function byCurrency(entries: Iterable<[string, Decimal]>): Record<string, string> {
  const totals: Record<string, Decimal> = {};
  for (const [currency, value] of entries) totals[currency] = (totals[currency] ?? Decimal.ZERO).plus(value);
  return Object.fromEntries(Object.entries(totals).map(([currency, value]) => [currency, value.toString()]));
}

/**
 * The files the report bills: all but unbilled ones (every line naming no invoice) left out beside billed files of
 * their cycle that bill each of their customers (reportOf names the files file-1.csv, file-2.csv, ...).
 */
function billedDocuments(report: BillingReport, documents: readonly DocumentInput[]): DocumentInput[] {
  const leftOut = new Set(report.reconciliation.unbilledLeftOut.map((entry) => entry.file));
  const out = documents.filter((_, i) => leftOut.has(`file-${i + 1}.csv`));
  expect(out.every((d) => d.lines.every((l) => l.invoiceNumber === ''))).toBe(true);
  return documents.filter((d) => !out.includes(d));
}

/** Every level against the sum of its children, for cost and sales, and margin = sales − cost; the mismatches. */
function levelMismatches(report: BillingReport): string[] {
  const wrong: string[] = [];
  const check = (what: string, total: Decimal, parts: Decimal[]) => {
    if (!total.equals(Decimal.sum(parts))) wrong.push(`${what}: ${total} is not the sum of its parts ${Decimal.sum(parts)}`);
  };
  for (const cycle of report.cycles) {
    const where = `${cycle.cycle.month} ${cycle.currency}`;
    check(`${where} cost`, cycle.cost, cycle.organizations.map((o) => o.cost));
    check(`${where} sales`, cycle.sales, cycle.organizations.map((o) => o.sales));
    check(`${where} margin`, cycle.margin, [cycle.sales, cycle.cost.negate()]);
    for (const organization of cycle.organizations) {
      check(`${where} ${organization.name} cost`, organization.cost, organization.products.map((p) => p.cost));
      check(`${where} ${organization.name} sales`, organization.sales, organization.products.map((p) => p.sales));
      check(`${where} ${organization.name} margin`, organization.margin, [organization.sales, organization.cost.negate()]);
      for (const product of organization.products) {
        check(`${where} ${organization.name} ${product.productId} cost`, product.cost, product.details.map((d) => d.cost));
        check(`${where} ${organization.name} ${product.productId} sales`, product.sales, product.details.map((d) => d.sales));
        for (const detail of product.details) {
          if (!detail.sales.equals(detail.sales.round(minorUnits(cycle.currency)))) wrong.push(`${where} detail sales ${detail.sales} is not rounded to the minor unit`);
          check(`${where} detail margin`, detail.margin, [detail.sales, detail.cost.negate()]);
        }
      }
    }
  }
  return wrong;
}

describe('report invariants over random months', () => {
  it("the report's cost, per currency, equals the sum of the imported lines' costs, exactly (less unbilled files left out beside billed ones)", () => {
    fc.assert(
      fc.property(month, markupPercent, (documents, markup) => {
        const report = reportOf(configOf({ Settings: `Setting,Value\nDefault markup %,${markup}` }), documents);
        const imported = byCurrency(billedDocuments(report, documents).flatMap((d) => d.lines.map((l): [string, Decimal] => [l.currency, l.cost])));
        const reported = byCurrency(report.cycles.map((c): [string, Decimal] => [c.currency, c.cost]));
        expect(reported).toEqual(imported);
        const invoiced = byCurrency(report.reconciliation.invoices.map((i): [string, Decimal] => [i.currency, i.cost]));
        expect(invoiced).toEqual(imported);
      }),
    );
  });

  it('every level (cycle, organization, product) equals the sum of its children exactly, for cost and for sales', () => {
    fc.assert(
      fc.property(month, markupPercent, markupPercent, (documents, defaultMarkup, customerMarkup) => {
        const config = configOf({
          Settings: `Setting,Value\nDefault markup %,${defaultMarkup}`,
          Customers: `${CUSTOMERS}\nC-1,Northwind,${customerMarkup},Yes\nC-2,Fabrikam,,Yes\nC-3,Contoso,,No`,
          Prices: 'Product ID,SKU ID,Sales price,Margin %\nP-1,,15.00,\nP-2,0002,,37.5',
        });
        expect(levelMismatches(reportOf(config, documents))).toEqual([]);
      }),
    );
  });

  it('a markup gives each detail line its cost plus the markup, rounded half away from zero to the minor unit', () => {
    fc.assert(
      fc.property(month, markupPercent, markupPercent, (documents, defaultMarkup, customerMarkup) => {
        const config = configOf({
          Settings: `Setting,Value\nDefault markup %,${defaultMarkup}`,
          Customers: `${CUSTOMERS}\nC-1,Northwind,${customerMarkup}%,Yes`,
        });
        const report = reportOf(config, documents);
        const wrong: string[] = [];
        for (const cycle of report.cycles) {
          for (const organization of cycle.organizations) {
            const percent = organization.customerId === 'C-1' ? customerMarkup : defaultMarkup;
            for (const product of organization.products) {
              for (const detail of product.details) {
                const expected = detail.cost.times(Decimal.fromInt(100).plus(percent)).dividedBy(Decimal.fromInt(100), 40).round(minorUnits(cycle.currency));
                if (!detail.sales.equals(expected)) wrong.push(`${organization.customerId} ${detail.cost} at ${percent}%: ${detail.sales}, expected ${expected}`);
              }
            }
          }
        }
        expect(wrong).toEqual([]);
      }),
    );
  });

  it('a markup is not rounded before the detail line: a hair below half a cent after the markup rounds down, a hair above rounds up', () => {
    // Markups whose factor has an exact inverse, so a cost can be built that lands a hair off a half cent.
    const factors: Array<[string, string]> = [['0', '1'], ['25', '0.8'], ['100', '0.5'], ['150', '0.4'], ['300', '0.25']];
    fc.assert(
      fc.property(fc.constantFrom(...factors), fc.bigInt({ min: 0n, max: 10_000_000n }), fc.integer({ min: 13, max: 24 }), fc.boolean(), ([percent, inverse], cents, hairDigits, below) => {
        const hair = new Decimal(below ? -1n : 1n, hairDigits);
        const salesBeforeRounding = new Decimal(cents * 10n + 5n, 3).plus(hair);
        const cost = salesBeforeRounding.times(Decimal.parse(inverse));
        const report = reportOf(configOf({ Settings: `Setting,Value\nDefault markup %,${percent}` }), [{ lines: [nceLine({ cost })] }]);
        expect(report.cycles[0].sales.toFixed(2)).toBe(salesBeforeRounding.round(2).toFixed(2));
      }),
    );
  });

  it('a customer that is not billable is sold nothing, and keeps its cost', () => {
    fc.assert(
      fc.property(month, (documents) => {
        const report = reportOf(configOf({ Settings: 'Setting,Value\nDefault markup %,25', Customers: `${CUSTOMERS}\nC-3,Contoso,,No` }), documents);
        for (const cycle of report.cycles) {
          for (const organization of cycle.organizations.filter((o) => o.customerId === 'C-3')) {
            expect(organization.sales.isZero()).toBe(true);
            const cost = Decimal.sum(billedDocuments(report, documents).filter((d) => d.document?.billingDate === cycle.cycle.end).flatMap((d) => d.lines.filter((l) => l.customerId === 'C-3' && l.currency === cycle.currency).map((l) => l.cost)));
            expect(organization.cost.equals(cost)).toBe(true);
          }
        }
      }),
    );
  });
});
