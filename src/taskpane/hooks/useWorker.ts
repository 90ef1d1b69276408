import { useEffect, useState } from 'react';
import { startImportWorker } from '../import-worker';
import type { ImportWorkerClient } from '../worker-client';

/** The pane's import worker, started once and stopped with the pane. */
export function useWorker(): ImportWorkerClient {
  const [client] = useState(startImportWorker);
  useEffect(() => () => client.terminate(), [client]);
  return client;
}
