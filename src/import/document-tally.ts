import { BillingDateEvidence, type CycleEndDay } from '../billing/billing-date';
import { Decimal } from '../billing/decimal';
import type { BillingLine, FileFormat } from '../billing/line';
import { blankIdColumnOf } from '../billing/formats/mapper';
import { isKnownChargeType } from '../billing/transaction-type';
import { UNBILLED_FILE_WARNING } from '../billing/unbilled-beside-billed';
import { ContentHash, FingerprintList } from './fingerprint';
import type { DuplicateRegister, ImportedDocument, ImportOptions } from './import-file';

/**
 * What a file's lines add up to while they stream by: counts, cost per currency, invoices, charge dates, the
 * duplicate check against earlier files. A file read in parts (one per core) gets one tally per part; the parts'
 * tallies merge into the file's, in file order, before the document is finished.
 */
export class DocumentTally {
  rowCount = 0;
  lineCount = 0;
  duplicateLines = 0;
  firstChargeStart: number | null = null;
  lastChargeStart: number | null = null;
  /** The first row of a plain CSV that repeats the header (two downloads joined into one file), or null. */
  repeatedHeaderRow: number | null = null;
  /** Fingerprints of the lines kept, for the register once the caller accepts the document. */
  keptFingerprints = new FingerprintList();
  /** Lines counted without a fingerprint (addAlone): the file has no content hash then. */
  private unfingerprinted = 0;
  private readonly contentHash = new ContentHash();
  private readonly evidence = new BillingDateEvidence();
  private readonly invoices = new Set<string>();
  private readonly costs = new Map<string, Decimal>();
  private readonly duplicateCosts = new Map<string, Decimal>();
  private readonly unknownChargeTypes = new Map<string, number>();
  private readonly seenChargeTypes = new Set<string>();
  /** New commerce usage lines that name no meter (no MeterDescription, MeterName or MeterId column): meters merge. */
  private meterlessUsage = 0;
  /** Per fingerprint of an earlier file's line, how many of its copies this file used up. */
  private readonly matchedEarlier = new Map<string, number>();
  private readonly duplicateSources = new Set<string>();
  /** Per earlier file, this file's lines billed beside one of its lines of the same identity at other amounts. */
  private readonly otherAmounts = new Map<string, number>();
  /** Per id column the format may leave blank (daily usage's ProductId), the lines that do: how many, the first rows. */
  private readonly blankIds = new Map<string, { count: number; rows: number[] }>();

  /**
   * Counts a line; returns false when it is a copy of an earlier file's line (dropped, not billed): the same
   * fingerprint, or the same identity with the amounts to the digits the shorter writes (a copy Excel saved again).
   */
  add(line: BillingLine, fingerprint: string, register: DuplicateRegister, identity: { identityLow: number; identityHigh: number }): boolean {
    this.contentHash.add(fingerprint);
    this.countLine(line);
    const earlier = register.earlier(fingerprint);
    if (earlier !== undefined && this.useUp(fingerprint, earlier.count, earlier.fileName, line)) return false;
    // No copy by fingerprint: the same line with its amounts written otherwise? Asked only here, so a file that is
    // no copy pays one lookup a line, and only when earlier files are held.
    let otherAmounts: string | null = null;
    for (const same of register.sameIdentity(identity.identityLow, identity.identityHigh, line)) {
      if (!same.amountsAgree) otherAmounts ??= same.fileName;
      else if (this.useUp(same.fingerprint, same.count, same.fileName, line)) return false;
    }
    if (otherAmounts !== null) this.otherAmounts.set(otherAmounts, (this.otherAmounts.get(otherAmounts) ?? 0) + 1);
    this.keptFingerprints.push(fingerprint, identity.identityLow, identity.identityHigh, line);
    this.lineCount++;
    return true;
  }

  /** Counts a line of a file alone in its session: no earlier file's line to be a copy of, none later to compare. */
  addAlone(line: BillingLine): true {
    this.unfingerprinted++;
    this.countLine(line);
    this.lineCount++;
    return true;
  }

  /** What every line adds to, copy or not. */
  private countLine(line: BillingLine): void {
    this.costs.set(line.currency, (this.costs.get(line.currency) ?? Decimal.ZERO).plus(line.cost));
    if (!this.seenChargeTypes.has(line.chargeType)) {
      this.seenChargeTypes.add(line.chargeType);
      if (!isKnownChargeType(line.chargeType)) this.unknownChargeTypes.set(line.chargeType, 0);
    }
    if (this.unknownChargeTypes.has(line.chargeType)) this.unknownChargeTypes.set(line.chargeType, this.unknownChargeTypes.get(line.chargeType)! + 1);
    if (line.invoiceNumber !== '') this.invoices.add(line.invoiceNumber);
    const blankId = blankIdColumnOf(line);
    if (blankId !== '') addBlankId(this.blankIds, blankId, 1, [line.sourceRow]);
    if (line.meter === '' && line.transactionType === 'usage' && line.format !== 'legacy-usage') this.meterlessUsage++;
    this.evidence.add(line);
    if (line.chargeStart !== null) {
      if (this.firstChargeStart === null || line.chargeStart < this.firstChargeStart) this.firstChargeStart = line.chargeStart;
      if (this.lastChargeStart === null || line.chargeStart > this.lastChargeStart) this.lastChargeStart = line.chargeStart;
    }
  }

