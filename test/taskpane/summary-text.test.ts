import type { CycleSummary, FileView } from '../../src/import/worker-protocol';
import {
  setNumberMarks,
  billedInText,
  billingDateDoubtText,
  billingDateHint,
  RECONCILIATION_DOWNLOAD,
  distinctNames,
  cycleCaption,
  importResultText,
  removedText,
  reportAnnouncement,
  fileAdvice,
  fileFacts,
  groupDigits,
  importProgressText,
  money,
  openedTableText,
  outsideRangeText,
  percent,
  plural,
  reconciliationText,
  refreshPercent,
  refreshStepText,
  splitProblem,
  unbilledLeftOutText,
  usageLeftOutText,
} from '../../src/taskpane/lib/summary-text';
import { setDayLocale } from '../../src/taskpane/lib/day-text';

function cycle(reconciliation: Partial<CycleSummary['reconciliation']>, invoices: Array<CycleSummary['invoices'][number]['status']> = ['ties']): CycleSummary {
  const amount = (rounded: string) => ({ exact: rounded, rounded, currency: 'USD' });
  return {
    month: '2026-10',
    start: '2026-10-01',
    end: '2026-10-31',
    reportDate: '2026-11-01',
    currency: 'USD',
    documents: [],
    organizations: 1,
    cost: amount('1'),
    sales: amount('2'),
    margin: amount('1'),
    marginPercent: '50.0',
    reconciliation: { status: 'ties', invoicesTotal: amount('26589.62'), microsoftTotal: null, difference: null, missingInvoices: [], ...reconciliation },
    invoices: invoices.map((status, i) => ({ invoiceNumber: `G${i}`, files: [], currency: 'USD', lines: 1, total: amount('1'), microsoftTotal: null, difference: null, status, statusText: status })),
  };
}

describe('amounts as the pane shows them', () => {
  it('groups thousands without touching the digits (no float)', () => {
    expect(groupDigits('26296.31')).toBe('26,296.31');
    expect(groupDigits('-1234567.891')).toBe('-1,234,567.891');
    expect(groupDigits('999')).toBe('999');
    expect(groupDigits('0.0000000000000000001')).toBe('0.0000000000000000001');
    expect(groupDigits('12345678901234567890.12')).toBe('12,345,678,901,234,567,890.12');
    expect(groupDigits('n/a')).toBe('n/a');
  });

  it('money: grouped, with its currency', () => {
    expect(money({ rounded: '-100.00', currency: 'USD' })).toBe('-100.00 USD');
    expect(money({ rounded: '1234567', currency: 'JPY' })).toBe('1,234,567 JPY');
  });

  it('counts', () => {
    expect(plural(1, 'line')).toBe('1 line');
    expect(plural(12000, 'line')).toBe('12,000 lines');
    expect(percent(1, 3)).toBe(33);
    expect(percent(5, 0)).toBe(0);
    expect(percent(7, 5)).toBe(100);
  });

  it("a cycle card's caption counts its organizations like the other counts", () => {
    expect(cycleCaption({ ...cycle({}), organizations: 50000 })).toBe('10/01/2026 to 10/31/2026, report dated 11/01/2026; 50,000 organizations');
    expect(cycleCaption(cycle({}))).toBe('10/01/2026 to 10/31/2026, report dated 11/01/2026; 1 organization');
    setNumberMarks('de-DE');
    try {
      expect(cycleCaption({ ...cycle({}), organizations: 1234 })).toMatch(/; 1\.234 organizations$/);
    } finally {
      setNumberMarks('en-US');
    }
  });

  it("a cycle card's days and the files left out of the range are written as the pane's locale writes them", () => {
    setDayLocale('de-DE');
    try {
      expect(cycleCaption(cycle({}))).toBe('01.10.2026 to 31.10.2026, report dated 01.11.2026; 1 organization');
    } finally {
      setDayLocale('en-US');
    }
    expect(outsideRangeText([{ file: 'a.csv (2)', cycleMonth: '2026-09' }, { file: 'b.csv', cycleMonth: null }])).toBe('Outside the date range, not billed: a.csv (2) (September 2026), b.csv.');
  });
});

