/**
 * The page's side of the import worker: requests with ids, their progress messages routed to the caller, one
 * promise per request. The Worker itself is made in import-worker.ts (webpack's `new Worker(new URL(...))`), so
 * this file runs under jest against an in-process port.
 */
import type { FileView, ImportProgress, RefreshPhase, ResultOf, WorkerRequest, WorkerResponse } from '../import/worker-protocol';

export interface WorkerPort {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: { data: WorkerResponse }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
  terminate?(): void;
}

interface RequestEvents {
  onProgress?(progress: ImportProgress): void;
  onPhase?(phase: RefreshPhase): void;
  onFile?(file: FileView): void;
  onFiles?(files: FileView[]): void;
  onLayout?(message: Extract<WorkerResponse, { type: 'layout-sheet' | 'layout-rows' }>): void;
}

/** The worker could not do what was asked; `message` is for the user, `detail` for the details toggle. */
export class WorkerError extends Error {
  constructor(
    message: string,
    readonly detail: string,
  ) {
    super(message);
    this.name = 'WorkerError';
  }
}

type RequestBody<T extends WorkerRequest['type']> = Omit<Extract<WorkerRequest, { type: T }>, 'id'>;

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  events: RequestEvents;
}

interface Running<T> {
  id: number;
  result: Promise<T>;
}

export class ImportWorkerClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private broken: WorkerError | null = null;

  constructor(private readonly port: WorkerPort) {
    port.addEventListener('message', (event) => this.receive(event.data));
    port.addEventListener('error', (event) => this.fail(new WorkerError('The part of the add-in that reads your files stopped. Close and reopen the pane, then import the files again.', event.message ?? 'worker error')));
  }

  request<T extends Exclude<WorkerRequest['type'], 'cancel'>>(body: RequestBody<T>, events: RequestEvents = {}): Running<ResultOf[T]> {
    const id = this.nextId++;
    const result = new Promise<ResultOf[T]>((resolve, reject) => {
      if (this.broken) return reject(this.broken);
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject, events });
      this.port.postMessage({ ...body, id });
    });
    return { id, result };
  }

  /** Asks the worker to stop request `id`; it then answers that request as cancelled. */
  cancel(id: number): void {
    if (!this.pending.has(id) || this.broken) return;
    this.port.postMessage({ type: 'cancel', id: this.nextId++, target: id } satisfies WorkerRequest);
  }

  terminate(): void {
    this.port.terminate?.();
    this.fail(new WorkerError('The part of the add-in that reads your files was closed: close and reopen the pane.', 'terminated'));
  }

  private receive(message: WorkerResponse): void {
    const pending = this.pending.get(message.id);
    if (pending === undefined) return;
    switch (message.type) {
      case 'progress':
        pending.events.onProgress?.(message.progress);
        break;
      case 'phase':
        pending.events.onPhase?.(message.phase);
        break;
      case 'file':
        pending.events.onFile?.(message.file);
        break;
      case 'files':
        pending.events.onFiles?.(message.files);
        break;
      case 'layout-sheet':
      case 'layout-rows':
        pending.events.onLayout?.(message);
        break;
      case 'result':
        this.pending.delete(message.id);
        pending.resolve(message.result);
        break;
      case 'error':
        this.pending.delete(message.id);
        pending.reject(new WorkerError(message.message, message.detail));
        break;
    }
  }

  private fail(error: WorkerError): void {
    this.broken = error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
