interface OfficeStatus {
  /** True only inside Excel: the only host this add-in supports. */
  inOffice: boolean;
  host?: string;
  /** Why the pane is not usable, in plain words; set when inOffice is false. */
  reason?: string;
}

/** The part of office.js this check uses, so tests can pass a fake. */
interface OfficeLike {
  onReady(): Promise<{ host: unknown; platform?: unknown }>;
}

const DEFAULT_OFFICE_TIMEOUT_MS = 3000;

/**
 * Resolves (never rejects) once we know whether the pane runs inside Excel.
 * office.js resolves onReady with a null host in a plain browser, but never resolves when the
 * script was blocked or the host does not answer, hence the timeout.
 */
export function waitForOffice(
  timeoutMs: number = DEFAULT_OFFICE_TIMEOUT_MS,
  office: OfficeLike | undefined = (globalThis as { Office?: OfficeLike }).Office,
): Promise<OfficeStatus> {
  if (!office || typeof office.onReady !== 'function') {
    return Promise.resolve({ inOffice: false, reason: "Office's add-in script did not load: check the internet connection, then close and reopen the pane." });
  }
  return new Promise<OfficeStatus>((resolve) => {
    const timer = setTimeout(
      () => resolve({ inOffice: false, reason: `Office did not respond within ${timeoutMs / 1000} seconds.` }),
      timeoutMs,
    );
    const settle = (status: OfficeStatus) => {
      clearTimeout(timer);
      resolve(status);
    };
    let ready: Promise<{ host: unknown }>;
    try {
      ready = Promise.resolve(office.onReady());
    } catch (error) {
      settle({ inOffice: false, reason: `Office's add-in script failed to start (${String(error)}): close and reopen the pane.` });
      return;
    }
    ready.then(
      (info) => {
        // String literal, not Office.HostType.Excel: the enum is a runtime lookup that fails outside Office.
        const host = typeof info?.host === 'string' ? info.host : undefined;
        if (!host) settle({ inOffice: false, reason: 'Not running inside an Office application.' });
        else if (host !== 'Excel') settle({ inOffice: false, host, reason: `Opened in ${host}; this add-in needs Excel.` });
        else settle({ inOffice: true, host });
      },
      (error: unknown) => settle({ inOffice: false, reason: `Office's add-in script failed to start (${String(error)}): close and reopen the pane.` }),
    );
  });
}
