/**
 * The command line's outputs: the report workbook (--out), the billing CSV (--csv) and the customer files
 * (--customer-csv), written under temporary names and put in place together at the end (staged-outputs.ts).
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { basename, join, resolve } from 'node:path';
import type { BillingReport } from '../billing/report';
import { billingCsvBlocks, customerCsvs } from '../exports/billing-exports';
import type { CsvOptions } from '../exports/csv';
import { streamedWorkbookLayout, type LayoutInput } from '../workbook/build-layout';
import { writeLayoutToXlsxFile } from '../xlsx/write-layout';
import { makeFolder, OutputError } from './output-folders';
import { earlierCustomerFiles, placeOf, StagedOutputs } from './staged-outputs';

interface OutputRequest {
  out?: string;
  csv?: string;
  customerCsv?: string;
  csvOptions: CsvOptions;
  /** Every file the run read: no output may take one's place. */
  inputs: readonly string[];
}

/** The terminal's progress line (main.ts): a large workbook's rows, and what is being written (after a large file). */
interface ProgressLine {
  update(what: string, share: number): void;
  status(text: string): void;
  done(): void;
}

/** Writes the outputs asked for; returns what was written and notes for the summary. */
export async function writeOutputs(report: BillingReport, layoutInput: LayoutInput, request: OutputRequest, progress: ProgressLine): Promise<{ written: string[]; notes: string[] }> {
  const written: string[] = [];
  const notes: string[] = [];
  const staged = new StagedOutputs();
  const stopSignals = discardOnSignal(staged);
  try {
    if (request.out !== undefined) {
      const out = request.out;
      staged.madeFolders(await makeFolder('--out', resolve(out, '..')));
      progress.status(`laying out ${basename(out)}`);
      // The large sheets' rows are made as they are written: a large month's would take gigabytes held whole.
      const layout = streamedWorkbookLayout(report, layoutInput);
      await staged.file('--out', out, (temp) =>
        writeLayoutToXlsxFile(layout, temp, {
          onProgress: (rows, total) => {
            if (total >= 100_000) progress.update(`writing ${basename(out)}`, rows / total);
          },
        }),
      );
      progress.done();
      notes.push(...layout.notes);
      written.push(out);
    }
    if (request.csv !== undefined) {
      const csv = request.csv;
      staged.madeFolders(await makeFolder('--csv', resolve(csv, '..')));
      progress.status(`writing ${basename(csv)}`);
      // Written as it is made: the whole text of a large month's CSV would take hundreds of megabytes.
      await staged.file('--csv', csv, (temp) => pipeline(Readable.from(billingCsvBlocks(report, request.csvOptions)), createWriteStream(temp)));
      written.push(csv);
    }
    if (request.customerCsv !== undefined) {
      const dir = request.customerCsv;
      staged.madeFolders(await makeFolder('--customer-csv', dir));
      progress.status('writing the customer files');
      const customerFiles = customerCsvs(report, request.csvOptions);
      // A customer file must not take the place of an input or of the billing CSV.
      const taken = new Map<string, string>(request.inputs.map((path) => [placeOf(path), 'an input file']));
      if (request.csv !== undefined) taken.set(placeOf(request.csv), 'the --csv output');
      for (const file of customerFiles) {
        const clash = taken.get(placeOf(join(dir, file.fileName)));
        if (clash !== undefined) throw new OutputError(`--customer-csv: the customer file ${file.fileName} would replace ${clash}; write the customer files to another folder`);
      }
      await staged.filesIn('--customer-csv', dir, customerFiles.map((file) => ({ name: file.fileName, content: file.content })));
      written.push(`${dir}/ (${customerFiles.length} customer files)`);
      // Statements of these cycles left from an earlier run (a customer since made not billable) would be sent too.
      const ours = new Set(customerFiles.map((file) => file.fileName));
      if (request.csv !== undefined && placeOf(resolve(request.csv, '..')) === placeOf(dir)) ours.add(basename(request.csv));
      const earlier = earlierCustomerFiles(dir, new Set(report.cycles.map((cycle) => cycle.cycle.month)), ours);
      if (earlier.length > 0) {
        const named = earlier.length <= 5 ? earlier.join(', ') : `${earlier.slice(0, 5).join(', ')} and ${earlier.length - 5} more`;
        notes.push(`${dir} also holds ${earlier.length} customer file(s) of the same cycle this run did not write (from an earlier run? remove them before sending): ${named}`);
      }
    }
    staged.commit();
  } finally {
    progress.done();
    staged.discard();
    stopSignals();
  }
  return { written, notes };
}

/** Ctrl-C or a kill while the outputs are written: the staged files go, the last run's stay, the exit says why. */
function discardOnSignal(staged: StagedOutputs): () => void {
  const handlers = ([['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const).map(([signal, code]) => {
    const handler = () => {
      staged.discard();
      process.exit(code);
    };
    process.once(signal, handler);
    return () => process.removeListener(signal, handler);
  });
  return () => handlers.forEach((remove) => remove());
}
