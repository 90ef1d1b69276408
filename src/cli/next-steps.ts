/**
 * What the accountant does next, said at the end of the summary: a first run of a partner's own month has no
 * configuration tables, and the report workbook is where they are made (its Customers, Prices and Invoices sheets list
 * what this month's files need). Without these lines the summary names what is missing but not where to add it.
 */
export interface RunOutcome {
  /** The report workbook written (--out), if any. */
  workbook: string | undefined;
  /** Whether any output was asked for (--out, --csv, --customer-csv). */
  asked: boolean;
  /** Whether the run reported a cycle at all. */
  billed: boolean;
  unlinkedTenants: number;
  unpricedProducts: number;
  invoicesWithoutTotal: number;
}

export function nextSteps(run: RunOutcome): string[] {
  if (!run.billed) return [];
  const missing = [
    run.unlinkedTenants > 0 ? 'an Organization for each tenant in the Customers sheet' : '',
    run.unpricedProducts > 0 ? 'a price for each product in the Prices sheet (a Sales price is per unit and month)' : '',
    run.invoicesWithoutTotal > 0 ? "each invoice's Microsoft total (tax included, from Microsoft's invoice) in the Invoices sheet" : '',
  ].filter((words) => words !== '');
  const nothing = run.asked ? 'Next:' : 'Nothing was written:';
  if (missing.length === 0) return run.asked ? [] : [`${nothing} --out report.xlsx writes the report workbook (--csv and --customer-csv the CSVs).`];
  const fill = `fill in ${missing.join('; ')}`;
  // The workbook read is an input: the next report is written beside it, not over it.
  if (run.workbook !== undefined) return [`Next: in ${run.workbook}, ${fill}. Then run again with --config ${run.workbook} and --out a new file.`];
  return [`${nothing} --out report.xlsx writes the report workbook, whose Customers, Prices and Invoices sheets list what is missing. There, ${fill}; then run again with --config report.xlsx.`];
}