  /** Drops the line as a copy of an earlier file's line of this fingerprint, while that file holds copies not used up. */
  private useUp(fingerprint: string, count: number, fileName: string, line: BillingLine): boolean {
    const used = this.matchedEarlier.get(fingerprint) ?? 0;
    if (used >= count) return false;
    this.matchedEarlier.set(fingerprint, used + 1);
    this.duplicateLines++;
    this.duplicateSources.add(fileName);
    this.duplicateCosts.set(line.currency, (this.duplicateCosts.get(line.currency) ?? Decimal.ZERO).plus(line.cost));
    return true;
  }

  /**
   * Adds the tally of the next part of the same file. Returns false when the parts together dropped more copies of
   * a line than earlier files hold (each part checked the register alone): the file must then be read in one go.
   */
  merge(next: DocumentTally, register: DuplicateRegister): boolean {
    this.rowCount += next.rowCount;
    this.lineCount += next.lineCount;
    this.duplicateLines += next.duplicateLines;
    this.repeatedHeaderRow ??= next.repeatedHeaderRow;
    if (next.firstChargeStart !== null && (this.firstChargeStart === null || next.firstChargeStart < this.firstChargeStart)) this.firstChargeStart = next.firstChargeStart;
    if (next.lastChargeStart !== null && (this.lastChargeStart === null || next.lastChargeStart > this.lastChargeStart)) this.lastChargeStart = next.lastChargeStart;
    this.keptFingerprints.append(next.keptFingerprints);
    this.contentHash.merge(next.contentHash);
    this.unfingerprinted += next.unfingerprinted;
    this.evidence.merge(next.evidence);
    for (const invoice of next.invoices) this.invoices.add(invoice);
    addAll(this.costs, next.costs);
    addAll(this.duplicateCosts, next.duplicateCosts);
    for (const chargeType of next.seenChargeTypes) this.seenChargeTypes.add(chargeType);
    for (const [chargeType, count] of next.unknownChargeTypes) this.unknownChargeTypes.set(chargeType, (this.unknownChargeTypes.get(chargeType) ?? 0) + count);
    for (const source of next.duplicateSources) this.duplicateSources.add(source);
    for (const [file, count] of next.otherAmounts) this.otherAmounts.set(file, (this.otherAmounts.get(file) ?? 0) + count);
    for (const [column, { count, rows }] of next.blankIds) addBlankId(this.blankIds, column, count, rows);
    this.meterlessUsage += next.meterlessUsage;
    let consistent = true;
    for (const [fingerprint, used] of next.matchedEarlier) {
      const total = (this.matchedEarlier.get(fingerprint) ?? 0) + used;
      this.matchedEarlier.set(fingerprint, total);
      if (total > (register.earlier(fingerprint)?.count ?? 0)) consistent = false;
    }
    return consistent;
  }

