/**
 * A 100 % promotion's seats added or removed, told by their pair. Microsoft writes a seat change as two lines of one
 * charge type and one ReferenceId over the same days: a refund of the old seat count and a charge of the new. At a
 * cost of 0 neither line's amount says which it is; their seat counts do: seats added, the larger count is the new
 * one (the charge); seats removed, the smaller.
 */
import { idKey } from './config';
import { detached } from './detached';
import type { BillingLine } from './line';
import { chargeTypeKey } from './transaction-type';

/** A half of a seat change its pair told: −1 the refund of the old seat count, 1 the charge of the new (pricing.ts, signOf). */
export type ToldHalf = BillingLine & { pairSign: 1 | -1 };

/**
 * What the two halves of one seat change share within a file: ReferenceId, charge type, subscription and charge dates.
 * A line without a ReferenceId is a group of its own (its row): nothing links it to its other half.
 */
export function seatChangeKey(line: BillingLine): string {
  const reference = idKey(line.referenceId);
  if (reference === '') return `\u0001${line.sourceRow}`;
  return `${reference}\u0000${chargeTypeKey(line.chargeType)}\u0000${idKey(line.subscriptionId)}\u0000${line.chargeStart}\u0000${line.chargeEnd}`;
}

/**
 * The lines of one seat change (a file's lines of one seatChangeKey, in row order) signed as their seat counts tell,
 * and typed as a paid seat change's halves are (the refund a refund, the charge a pro-rated charge); or, where they
 * cannot be told, why (said after pricing.ts's reason for the line).
 */
export function tellSeatChange(group: readonly BillingLine[]): ToldHalf[] | string {
  if (idKey(group[0].referenceId) === '') return 'it names no ReferenceId to find its other half by';
  if (group.length === 1) return 'its other half (same ReferenceId, subscription and charge dates) is not in the file';
  if (group.length > 2) return `${group.length} lines share its ReferenceId, subscription and charge dates, not one refund and one charge`;
  const [first, second] = group;
  const order = first.quantity.abs().compare(second.quantity.abs());
  if (order === 0) return `both halves name ${first.quantity.abs()} seats`;
  // Seats added: the larger count is the charge; seats removed: the refund.
  const added = chargeTypeKey(first.chargeType) === 'addquantity';
  const firstSign = (order > 0) === added ? 1 : -1;
  return [told(first, firstSign), told(second, firstSign === 1 ? -1 : 1)];
}

function told(line: BillingLine, pairSign: 1 | -1): ToldHalf {
  return { ...line, transactionType: pairSign < 0 ? 'refund' : 'pro-rated charge', pairSign };
}

/** A line to hold until its other half is seen: its texts no longer keep the block of the file they were cut from alive. */
export function heldCopy(line: BillingLine): BillingLine {
  const copy = { ...line } as Record<string, unknown>;
  for (const [field, value] of Object.entries(copy)) if (typeof value === 'string') copy[field] = detached(value);
  return copy as unknown as BillingLine;
}
