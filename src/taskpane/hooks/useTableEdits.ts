import { useEffect, useRef } from 'react';
import { watchTables, type ExcelHost } from '../excel-adapter';

/**
 * Calls `read` (the tables read again) after cells of the workbook's tables changed, where Excel tells of it, once a
 * burst of changes (a paste) is over; not while `busy`: a refresh reads the tables itself when it is done.
 */
export function useTableEdits(host: ExcelHost, busy: boolean, read: () => Promise<unknown>): void {
  const paused = useRef(busy);
  paused.current = busy;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = watchTables(host, () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (!paused.current) read().catch(() => undefined);
      }, 100);
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [host, read]);
}