  /** Fills in the document's totals, billing date and status once every line is counted. */
  finish(document: ImportedDocument, format: FileFormat, options: ImportOptions, register: DuplicateRegister): void {
    document.rowCount = this.rowCount;
    document.lineCount = this.lineCount;
    document.duplicateLines = this.duplicateLines;
    document.firstChargeStart = this.firstChargeStart;
    document.lastChargeStart = this.lastChargeStart;
    document.contentHash = this.unfingerprinted > 0 ? '' : this.contentHash.toString();
    document.invoiceNumbers = [...this.invoices].sort();
    document.currencies = [...this.costs.keys()].sort();
    document.costTotal = Object.fromEntries(this.costs);
    document.duplicateCost = Object.fromEntries(this.duplicateCosts);
    document.duplicateOf = [...this.duplicateSources];
    // Gzip members repeat the header by design; in a plain CSV it is where one download was pasted after another.
    if (this.repeatedHeaderRow !== null && !document.compressed) {
      document.warnings.push(
        `row ${this.repeatedHeaderRow} repeats the header: were two downloads joined into one file? Every line is billed, and a line in both halves twice (lines within one file are never dropped as duplicates): import the downloads as separate files`,
      );
    }
    // Partner Center's unbilled ("recent activity") file has no invoice yet: estimates, billed twice beside the invoice's.
    // The daily usage file's likewise ("Daily Rated Usage Reconciliation-recent activity").
    if ((format === 'nce-invoice' || format === 'nce-daily-usage') && this.invoices.size === 0 && this.rowCount > 0) {
      document.warnings.push(UNBILLED_FILE_WARNING);
    }
    if (document.currencies.length > 1) document.warnings.push(`the file mixes currencies (${document.currencies.join(', ')}): they are never added together`);
    for (const [column, { count, rows }] of this.blankIds) {
      const more = count > rows.length ? ` and ${count - rows.length} more` : '';
      const billed = count === 1 ? 'the line is' : 'the lines are';
      // A line without its SKU is still its product's: a price row naming the product alone (no SKU ID) prices it.
      const consequence = /sku/i.test(column) ? `${billed} billed under no SKU, priced only by a row for the whole product` : `${billed} billed under no product, which no price row can name`;
      document.warnings.push(`${count === 1 ? 'row' : 'rows'} ${rows.join(', ')}${more}: the ${column} is empty, so ${consequence}; check ${count === 1 ? 'it' : 'them'} in Partner Center`);
    }
    for (const [chargeType, count] of this.unknownChargeTypes) {
      document.warnings.push(`unknown charge type "${chargeType}" on ${count} line${count === 1 ? '' : 's'}: reported as a refund or pro-rated charge by its sign`);
    }
    if (this.meterlessUsage > 0) {
      const column = format === 'nce-daily-usage' ? 'MeterName or MeterId' : 'MeterDescription';
      document.warnings.push(
        `${this.meterlessUsage} Azure usage line${this.meterlessUsage === 1 ? ' names' : 's name'} no meter (no ${column}): each product's usage is one detail line, the quantities of its meters added together at a blended unit price; use a file with the ${column} column to bill by meter`,
      );
    }

    document.billingDateEvidence = this.evidence;
    dateDocument(document, options.cycleEndDay ?? 'last', options.billingDate ?? null);

    const sameAs = register.sameContent(document.contentHash);
    if (document.rowCount === 0) {
      document.status = 'empty';
      document.warnings.push('the file has a header but no lines');
    } else if (document.lineCount === 0) {
      document.status = 'duplicate';
      document.warnings.push(
        sameAs !== undefined
          ? `same lines as ${sameAs}, imported already: skipped`
          : `${document.rowCount === 1 ? 'its one line was' : `all ${document.rowCount} lines were`} already imported from ${document.duplicateOf.join(', ')}: skipped`,
      );
    } else {
      document.status = 'imported';
      if (document.duplicateLines > 0) {
        document.warnings.push(`${document.duplicateLines} line${document.duplicateLines === 1 ? ' was' : 's were'} already imported from ${document.duplicateOf.join(', ')}: dropped`);
      }
      // The same charges at other amounts: a copy edited by hand bills them twice, a charge Microsoft re-billed once more.
      for (const [file, count] of this.otherAmounts) {
        document.warnings.push(
          `${count} line${count === 1 ? ' has' : 's have'} the ids, dates and resource of ${count === 1 ? 'a line' : 'lines'} of ${file} at other amounts: both are billed; if one file is a copy of the other changed by hand, remove it`,
        );
      }
    }
  }

  /**
   * A tally that crossed a postMessage (from a worker reading a part) arrives as plain data: its classes and
   * Decimals are given their methods back.
   */
  static revive(plain: DocumentTally): DocumentTally {
    Object.setPrototypeOf(plain, DocumentTally.prototype);
    Object.setPrototypeOf(plain.contentHash, ContentHash.prototype);
    Object.setPrototypeOf(plain.evidence, BillingDateEvidence.prototype);
    FingerprintList.revive(plain.keptFingerprints);
    for (const map of [plain.costs, plain.duplicateCosts]) for (const value of map.values()) Decimal.revive(value);
    return plain;
  }
}

/**
 * Dates a read file: the user's billing date, else the one its charges imply under the cycle end day. Called again
 * when either changes after the import (the task pane's billing date box and Settings).
 */
export function dateDocument(document: ImportedDocument, cycleEndDay: CycleEndDay, userDate: number | null): void {
  const inferred = document.format === null ? null : (document.billingDateEvidence?.infer(document.format, cycleEndDay) ?? null);
  document.inferredBillingDate = inferred?.billingDate ?? null;
  document.billingDateRule = inferred?.rule ?? 'no charge dates in the file';
  document.billingDateOverridden = userDate !== null;
  document.billingDate = userDate ?? document.inferredBillingDate;
}

/** The rows a warning names: the first few, in file order (parts are merged in file order). */
const BLANK_ID_ROWS_NAMED = 5;

function addBlankId(into: Map<string, { count: number; rows: number[] }>, column: string, count: number, rows: readonly number[]): void {
  const known = into.get(column) ?? { count: 0, rows: [] };
  into.set(column, { count: known.count + count, rows: [...known.rows, ...rows].slice(0, BLANK_ID_ROWS_NAMED) });
}

function addAll(into: Map<string, Decimal>, from: ReadonlyMap<string, Decimal>): void {
  for (const [currency, amount] of from) into.set(currency, (into.get(currency) ?? Decimal.ZERO).plus(amount));
}
