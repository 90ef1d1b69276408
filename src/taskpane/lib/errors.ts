/**
 * Errors as the pane shows them: what happened and what to do next in plain words, the technical detail apart
 * (behind a "details" toggle).
 */
import { WorkbookWriteError, errorCode, errorMessage } from '../../excel/errors';

export interface PaneError {
  message: string;
  /** What to do next. */
  next?: string;
  detail?: string;
}

type ErrorContext = 'import' | 'refresh' | 'write' | 'read-config' | 'export' | 'table' | 'settings' | 'invoices' | 'sample';

const ACTION: Record<ErrorContext, string> = {
  import: 'Importing the files',
  refresh: 'Building the report',
  write: 'Writing the report to the workbook',
  'read-config': 'Reading your tables from the workbook',
  export: 'Making the export',
  table: 'Opening the table',
  settings: 'Saving the setting',
  invoices: 'Saving the billing date in the Invoices table',
  sample: 'Adding the sample month',
};

function technical(error: unknown): string {
  const parts: string[] = [];
  const code = errorCode(error);
  if (code) parts.push(`code ${code}`);
  if (error instanceof Error) {
    parts.push(`${error.name}: ${error.message}`);
    const cause = (error as { cause?: unknown }).cause;
    if (cause !== undefined) parts.push(`caused by ${technical(cause)}`);
    const detail = (error as { detail?: unknown }).detail;
    if (typeof detail === 'string' && detail) parts.push(detail);
    else if (error.stack) parts.push(error.stack);
  } else parts.push(errorMessage(error));
  const debugInfo = (error as { debugInfo?: { errorLocation?: string } } | null)?.debugInfo;
  if (debugInfo?.errorLocation) parts.push(`at ${debugInfo.errorLocation}`);
  return parts.join('\n');
}

export function describeError(error: unknown, context: ErrorContext): PaneError {
  const detail = technical(error);
  const code = errorCode(error) ?? errorCode((error as { cause?: unknown } | null)?.cause);
  if (code === 'InvalidOperationInCellEditMode') {
    return { message: `${ACTION[context]} stopped: Excel is busy while a cell is being edited.`, next: 'Press Enter or Esc in the sheet to finish editing the cell, then try again.', detail };
  }
  if (error instanceof WorkbookWriteError) {
    const [first, ...rest] = error.message.split('\n');
    return { message: first, next: rest.join(' ') || (context === 'write' ? 'Try Refresh again.' : 'Try again.'), detail };
  }
  if (error instanceof Error && error.name === 'WorkerError') {
    return { message: error.message, detail };
  }
  if (code !== undefined) {
    return { message: `${ACTION[context]} failed: Excel answered "${errorMessage(error)}".`, next: 'Try again. If it happens again, save the workbook, close and reopen it, then try again.', detail };
  }
  return { message: `${ACTION[context]} failed.`, next: 'Try again. If it happens again, close and reopen the add-in.', detail };
}
