import type { ConfigTable } from '../../src/billing/config';
import type { FileView } from '../../src/import/worker-protocol';
import { onlyRowsAdded, reportInputs } from '../../src/taskpane/lib/report-inputs';

const file = { id: 'f1', status: 'imported', billingDate: '2026-10-31' } as FileView;

const prices: ConfigTable = {
  name: 'Prices',
  header: ['Product ID', 'SKU ID', 'Product', 'Sales price'],
  rows: [['CFQ7TTC0L3PB', '0001', 'Power BI Pro', '']],
  firstRow: 2,
  source: 'table Prices on sheet Prices',
};
const settings: ConfigTable = { name: 'Settings', header: ['Setting', 'Value'], rows: [['Cycle end day', 'last']], firstRow: 2, source: 'table Settings on sheet Settings' };

describe('what a report is made from', () => {
  it('changes with a file, its billing date, and any cell of the tables (QA: a price typed after a refresh was exported at the old one)', () => {
    const made = reportInputs([file], [settings, prices]);
    expect(reportInputs([file], [settings, prices])).toBe(made);
    expect(reportInputs([{ ...file, billingDate: '2026-09-30' }], [settings, prices])).not.toBe(made);
    expect(reportInputs([file], [settings, { ...prices, rows: [['CFQ7TTC0L3PB', '0001', 'Power BI Pro', '13.50']] }])).not.toBe(made);
    expect(reportInputs([file], [{ ...settings, rows: [['Cycle end day', '20']] }, prices])).not.toBe(made);
    expect(reportInputs([file], [settings])).not.toBe(made);
    // Where a table sits is not what it holds.
    expect(reportInputs([file], [settings, { ...prices, firstRow: 5, source: 'table Prices on sheet Price list' }])).toBe(made);
  });

  it('a file that bills nothing (rejected, or its import cancelled) leaves the report current (QA: a wrong file imported marked it out of date)', () => {
    const made = reportInputs([file], [settings, prices]);
    const rejected = { id: 'f2', status: 'failed', billingDate: null } as FileView;
    expect(reportInputs([file, rejected], [settings, prices])).toBe(made);
    expect(reportInputs([file, { ...rejected, status: 'cancelled' }], [settings, prices])).toBe(made);
    // A file that imported, even with no lines or as a duplicate, is one the report names.
    expect(reportInputs([file, { ...rejected, status: 'duplicate' }], [settings, prices])).not.toBe(made);
  });

  it('a refresh’s own rows added at the tables’ ends are its report’s; a cell changed while it ran is not', () => {
    const added = { ...prices, rows: [...prices.rows, ['CFQ7TTC0LH0R', '0001', 'Visio Plan 2', '']] };
    expect(onlyRowsAdded([settings, prices], [settings, added])).toBe(true);
    expect(onlyRowsAdded([prices], [settings, added])).toBe(true);
    expect(onlyRowsAdded([settings, prices], [settings, { ...added, rows: [['CFQ7TTC0L3PB', '0001', 'Power BI Pro', '13.50'], added.rows[1]] }])).toBe(false);
    expect(onlyRowsAdded([settings, prices], [settings])).toBe(false);
    expect(onlyRowsAdded([settings, prices], [{ ...settings, header: ['Setting', 'Value', 'Note'] }, added])).toBe(false);
  });
});