describe('the reconciliation status in words', () => {
  it('ties', () => {
    expect(reconciliationText(cycle({ status: 'ties', microsoftTotal: '26296.31', difference: '0.00' }))).toEqual({ tone: 'success', text: 'Ties to the Microsoft invoice (26,296.31 USD).' });
  });

  it('differs by X', () => {
    expect(reconciliationText(cycle({ status: 'differs', microsoftTotal: '26589.56', difference: '0.06' }, ['differs']))).toEqual({
      tone: 'warning',
      text: "Differs from the Microsoft invoice by 0.06 USD. The files add up to 26,589.62 USD with tax, Microsoft's total is 26,589.56 USD.",
    });
    // With several invoices, which one differs.
    const two = cycle({ status: 'differs', microsoftTotal: '26589.56', difference: '0.06' }, ['ties', 'differs']);
    two.invoices[1] = { ...two.invoices[1], invoiceNumber: 'G100000002', difference: '0.06' };
    expect(reconciliationText(two).text).toBe(
      "Differs from the Microsoft invoices by 0.06 USD (invoice G100000002 by 0.06). The files add up to 26,589.62 USD with tax, Microsoft's total is 26,589.56 USD.",
    );
    // What the engine knows of why, as the command line's summary says it (the sample's second invoice).
    two.invoices[1] = { ...two.invoices[1], statusText: 'differs by 0.06 USD: billed from a daily usage file, which has no tax and rounds by day, not by meter' };
    expect(reconciliationText(two).text).toBe(
      "Differs from the Microsoft invoices by 0.06 USD (invoice G100000002 by 0.06: billed from a daily usage file, which has no tax and rounds by day, not by meter). The files add up to 26,589.62 USD with tax, Microsoft's total is 26,589.56 USD.",
    );
    const one = cycle({ status: 'differs', microsoftTotal: '26296.31', difference: '26.30' }, ['differs']);
    one.invoices[0] = { ...one.invoices[0], statusText: "differs by 26.30 USD: is 26296.31 the invoice's subtotal (before tax)?" };
    expect(reconciliationText(one).text).toMatch(/^Differs from the Microsoft invoice by 26\.30 USD: is 26296\.31 the invoice's subtotal \(before tax\)\? The files/);
  });

  it('an invoice of the cycle missing: named, whether or not the invoices imported tie', () => {
    expect(reconciliationText(cycle({ status: 'invoice missing', microsoftTotal: '26296.31', difference: '0.00', missingInvoices: ['G200000009'] }))).toEqual({
      tone: 'warning',
      text: 'Invoice G200000009 is missing: the Invoices table dates it in this cycle, and no imported file holds it. Import its file to check the cost.',
    });
    expect(reconciliationText(cycle({ status: 'invoice missing', missingInvoices: ['G8', 'G9'] })).text).toBe(
      'Invoices G8, G9 are missing: the Invoices table dates them in this cycle, and no imported file holds them. Import their files to check the cost.',
    );
  });

  it("an invoice that cannot be tied (billed in two currencies) is said in the engine's words, with no Microsoft total in the card's currency", () => {
    const twoCurrencies = cycle({ status: 'cannot tie' }, ['cannot tie']);
    twoCurrencies.invoices[0] = { ...twoCurrencies.invoices[0], invoiceNumber: 'G397236329', statusText: 'cannot be tied: it is billed in EUR and USD, and a Microsoft invoice has one currency' };
    expect(reconciliationText(twoCurrencies)).toEqual({
      tone: 'warning',
      text: "Invoice G397236329 cannot be tied: it is billed in EUR and USD, and a Microsoft invoice has one currency. The cycle is not compared with Microsoft's total.",
    });
    // Nor is it hidden by an invoice missing.
    const missing = { ...twoCurrencies, reconciliation: { ...twoCurrencies.reconciliation, status: 'invoice missing' as const, missingInvoices: ['G9'] } };
    expect(reconciliationText(missing).text).toMatch(/^Invoice G397236329 cannot be tied: .*\. Invoice G9 is missing/);
  });

  // QA (first run): which figure and which column, for someone who does not know the Invoices table.
  it('no invoice total entered yet (and for how many invoices), saying the total is with tax and where it goes', () => {
    expect(reconciliationText(cycle({ status: 'no Microsoft total' }, ['no Microsoft total']))).toEqual({
      tone: 'info',
      text: "No Microsoft invoice total entered yet: type it, with tax as on Microsoft's invoice, in the Microsoft total column of the Invoices table to check the cost.",
    });
    expect(reconciliationText(cycle({ status: 'no Microsoft total' }, ['ties', 'no Microsoft total'])).text).toBe(
      "No Microsoft invoice total entered yet for invoice G1 (1 of 2): type it, with tax as on Microsoft's invoice, in the Microsoft total column of the Invoices table to check the cost.",
    );
  });

  it('an invoice that differs is said, whatever else the cycle waits for (QA: a grey "no total yet" hid a 0.06 difference)', () => {
    const withDifference = (status: CycleSummary['reconciliation']['status'], invoices: Array<CycleSummary['invoices'][number]['status']>, reconciliation: Partial<CycleSummary['reconciliation']> = {}) => {
      const summary = cycle({ status, ...reconciliation }, invoices);
      summary.invoices = summary.invoices.map((invoice) => (invoice.status === 'differs' ? { ...invoice, invoiceNumber: 'G100000002', microsoftTotal: '293.25', difference: '0.06' } : invoice));
      return reconciliationText(summary);
    };
    expect(withDifference('no Microsoft total', ['ties', 'differs', 'no Microsoft total'])).toEqual({
      tone: 'warning',
      text: "Invoice G100000002 differs from Microsoft's total by 0.06 USD. No Microsoft invoice total entered yet for invoice G2 (1 of 3): type it, with tax as on Microsoft's invoice, in the Microsoft total column of the Invoices table to check the cost.",
    });
    expect(withDifference('invoice missing', ['differs'], { missingInvoices: ['G9'] }).text).toBe(
      "Invoice G100000002 differs from Microsoft's total by 0.06 USD. Invoice G9 is missing: the Invoices table dates it in this cycle, and no imported file holds it. Import its file to check the cost.",
    );
    // Two differences that cancel out in the cycle's total.
    const offset = cycle({ status: 'ties', microsoftTotal: '100.00', difference: '0.00' }, ['differs', 'differs']);
    offset.invoices = offset.invoices.map((invoice, i) => ({ ...invoice, difference: i === 0 ? '0.03' : '-0.03' }));
    expect(reconciliationText(offset)).toEqual({
      tone: 'warning',
      text: "Invoice G0 differs from Microsoft's total by 0.03 USD. Invoice G1 differs from Microsoft's total by -0.03 USD. Together the invoices tie to Microsoft's total (100.00 USD).",
    });
  });
});

describe('files and problems', () => {
  const file: FileView = {
    id: 'f1',
    fileName: 'october.csv.gz',
    size: 2048,
    status: 'imported',
    formatLabel: 'New commerce invoice reconciliation',
    compressed: true,
    invoiceNumbers: ['G100000001'],
    currencies: ['USD'],
    rowCount: 1201,
    lineCount: 1200,
    duplicateLines: 1,
    costTotals: [{ exact: '26296.3100', rounded: '26296.31', currency: 'USD' }],
    billingDate: '2026-10-31',
    inferredBillingDate: '2026-10-31',
    billingDateRule: '',
    billingDateOverridden: false,
    billingDateFromInvoice: null,
    billingDateDoubt: null,
    usageLeftOut: null,
    unbilledLeftOut: null,
    cycleMonth: '2026-10',
    duplicateOf: [],
    warnings: [],
    problem: '',
    moreProblems: 0,
  };

  it('facts of an imported file', () => {
    expect(fileFacts(file)).toEqual(['New commerce invoice reconciliation (gzip)', 'invoice G100000001', '1,200 lines', 'cost 26,296.31 USD']);
    expect(fileFacts({ ...file, status: 'failed' })).toEqual([]);
  });

  it('a duplicate file is skipped, not "0 lines" beside a cost (as the command line says it)', () => {
    const duplicate: FileView = { ...file, status: 'duplicate', lineCount: 0, duplicateLines: 1200, duplicateOf: ['october.csv'] };
    expect(fileFacts(duplicate)).toEqual(['New commerce invoice reconciliation (gzip)', 'invoice G100000001', 'skipped, all 1,200 lines already in october.csv']);
    expect(fileFacts({ ...duplicate, duplicateLines: 1 })[2]).toBe('skipped, its line already in october.csv');
  });

  it('says what to do about a rejected file, by what is wrong with it', () => {
    const failed = (problem: string) => fileAdvice({ status: 'failed', problem });
    expect(failed('x.csv.gz: the gzip file is damaged or truncated (unexpected end of compressed data)')).toBe('Download the file from Partner Center again, then remove it here and import the new download.');
    expect(failed('x.csv.gz: the gzip file is truncated (its checksum does not match): download it again')).toMatch(/^Download the file/);
    // Not a reconciliation file (a bank CSV, an invoice saved as CSV): which Partner Center download is wanted, in Microsoft's words.
    for (const problem of [
      'x.zip: this is a zip or .xlsx file, not a reconciliation file: download the CSV from Partner Center',
      'bank.csv, row 1: not a Partner Center reconciliation file: its header matches none of …',
      'x.json: JSON, but not JSON lines: Partner Center\'s JSON export has one line item a line (.jsonl)',
    ]) {
      expect(failed(problem)).toBe(RECONCILIATION_DOWNLOAD);
    }
    expect(RECONCILIATION_DOWNLOAD).toMatch(/Billing > Download file, report type "Reconciliation-closed" \(and "Daily Rated Usage Reconciliation-closed" for Azure plan usage\)/);
    expect(failed('x.csv: the file is empty')).toMatch(/^Download the file from Partner Center again/);
    // The engine's reason says what to do with the file already: the pane does not send the accountant to fix a row.
    expect(failed('x.csv: this is UTF-16 text without its byte order mark: save it from Excel as "CSV UTF-8" and import that')).toBe('Then remove the file here and import the one you saved.');
    expect(failed('x.csv, row 12, column Subtotal: "12,00" is not a number')).toMatch(/^Fix that row/);
  });

  it('says what the last refresh left out of a daily usage file, as its usage is billed from invoice files', () => {
    expect(usageLeftOutText(file)).toBeNull();
    expect(usageLeftOutText({ usageLeftOut: { billedIn: ['invoice.csv'], invoices: ['G1'], wholeFile: true } })).toBe(
      'Left out of the last refresh: its Azure usage is billed by meter from invoice.csv, so it is billed once.',
    );
    expect(usageLeftOutText({ usageLeftOut: { billedIn: ['a.csv', 'b.csv'], invoices: ['G1'], wholeFile: false } })).toBe(
      'At the last refresh its lines of invoice G1 were left out, that usage being billed by meter from a.csv and b.csv; its other lines were billed.',
    );
  });

  it('says the last refresh left out an unbilled file of estimates, its customers billed from the billed files, as it says of a daily file', () => {
    expect(unbilledLeftOutText(file)).toBeNull();
    expect(unbilledLeftOutText({ unbilledLeftOut: { billedIn: ['december.csv'] } })).toBe(
      "Left out of the last refresh: an unbilled file of estimates, whose customers' charges are billed from december.csv, so they are billed once.",
    );
    expect(unbilledLeftOutText({ unbilledLeftOut: { billedIn: ['a.csv', 'b.csv'] } })).toMatch(/billed from a\.csv and b\.csv, so/);
  });

  it('says where a file’s billing date comes from, in plain words and the pane’s days (QA: "inferred: new commerce: …")', () => {
    const nce = { ...file, billingDateRule: 'new commerce: the calendar month most charges start in (2026-10)' };
    expect(billingDateHint(nce)).toBe('Taken from the file: the last day of the month most of its charges are for.');
    expect(billingDateHint({ ...nce, billingDateRule: `${nce.billingDateRule}, the day after it: its last day is the cycle end day, which would bill it in the previous month's cycle` })).toBe(
      'Taken from the file: the day after the month most of its charges are for, as that month ends on your cycle end day.',
    );
    expect(billingDateHint({ ...file, billingDateRule: 'legacy: the first billing day (day 20) on or after the latest cycle-fee charge start, 2026-10-05' })).toBe(
      'Taken from the file: your first cycle end day on or after its latest charges start.',
    );
    expect(billingDateHint({ ...file, inferredBillingDate: null, billingDateRule: 'no charge dates in the file' })).toBe('The file has no charge dates: type the last day of the period it bills.');
    // A rule the pane has no words for is the engine's, with the pane's days.
    expect(billingDateHint({ ...file, billingDateRule: 'the last charge period ends 2026-10-31' })).toBe('Taken from the file (the last charge period ends 10/31/2026).');
    expect(billingDateHint({ ...nce, billingDateFromInvoice: 'G100000001' })).toBe("From the Invoices table (invoice G100000001); the file's own date is 10/31/2026.");
    expect(billingDateHint({ ...nce, billingDateOverridden: true })).toBe("Set by you; the file's own date is 10/31/2026.");
    expect(billingDateHint({ ...nce, billingDateOverridden: true, inferredBillingDate: null })).toBe('Set by you; the file has no date of its own.');
    for (const hint of [billingDateHint(nce), billingDateHint({ ...nce, billingDateOverridden: true })]) expect(hint).not.toMatch(/inferred|new commerce|\d{4}-\d{2}/);
  });

  it('says the cycle a file is billed in, and the doubt about its date, with the pane’s days and cycles (one date style on the card)', () => {
    expect(billedInText('2026-10')).toBe('Billed in the October 2026 cycle.');
    const doubt = 'after its billing period (2026-09-01 to 2026-09-30), which its charges put in cycle 2026-09: is that the invoice\'s date rather than a day of its billing period?';
    expect(billingDateDoubtText({ billingDate: '2026-10-31', billingDateDoubt: doubt })).toBe(
      "10/31/2026: after its billing period (09/01/2026 to 09/30/2026), which its charges put in the September 2026 cycle: is that the invoice's date rather than a day of its billing period?",
    );
    expect(billingDateDoubtText({ billingDate: '2026-10-31', billingDateDoubt: null })).toBeNull();
    setDayLocale('de-DE');
    try {
      expect(billingDateDoubtText({ billingDate: '2026-10-31', billingDateDoubt: doubt })).toMatch(/^31\.10\.2026: after its billing period \(01\.09\.2026 to 30\.09\.2026\)/);
      expect(billingDateHint({ ...file, billingDateOverridden: true })).toBe("Set by you; the file's own date is 31.10.2026.");
    } finally {
      setDayLocale('en-US');
    }
  });

  it('a long problem keeps where and what up front, the explanation apart', () => {
    const problem = 'bad.csv, row 1: not a Partner Center reconciliation file: its header matches none of New commerce invoice reconciliation (termandbillingcycle, billablequantity)';
    expect(splitProblem(problem, 'bad.csv')).toEqual({ summary: 'row 1: not a Partner Center reconciliation file', detail: 'its header matches none of New commerce invoice reconciliation (termandbillingcycle, billablequantity)' });
    expect(splitProblem(problem).summary).toBe('bad.csv, row 1: not a Partner Center reconciliation file');
    expect(splitProblem('bad.csv, row 7, column Subtotal: "abc" is not a number', 'bad.csv')).toEqual({ summary: 'row 7, column Subtotal: "abc" is not a number', detail: null });
  });

  it('progress in words', () => {
    // The name beside its own file's bytes, never beside all the files' (the bar shows those).
    const MB = 1024 * 1024;
    expect(importProgressText({ phase: 'importing', reason: '', fileName: 'a.csv', fileIndex: 1, fileCount: 3, bytes: 6 * MB, totalBytes: 10 * MB, fileBytes: 1 * MB, fileSize: 4 * MB, rows: 12345 })).toBe(
      'Reading file 2 of 3, a.csv: 1.0 MB of 4.0 MB, 12,345 rows; all files 60 %',
    );
    expect(importProgressText({ phase: 'rereading', reason: '', fileName: 'a.csv', fileIndex: 0, fileCount: 1, bytes: 3 * MB, totalBytes: 4 * MB, fileBytes: 3 * MB, fileSize: 4 * MB, rows: 10 })).toBe(
      'Reading again a.csv: 3.0 MB of 4.0 MB, 10 rows',
    );
    expect(refreshStepText('sheets', 2000, 10000)).toBe('Writing the sheets: 2,000 of 10,000 rows…');
    expect(refreshPercent('reading-config')).toBe(0);
    expect(refreshPercent('sheets', 5, 10)).toBeGreaterThan(refreshPercent('layout'));
    expect(refreshPercent('swap', 1, 1)).toBe(100);
  });
});

describe('what is said in the live regions', () => {
  const base = { status: 'imported', problem: '' } as const;
  const view = (fileName: string, status: FileView['status'] = 'imported', problem = '') => ({ ...base, fileName, status, problem }) as unknown as FileView;

  it('an import: how many files were imported, rejected (named, with the first reason) or skipped', () => {
    expect(importResultText([])).toBeNull();
    expect(importResultText([view('a.csv')])).toEqual({ text: 'Imported a.csv.', intent: 'success' });
    expect(importResultText([view('a.csv'), view('b.csv')])).toEqual({ text: 'Imported 2 files.', intent: 'success' });
    expect(importResultText([view('a.csv'), view('b.csv', 'failed', 'b.csv, row 1: not a Partner Center reconciliation file: Check that it is a reconciliation file from Partner Center (CSV, gzip or JSON lines).'), view('c.csv', 'duplicate')])).toEqual({
      text: 'Imported 1 file of 3; 1 rejected: b.csv (row 1: not a Partner Center reconciliation file); 1 skipped as a duplicate (c.csv).',
      intent: 'warning',
    });
    expect(importResultText([view('a.csv', 'failed', 'a.csv: empty file'), view('b.csv', 'failed', 'x'), view('c.csv', 'empty')])?.text).toBe(
      'Nothing imported; 1 with no lines (c.csv); 2 rejected: a.csv (empty file), b.csv.',
    );
  });

  it('a removal', () => {
    expect(removedText('a.csv', 2)).toBe('Removed a.csv. 2 files left.');
    expect(removedText('a.csv', 0)).toBe('Removed a.csv. No files left.');
  });

  it('a report: per cycle sales, cost, margin and the tie-out (without its advice), then what is left to link or price', () => {
    const one = cycle({ status: 'ties', microsoftTotal: '26296.31', difference: '0.00' });
    expect(reportAnnouncement({ cycles: [one], unlinkedCustomers: [], unpricedProducts: [] })).toBe(
      'October 2026, USD: sales 2 USD, cost 1 USD, margin 1 USD (50.0 %). Ties to the Microsoft invoice (26,296.31 USD).',
    );
    const open = cycle({ status: 'no Microsoft total' }, ['no Microsoft total']);
    const customer = {} as never;
    expect(reportAnnouncement({ cycles: [open], unlinkedCustomers: [customer, customer], unpricedProducts: [customer] })).toBe(
      'October 2026, USD: sales 2 USD, cost 1 USD, margin 1 USD (50.0 %). No Microsoft invoice total entered yet. 2 customers not linked, 1 product without a price.',
    );
  });

  it('files of the same name are told apart, from those held and from each other', () => {
    expect(distinctNames([], ['a.csv', 'b.csv', 'a.csv', 'a.csv'])).toEqual(['a.csv', 'b.csv', 'a.csv (2)', 'a.csv (3)']);
    expect(distinctNames(['a.csv', 'a.csv (2)'], ['a.csv', 'c.csv'])).toEqual(['a.csv (3)', 'c.csv']);
    // A file whose own name looks like a told-apart one is not taken for it.
    expect(distinctNames(['a.csv'], ['a.csv (2)', 'a.csv'])).toEqual(['a.csv (2)', 'a.csv (3)']);
    // A name freed by a removal is free again.
    expect(distinctNames(['a.csv (2)'], ['a.csv'])).toEqual(['a.csv']);
  });
});

describe('opening a configuration table', () => {
  it('says whether the table was there, or made (and with what)', () => {
    expect(openedTableText('Prices', 'Prices', null)).toBe('The Prices table is selected on sheet Prices.');
    expect(openedTableText('Prices', 'Prices', 0)).toBe('Created the Prices table on sheet Prices, with no products yet: type them in, or import your files and press Refresh to add theirs.');
    expect(openedTableText('Customers', 'Customers', 1)).toBe('Created the Customers table on sheet Customers with 1 customer from your files.');
    expect(openedTableText('Prices', 'Prices', 12)).toBe('Created the Prices table on sheet Prices with 12 products from your files.');
  });
});

describe("the accountant's number marks", () => {
  afterEach(() => setNumberMarks('en-US'));

  it('shows amounts and counts with the marks of the locale, the digits untouched', () => {
    setNumberMarks('de-DE');
    expect(money({ rounded: '26296.31', currency: 'EUR' })).toBe('26.296,31 EUR');
    expect(groupDigits('-1234567.891234567891')).toBe('-1.234.567,891234567891');
    expect(plural(12000, 'line')).toBe('12.000 lines');
    setNumberMarks('en-US');
    expect(money({ rounded: '26296.31', currency: 'USD' })).toBe('26,296.31 USD');
    setNumberMarks('not a locale!');
    expect(money({ rounded: '26296.31', currency: 'USD' })).toBe('26,296.31 USD');
  });
});
