import { nextSteps, type RunOutcome } from '../../src/cli/next-steps';

/** A first run of a partner's own month: nothing linked, priced or typed in yet. */
const FIRST_RUN: RunOutcome = { workbook: undefined, asked: false, billed: true, unlinkedTenants: 9, unpricedProducts: 13, invoicesWithoutTotal: 2 };
const FILL =
  "fill in an Organization for each tenant in the Customers sheet; a price for each product in the Prices sheet (a Sales price is per unit and month); each invoice's Microsoft total (tax included, from Microsoft's invoice) in the Invoices sheet";

describe('the next steps at the end of the summary', () => {
  it('say on a run that wrote nothing where the configuration tables are made, and what to fill in', () => {
    expect(nextSteps(FIRST_RUN)).toEqual([
      `Nothing was written: --out report.xlsx writes the report workbook, whose Customers, Prices and Invoices sheets list what is missing. There, ${FILL}; then run again with --config report.xlsx.`,
    ]);
  });

  it('name the workbook written, what to fill in there, and to give it back as --config with another --out', () => {
    expect(nextSteps({ ...FIRST_RUN, workbook: 'out/2026-10.xlsx', asked: true })).toEqual([
      `Next: in out/2026-10.xlsx, ${FILL}. Then run again with --config out/2026-10.xlsx and --out a new file.`,
    ]);
    expect(nextSteps({ ...FIRST_RUN, workbook: 'b.xlsx', asked: true, unlinkedTenants: 0, unpricedProducts: 0 })).toEqual([
      "Next: in b.xlsx, fill in each invoice's Microsoft total (tax included, from Microsoft's invoice) in the Invoices sheet. Then run again with --config b.xlsx and --out a new file.",
    ]);
  });

  it('say nothing once all is filled in, or where no cycle was billed; a run that wrote nothing says so', () => {
    const done = { ...FIRST_RUN, unlinkedTenants: 0, unpricedProducts: 0, invoicesWithoutTotal: 0 };
    expect(nextSteps({ ...done, asked: true, workbook: 'b.xlsx' })).toEqual([]);
    expect(nextSteps({ ...FIRST_RUN, billed: false })).toEqual([]);
    expect(nextSteps(done)).toEqual(['Nothing was written: --out report.xlsx writes the report workbook (--csv and --customer-csv the CSVs).']);
  });
});
