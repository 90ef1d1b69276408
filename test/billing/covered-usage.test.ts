/**
 * Azure usage a reservation or savings plan covered: in the daily usage file at a cost of 0 (EffectiveUnitPrice 0
 * beside the meter's UnitPrice), BenefitType or its ids saying what covered it. Such hours are a detail line of their
 * own, so the paid hours keep their real unit price on every output, and the totals stay what they were.
 */
import type { BillingLine } from '../../src/billing/line';
import { reportToJson } from '../../src/billing/report-json';
import { billingCsv, customerCsvs } from '../../src/exports/billing-exports';
import { configOf, reportOf } from '../helpers/billing-config';
import { fixtureText, importText } from '../helpers/byte-source';
import { readCsv, toCsv } from '../helpers/partner-center-files';

/** The October test month's daily usage file: its header (55 columns) and its first row, a D2 v3 VM's hours. */
const { header, rows } = readCsv(fixtureText('daily-rated-usage-2026-10.csv'));
const VM = Object.fromEntries(header.map((column, i) => [column, rows[0][i]]));

function dailyRow(values: Record<string, string>): string[] {
  const row = { ...VM, ...values };
  return header.map((column) => row[column]);
}

/** 100 hours paid at 0.0912 (PEC applied), on a day of its own. */
const PAID = { UsageDate: '10/01/2026', Quantity: '100', UnitPrice: '0.096', EffectiveUnitPrice: '0.0912', BillingPreTaxTotal: '9.12', PricingPreTaxTotal: '9.12' };
/** Hours Microsoft charged nothing for: the meter's UnitPrice, EffectiveUnitPrice and cost 0. */
const FREE = { UnitPrice: '0.096', EffectiveUnitPrice: '0', BillingPreTaxTotal: '0', PricingPreTaxTotal: '0', BenefitType: 'Charge' };
const SAVINGS_PLAN = { ...FREE, UsageDate: '10/02/2026', Quantity: '240', BenefitId: '0c1f5a3e-7b2d-4e8a-9f60-1d2c3b4a5e6f', BenefitOrderId: '5e1c0a7f-2b3d-4c5e-8f9a-0b1c2d3e4f5a', BenefitType: 'SavingsPlan' };
const RESERVATION = { ...FREE, UsageDate: '10/03/2026', Quantity: '24', AdditionalInfo: '{"ServiceType":"Standard_D2s_v3","ReservationOrderId":"8d3f5c2a-61b7-4c2e-9a0d-3b7e1f4c5a69","ReservationId":"2a7c9e1b-4d3f-4a6b-8c2e-5f7a9b1d3c4e"}' };

async function linesOf(...values: Array<Record<string, string>>): Promise<BillingLine[]> {
  const { lines } = await importText('daily.csv', toCsv(header, values.map(dailyRow)));
  return lines;
}

describe('what covered a daily usage line that cost nothing', () => {
  it('is read from BenefitType, the ReservationId in AdditionalInfo or a BenefitOrderId; a free tier and paid hours name none', async () => {
    const lines = await linesOf(
      SAVINGS_PLAN,
      RESERVATION,
      { ...FREE, BenefitType: '', BenefitOrderId: SAVINGS_PLAN.BenefitOrderId },
      { ...FREE, BenefitType: 'Reservation' },
      { ...FREE, AdditionalInfo: '{"ReservationId":null}' },
      FREE,
      { ...PAID, BenefitOrderId: SAVINGS_PLAN.BenefitOrderId, BenefitType: 'SavingsPlan' },
    );
    expect(lines.map((line) => line.benefit)).toEqual(['savings plan', 'reservation', 'savings plan', 'reservation', '', '', '']);
  });
});

describe('hours a reservation or savings plan covered, beside the paid hours of their meter', () => {
  const config = configOf({ Settings: 'Setting,Value\nDefault markup %,10\nCurrency,USD' });

  it('are detail lines of their own, so the paid line shows 100 h at 0.0912 rather than 364 h at 0.0251', async () => {
    const report = reportOf(config, [{ lines: await linesOf(PAID, SAVINGS_PLAN, RESERVATION) }]);
    const [product] = report.cycles[0].organizations[0].products;
    expect(product.details.map((d) => [d.term, d.quantity.toString(), d.cost.toString(), d.sales.toFixed(2), d.rules])).toEqual([
      ['', '100', '9.12', '10.03', ['default markup 10%']],
      ['covered by reservation', '24', '0', '0.00', ['no charge']],
      ['covered by savings plan', '240', '0', '0.00', ['no charge']],
    ]);
  });

  it('leave the totals what the paid hours make, in every order of the lines', async () => {
    const paidOnly = reportOf(config, [{ lines: await linesOf(PAID) }]).cycles[0];
    for (const rows of [[PAID, SAVINGS_PLAN, RESERVATION], [SAVINGS_PLAN, PAID, RESERVATION], [RESERVATION, SAVINGS_PLAN, PAID]]) {
      const cycle = reportOf(config, [{ lines: await linesOf(...rows) }]).cycles[0];
      expect([cycle.cost.toString(), cycle.sales.toFixed(2), cycle.organizations[0].cost.toString(), cycle.organizations[0].sales.toFixed(2)]).toEqual([
        paidOnly.cost.toString(),
        paidOnly.sales.toFixed(2),
        '9.12',
        '10.03',
      ]);
    }
  });

  it('are named so on the statement, in the billing CSV and in the JSON, the paid line at its own unit price', async () => {
    const report = reportOf(config, [{ lines: await linesOf(PAID, SAVINGS_PLAN, RESERVATION) }]);
    const [statement] = customerCsvs(report);
    const statementRows = readCsv(statement.content.slice(1)).rows.map((row) => row.slice(5, 9));
    expect(statementRows).toEqual([
      ['usage', '100', '0.1003', '10.03'],
      ['usage (covered by reservation)', '24', '0.0000', '0.00'],
      ['usage (covered by savings plan)', '240', '0.0000', '0.00'],
      ['', '', '', '10.03'],
    ]);
    const billing = readCsv(billingCsv(report).slice(1));
    const term = billing.header.indexOf('Term');
    const unitPrice = billing.header.indexOf('Unit price');
    expect(billing.rows.map((row) => [row[term], row[unitPrice]])).toEqual([
      ['', '0.1003'],
      ['covered by reservation', '0.0000'],
      ['covered by savings plan', '0.0000'],
    ]);
    const json = reportToJson(report) as { cycles: Array<{ organizations: Array<{ products: Array<{ details: Array<{ term: string; quantity: string; unitSales: string }> }> }> }> };
    expect(json.cycles[0].organizations[0].products[0].details.map((d) => [d.term, d.quantity, d.unitSales])).toEqual([
      ['', '100', '0.1003'],
      ['covered by reservation', '24', '0'],
      ['covered by savings plan', '240', '0'],
    ]);
  });
});
