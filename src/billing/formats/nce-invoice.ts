import { NONE, type FormatSpec } from './format';

/**
 * New commerce invoice reconciliation, billed and unbilled ("Reconciliation-closed" / "-recent activity"), the
 * 47-column file, the older 46-column one, and the JSON-lines export with the same PascalCase names.
 * Cost is Subtotal (pre-tax, billing currency); Total is Subtotal + TaxTotal (JSON: TotalForCustomer).
 */
export const nceInvoice: FormatSpec = {
  id: 'nce-invoice',
  label: 'New commerce invoice reconciliation',
  signature: ['termandbillingcycle', 'billablequantity', 'effectiveunitprice'],
  text: {
    customerId: ['CustomerId'],
    customerName: ['CustomerName'],
    customerDomain: ['CustomerDomainName'],
    invoiceNumber: ['InvoiceNumber'],
    subscriptionId: ['SubscriptionId'],
    subscriptionDescription: ['SubscriptionDescription'],
    productId: ['ProductId'],
    skuId: ['SkuId'],
    productName: ['ProductName'],
    skuName: ['SkuName'],
    offerId: NONE,
    term: ['TermAndBillingCycle'],
    billingFrequency: ['BillingFrequency'],
    chargeType: ['ChargeType'],
    currency: ['Currency'],
    pricingCurrency: ['PricingCurrency'],
    referenceId: ['ReferenceId'],
    orderId: ['OrderId'],
    unit: ['UnitType'],
    meterDescription: ['MeterDescription'],
    promotionId: ['PromotionId'],
    productCategory: ['ProductCategory'],
    reservationOrderId: ['ReservationOrderId'],
  },
  dates: {
    chargeStart: ['ChargeStartDate'],
    chargeEnd: ['ChargeEndDate'],
    orderDate: ['OrderDate'],
    subscriptionStart: ['SubscriptionStartDate'],
    subscriptionEnd: ['SubscriptionEndDate'],
  },
  amounts: {
    quantity: ['BillableQuantity', 'Quantity'],
    unitPrice: ['UnitPrice'],
    effectiveUnitPrice: ['EffectiveUnitPrice'],
    cost: ['Subtotal'],
    tax: ['TaxTotal'],
    total: ['Total', 'TotalForCustomer'],
    exchangeRate: ['PCToBCExchangeRate'],
  },
  required: ['customerId', 'productId', 'skuId', 'chargeType', 'chargeStart', 'chargeEnd', 'quantity', 'cost', 'currency', 'invoiceNumber', 'subscriptionId'],
};
