import type { ConfigTable, TableName } from '../../src/billing/config';
import { tablesNews } from '../../src/taskpane/lib/tables-news';

const table = (name: TableName, rows: string[][]): ConfigTable => ({ name, header: ['A', 'B'], rows, firstRow: 2, source: `table ${name}` });
const rows = (count: number) => Array.from({ length: count }, (_, index) => [`id-${index}`, '']);

describe('what a refresh did to the accountant’s tables', () => {
  it('names the tables a first refresh made in an empty workbook, and what waits in them (QA: it named only the report sheets)', () => {
    const after = [
      table('Settings', [['Cycle end day', 'last'], ['Default markup %', '0'], ['Currency', 'USD']]),
      table('Customers', rows(9)),
      table('Prices', rows(13)),
      // Excel's empty first row of a table made without rows is no row added.
      table('Customer Prices', [['', '']]),
      table('Invoices', rows(2)),
    ];
    expect(tablesNews([], after)).toBe(
      "Made the Settings, Customers, Prices, Customer Prices and Invoices tables on sheets of the same names: 9 customers to name in Customers, 13 products to price in Prices and 2 invoices to give Microsoft's total in Invoices.",
    );
  });

  it('says the rows a later refresh added, one table alone, and nothing when nothing changed', () => {
    const before = [table('Customers', rows(3)), table('Prices', rows(5)), table('Invoices', rows(2))];
    expect(tablesNews(before, before)).toBeNull();
    expect(tablesNews(before, [table('Customers', rows(4)), table('Prices', rows(5)), table('Invoices', rows(4))])).toBe(
      "Added to your tables: 1 customer to name in Customers and 2 invoices to give Microsoft's total in Invoices.",
    );
    expect(tablesNews(before, [...before, table('Settings', [['Currency', 'USD']])])).toBe('Made the Settings table on a sheet of the same name.');
  });
});
