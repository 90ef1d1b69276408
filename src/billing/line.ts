import type { Decimal } from './decimal';

/** The Partner Center file types the import understands. */
export type FileFormat = 'nce-invoice' | 'nce-daily-usage' | 'legacy-license' | 'legacy-usage';

/** What a line is to the customer's invoice; Microsoft's own charge type is kept beside it. */
export type TransactionType = 'cycle fee' | 'pro-rated charge' | 'refund' | 'credit' | 'usage' | 'one-time';

/**
 * What covered a usage line Microsoft charged nothing for: an Azure reservation or savings plan (the daily usage file
 * says so), else '' (a free tier, or a file that does not say).
 */
export type Benefit = '' | 'reservation' | 'savings plan';

export const TRANSACTION_TYPES: readonly TransactionType[] = ['cycle fee', 'pro-rated charge', 'refund', 'credit', 'usage', 'one-time'];

/**
 * One charge from a Partner Center file, in one shape whatever the file type. Nothing is guessed: text the file
 * does not have is '', amounts it does not have are null, dates are UTC milliseconds or null.
 */
export interface BillingLine {
  format: FileFormat;
  customerId: string;
  customerName: string;
  customerDomain: string;
  invoiceNumber: string;
  subscriptionId: string;
  subscriptionDescription: string;
  /** ProductId (new commerce), DurableOfferId (legacy license), the meter's ResourceGuid (legacy usage). */
  productId: string;
  skuId: string;
  productName: string;
  skuName: string;
  /** Legacy license only: OfferId as written (it does not match the price list; DurableOfferId does). */
  offerId: string;
  /** TermAndBillingCycle as written (new commerce). */
  term: string;
  /** BillingFrequency (new commerce) or BillingCycleType (legacy). */
  billingFrequency: string;
  /** Microsoft's ChargeType as written. */
  chargeType: string;
  transactionType: TransactionType;
  chargeStart: number | null;
  chargeEnd: number | null;
  orderDate: number | null;
  subscriptionStart: number | null;
  subscriptionEnd: number | null;
  /** BillableQuantity where the file has it, else Quantity (OverageQuantity for legacy usage). */
  quantity: Decimal;
  unitPrice: Decimal | null;
  /** Prorated/discounted unit price: EffectiveUnitPrice, PretaxEffectiveRate. */
  effectiveUnitPrice: Decimal | null;
  /** What Microsoft charges the partner before tax, signed as delivered. */
  cost: Decimal;
  tax: Decimal | null;
  total: Decimal | null;
  currency: string;
  pricingCurrency: string;
  exchangeRate: Decimal | null;
  referenceId: string;
  orderId: string;
  /** Unit of measure (UnitType, Unit) for usage. */
  unit: string;
  /** The meter of a new commerce usage line (MeterName, MeterDescription): one SKU bills several ('' otherwise). */
  meter: string;
  /** New commerce PromotionId ('' without one). */
  promotionId: string;
  /** Daily usage costing nothing: the reservation or savings plan that covered it ('' otherwise). */
  benefit: Benefit;
  sourceFile: string;
  /** 1-based row in the source file, the header being row 1 (a JSON line counts as a row, without a header). */
  sourceRow: number;
}
