/**
 * Errors the writer raises, and reading office.js's errors (OfficeExtension.Error carries a string `code`).
 */

/** office.js error codes the writer reacts to. */
const PAYLOAD_TOO_LARGE = 'RequestPayloadSizeLimitExceeded';

export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') return (error as { message: string }).message;
  return String(error);
}

export function isPayloadTooLarge(error: unknown): boolean {
  return errorCode(error) === PAYLOAD_TOO_LARGE;
}

/** A refresh that could not be written; the message is for the accountant, `cause` for the log. */
export class WorkbookWriteError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'WorkbookWriteError';
  }
}

/** The layout cannot be written at all (a sheet too long, a name Excel refuses); nothing was touched. */
export class LayoutError extends WorkbookWriteError {
  constructor(message: string) {
    super(message);
    this.name = 'LayoutError';
  }
}

/** The user pressed Cancel. */
export class WriteCancelledError extends WorkbookWriteError {
  constructor() {
    super('The refresh was cancelled.');
    this.name = 'WriteCancelledError';
  }
}
