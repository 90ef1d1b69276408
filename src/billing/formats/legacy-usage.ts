import { NONE, type FormatSpec } from './format';

/**
 * Legacy usage-based (Azure MS-AZR-0145P) reconciliation, 2017 and 2022 column orders and spellings.
 * A product is a meter: ResourceGuid, named by ServiceName and ResourceName. The billable quantity is
 * OverageQuantity (consumed less included; required: ConsumedQuantity would bill the free units); cost is PretaxCharges.
 */
export const legacyUsage: FormatSpec = {
  id: 'legacy-usage',
  label: 'Legacy usage-based (Azure) reconciliation',
  signature: ['partnerbillableaccountid', 'consumedquantity', 'pretaxcharges'],
  text: {
    customerId: ['CustomerId'],
    customerName: ['CustomerCompanyName', 'CustomerName'],
    customerDomain: ['DomainName'],
    invoiceNumber: ['InvoiceNumber'],
    subscriptionId: ['SubscriptionId'],
    subscriptionDescription: ['SubscriptionDescription', 'SubscriptionName'],
    productId: ['ResourceGuid'],
    skuId: ['Sku'],
    productName: ['ServiceName'],
    skuName: ['ResourceName'],
    offerId: NONE,
    term: NONE,
    billingFrequency: ['BillingCycleType'],
    chargeType: ['ChargeType'],
    currency: ['Currency'],
    pricingCurrency: NONE,
    referenceId: ['DetailLineItemId'],
    orderId: ['OrderId'],
    unit: ['Unit'],
    meterDescription: ['ServiceType'],
    promotionId: NONE,
  },
  dates: {
    chargeStart: ['ChargeStartDate'],
    chargeEnd: ['ChargeEndDate'],
    orderDate: NONE,
    subscriptionStart: NONE,
    subscriptionEnd: NONE,
  },
  amounts: {
    // Every documented layout has OverageQuantity; ConsumedQuantity includes the free IncludedQuantity: never billed.
    quantity: ['OverageQuantity'],
    unitPrice: ['ListPrice'],
    effectiveUnitPrice: ['PretaxEffectiveRate'],
    cost: ['PretaxCharges'],
    tax: ['TaxAmount'],
    total: ['PostTaxTotal'],
    exchangeRate: NONE,
  },
  required: ['customerId', 'invoiceNumber', 'subscriptionId', 'productId', 'chargeType', 'chargeStart', 'chargeEnd', 'quantity', 'cost', 'currency'],
  sameColumn: [['CustomerName', 'CustomerCompanyName']],
};
