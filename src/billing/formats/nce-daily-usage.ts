import { NONE, type FormatSpec } from './format';

/**
 * New commerce daily-rated usage reconciliation (Azure plan, marketplace consumption), 55 columns.
 * Cost is BillingPreTaxTotal: after partner earned credit, in the billing currency, not rounded to cents.
 */
export const nceDailyUsage: FormatSpec = {
  id: 'nce-daily-usage',
  label: 'New commerce daily-rated usage reconciliation',
  signature: ['usagedate', 'meterid', 'billingpretaxtotal', 'entitlementid'],
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
    skuName: ['SkuName', 'MeterName'],
    offerId: NONE,
    term: NONE,
    billingFrequency: NONE,
    chargeType: ['ChargeType'],
    currency: ['BillingCurrency'],
    pricingCurrency: ['PricingCurrency'],
    referenceId: NONE,
    orderId: NONE,
    unit: ['Unit', 'UnitOfMeasure', 'UnitType'],
    // Without MeterName, MeterId still tells one meter from another (names it by its id).
    meterDescription: ['MeterName', 'MeterId'],
    promotionId: NONE,
    benefitType: ['BenefitType'],
    benefitOrderId: ['BenefitOrderId'],
    additionalInfo: ['AdditionalInfo'],
  },
  dates: {
    chargeStart: ['ChargeStartDate'],
    chargeEnd: ['ChargeEndDate'],
    orderDate: NONE,
    subscriptionStart: NONE,
    subscriptionEnd: NONE,
  },
  amounts: {
    quantity: ['Quantity'],
    unitPrice: ['UnitPrice'],
    effectiveUnitPrice: ['EffectiveUnitPrice'],
    cost: ['BillingPreTaxTotal'],
    tax: NONE,
    total: NONE,
    exchangeRate: ['PCToBCExchangeRate'],
  },
  required: ['customerId', 'productId', 'skuId', 'chargeStart', 'quantity', 'cost', 'currency', 'subscriptionId'],
};
