import type { FileFormat } from '../line';

/** Header text → the key columns are compared by: BOM and spaces/underscores dropped, lower case. */
export function normalizeHeader(header: string): string {
  return header.replace(/^\uFEFF/, '').replace(/[\s_]+/g, '').toLowerCase();
}

/** Where a canonical field comes from: the first header of the list that the file has (aliases, by name). */
export type Aliases = readonly string[];

export interface FormatSpec {
  id: FileFormat;
  /** The name an accountant knows the file by. */
  label: string;
  /** Headers that together identify the format, whatever the column order or extra columns. */
  signature: readonly string[];
  /** Canonical text fields. */
  text: {
    customerId: Aliases;
    customerName: Aliases;
    customerDomain: Aliases;
    invoiceNumber: Aliases;
    subscriptionId: Aliases;
    subscriptionDescription: Aliases;
    productId: Aliases;
    skuId: Aliases;
    productName: Aliases;
    skuName: Aliases;
    offerId: Aliases;
    term: Aliases;
    billingFrequency: Aliases;
    chargeType: Aliases;
    currency: Aliases;
    pricingCurrency: Aliases;
    referenceId: Aliases;
    orderId: Aliases;
    unit: Aliases;
    /** New commerce: tells Azure plan meters and one-time purchases apart. */
    meterDescription: Aliases;
    /** New commerce: a promotion lowers the cost of a seat change below the share of the period it covers. */
    promotionId: Aliases;
    /**
     * New commerce invoice: the product's category ("Azure", "License-based"), read only where the file has no
     * MeterDescription column (Graph's "basic" export) to tell Azure plan meters from purchases.
     */
    productCategory?: Aliases;
    /** New commerce invoice: set on Azure reservations and savings plans, purchases even in the Azure category. */
    reservationOrderId?: Aliases;
    /**
     * Daily usage: what covered usage Microsoft charged nothing for. BenefitType "SavingsPlan" (or a BenefitOrderId)
     * names a savings plan; a reservation is named in AdditionalInfo (its ReservationId), where Microsoft links the two.
     */
    benefitType?: Aliases;
    benefitOrderId?: Aliases;
    additionalInfo?: Aliases;
  };
  dates: {
    chargeStart: Aliases;
    chargeEnd: Aliases;
    orderDate: Aliases;
    subscriptionStart: Aliases;
    subscriptionEnd: Aliases;
  };
  amounts: {
    quantity: Aliases;
    unitPrice: Aliases;
    effectiveUnitPrice: Aliases;
    cost: Aliases;
    tax: Aliases;
    total: Aliases;
    exchangeRate: Aliases;
  };
  /** Canonical fields the file must have a column for (text, date or amount field names). */
  required: readonly string[];
  /**
   * Aliases that name one column in different layouts (CustomerName in the 2017 legacy files, CustomerCompanyName in
   * the 2022 ones): a header holding both holds that column twice. Other aliases are columns Microsoft writes side by
   * side (BillableQuantity and Quantity), of which the first the file has is read.
   */
  sameColumn?: readonly Aliases[];
}

export const NONE: Aliases = [];
