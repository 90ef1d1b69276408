/**
 * How big a request may be, and how big a queued call is.
 *
 * Excel on the web rejects a request (everything queued between two syncs) over 5 MB with
 * RequestPayloadSizeLimitExceeded, and the documented payload is the number of calls and objects plus the length of
 * the values sent (docs/excel/performance.md). There is no published formula, so a call is counted as the UTF-8
 * length of its JSON arguments (what a Microsoft responder suggested, office-js-docs-reference #354) plus a fixed
 * allowance for the object path and action records office.js adds. The default budget, 2 MB, leaves room for the
 * estimate being wrong by more than half; when Excel still refuses a request, the budget halves and the request is
 * sent again in smaller pieces.
 */

export const DEFAULT_MAX_REQUEST_BYTES = 2_000_000;
/** Below this a request is not split further: a failure here is not about size. */
const MIN_REQUEST_BYTES = 16_000;
/**
 * A queued call's own weight: office.js sends an action record and, for a range, an object path record with the
 * parent path and the address (about 100–150 bytes each in the request JSON).
 */
export const CALL_OVERHEAD_BYTES = 300;

/** UTF-8 length of a string without encoding it: customer names are not all ASCII. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 2; // a surrogate pair is 4 bytes in UTF-8 and 2 UTF-16 units here
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** Request bytes of a value sent as an argument. */
export function jsonBytes(value: unknown): number {
  return utf8Length(JSON.stringify(value) ?? 'null');
}

/** A call with these arguments. */
export function callBytes(...args: unknown[]): number {
  return CALL_OVERHEAD_BYTES + jsonBytes(args);
}

/** The request size the writer aims under; halves when Excel refuses a request anyway. */
export class RequestBudget {
  private bytes: number;

  constructor(maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES) {
    if (!(maxRequestBytes >= MIN_REQUEST_BYTES)) throw new RangeError(`maxRequestBytes must be at least ${MIN_REQUEST_BYTES}`);
    this.bytes = Math.floor(maxRequestBytes);
  }

  get maxBytes(): number {
    return this.bytes;
  }

  /** After Excel refused a request of `refusedBytes`: half of it (or of the budget). False when already at the floor. */
  halve(refusedBytes = this.bytes): boolean {
    if (this.bytes <= MIN_REQUEST_BYTES) return false;
    this.bytes = Math.max(MIN_REQUEST_BYTES, Math.floor(Math.min(this.bytes, refusedBytes) / 2));
    return true;
  }
}
