/**
 * Starts the import worker. webpack 5 bundles `new Worker(new URL(..., import.meta.url))` as its own chunk, served
 * from the add-in's origin (no blob: URL, so no CSP exception is needed). Kept apart from worker-client.ts because
 * jest compiles to CommonJS, where import.meta does not exist.
 */
import { ImportWorkerClient } from './worker-client';

export function startImportWorker(): ImportWorkerClient {
  const worker = new Worker(new URL('../import/worker.ts', import.meta.url), { name: 'csp-billing-import' });
  return new ImportWorkerClient(worker);
}
