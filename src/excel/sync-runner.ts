import type { ExcelContext, ExcelTable, ExcelWorksheet } from './excel-api';
import { WorkbookWriteError, WriteCancelledError, errorCode, errorMessage, isPayloadTooLarge } from './errors';
import { CALL_OVERHEAD_BYTES, RequestBudget } from './request-budget';

/**
 * Sends queued work to Excel in requests sized by bytes: items are packed into a request until the next one would
 * pass the budget, then one `context.sync()` sends them. A request Excel refuses as too large (nothing of it was
 * applied) is packed again under half the budget, splitting items that no longer fit.
 */

/** A piece of work whose calls can be queued in any request (it gets fresh proxies from the scope). */
export interface WorkItem {
  /** What is written, for error messages: "Billing Lines, rows 1 to 4,000". */
  label: string;
  /** Estimated request bytes of the calls `apply` queues. */
  bytes: number;
  /** Rows of the layout this item writes, for progress. */
  rows?: number;
  apply(scope: BatchScope): void;
  /** Smaller items doing the same work, or null when it cannot be split. */
  split?(): WorkItem[] | null;
}

/**
 * Proxies for one request. office.js wants proxies reused within a batch rather than fetched again per call, and a
 * fresh set per request means nothing refers to an object a refused request never created.
 */
export class BatchScope {
  private readonly sheets = new Map<string, ExcelWorksheet>();
  private readonly tables = new Map<string, ExcelTable>();

  constructor(readonly context: ExcelContext) {}

  sheet(name: string): ExcelWorksheet {
    let sheet = this.sheets.get(name);
    if (sheet === undefined) {
      sheet = this.context.workbook.worksheets.getItem(name);
      this.sheets.set(name, sheet);
    }
    return sheet;
  }

  /** Adds a sheet; later calls in this request reach it through `sheet(name)`. */
  addSheet(name: string): ExcelWorksheet {
    const sheet = this.context.workbook.worksheets.add(name);
    this.sheets.set(name, sheet);
    return sheet;
  }

  /** Deletes a sheet; a sheet added later under the same name gets a proxy of its own. */
  deleteSheet(name: string): void {
    this.sheet(name).delete();
    this.sheets.delete(name);
  }

  table(name: string): ExcelTable {
    let table = this.tables.get(name);
    if (table === undefined) {
      table = this.context.workbook.tables.getItem(name);
      this.tables.set(name, table);
    }
    return table;
  }
}

/**
 * The page's thread is the pane's: work on it runs in slices of about this long, then lets input and rendering in
 * (the task pane's target is no task over 100 ms).
 */
const SLICE_MS = 20;

/** A new task of the event loop (a message: setTimeout(0) waits 4 ms once nested; Node's setImmediate where it exists). */
function nextTask(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

interface SyncRunnerOptions {
  /** Queued at the start of every write request (suspending calculation lasts until the next sync only). */
  beforeWrite?: (context: ExcelContext) => void;
  signal?: AbortSignal;
  /** After each successful write request, with the items it carried. */
  onWritten?: (items: readonly WorkItem[]) => void;
}

export class SyncRunner {
  syncs = 0;
  largestRequestBytes = 0;

  private sliceStart = 0;

  constructor(
    readonly context: ExcelContext,
    readonly budget: RequestBudget,
    private readonly options: SyncRunnerOptions = {},
  ) {}

  /** Lets the page's other work in once the current slice is used up. */
  private async breathe(): Promise<void> {
    if (performance.now() - this.sliceStart < SLICE_MS) return;
    await nextTask();
    this.sliceStart = performance.now();
  }

  checkCancelled(): void {
    if (this.options.signal?.aborted) throw new WriteCancelledError();
  }

  /** A sync that only reads (loads queued by the caller). */
  async read(label: string): Promise<void> {
    this.checkCancelled();
    try {
      await this.context.sync();
    } catch (error) {
      throw new WorkbookWriteError(`Reading the workbook (${label}) failed: ${describe(error)}`, error);
    } finally {
      this.syncs++;
    }
  }

  /** Sends the items in order, as few requests as the budget allows. Items may come from a lazy generator. */
  async write(items: Iterable<WorkItem>): Promise<void> {
    const overhead = this.requestOverhead();
    let batch: WorkItem[] = [];
    let bytes = overhead;
    this.sliceStart = performance.now();
    for (const item of items) {
      await this.breathe();
      for (const piece of this.fitting(item)) {
        if (batch.length > 0 && bytes + piece.bytes > this.budget.maxBytes) {
          await this.send(batch, bytes);
          batch = [];
          bytes = overhead;
        }
        batch.push(piece);
        bytes += piece.bytes;
      }
    }
    if (batch.length > 0) await this.send(batch, bytes);
  }

  /** What every write request carries besides its items (the calculation suspension). */
  private requestOverhead(): number {
    return this.options.beforeWrite ? CALL_OVERHEAD_BYTES : 0;
  }

  /**
   * The item, split until each piece fits the budget (or cannot be split further). The budget is read as each piece
   * is taken, so pieces cut before a refusal are cut again to the smaller budget instead of being refused in turn.
   */
  private *fitting(item: WorkItem): Generator<WorkItem> {
    const queue = [item];
    while (queue.length > 0) {
      const piece = queue.shift()!;
      const pieces = piece.bytes + this.requestOverhead() > this.budget.maxBytes && piece.split ? piece.split() : null;
      if (pieces === null) yield piece;
      else queue.unshift(...pieces);
    }
  }

  private async send(batch: WorkItem[], bytes: number): Promise<void> {
    // Packed before Excel refused a request and the budget halved: pack again under the budget as it is now.
    if (bytes > this.budget.maxBytes) {
      const pieces = batch.length > 1 ? batch : (batch[0].split?.() ?? null);
      if (pieces !== null) {
        await this.write(pieces);
        return;
      }
    }
    this.checkCancelled();
    const scope = new BatchScope(this.context);
    this.options.beforeWrite?.(this.context);
    // Calls queue up across tasks until the sync sends them.
    for (const item of batch) {
      await this.breathe();
      item.apply(scope);
    }
    try {
      await this.context.sync();
    } catch (error) {
      this.syncs++;
      if (isPayloadTooLarge(error)) {
        // Nothing of a refused request was applied: send the same items again in smaller requests.
        if (!this.budget.halve(bytes)) throw new WorkbookWriteError(`Excel refused a request of about ${bytes} bytes even at the smallest size (${batch[0].label})`, error);
        await this.write(batch);
        return;
      }
      const labels = batch.map((item) => item.label);
      const what = labels.length > 3 ? `${labels.slice(0, 3).join('; ')} and ${labels.length - 3} more` : labels.join('; ');
      throw new WorkbookWriteError(`Writing ${what} failed: ${describe(error)}`, error);
    }
    this.syncs++;
    this.largestRequestBytes = Math.max(this.largestRequestBytes, bytes);
    this.options.onWritten?.(batch);
  }
}

function describe(error: unknown): string {
  const code = errorCode(error);
  const message = errorMessage(error);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}
