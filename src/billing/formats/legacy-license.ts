import { NONE, type FormatSpec } from './format';

/**
 * Legacy license-based reconciliation (Office 365 / Dynamics "CSP direct"), both documented column orders.
 * The subscription is SyndicationPartnerSubscriptionNumber (the id Partner Center shows); the product is
 * DurableOfferId, which matches the price list where OfferId does not. The file has no invoice number.
 * Cost is Subtotal (Amount less TotalOtherDiscount, before tax); TotalForCustomer is what Microsoft bills the
 * partner after tax, despite its name.
 */
export const legacyLicense: FormatSpec = {
  id: 'legacy-license',
  label: 'Legacy license-based reconciliation',
  signature: ['syndicationpartnersubscriptionnumber', 'durableofferid', 'totalforcustomer'],
  text: {
    customerId: ['CustomerId'],
    customerName: ['CustomerName', 'CustomerCompanyName'],
    customerDomain: ['DomainName'],
    invoiceNumber: ['InvoiceNumber'],
    subscriptionId: ['SyndicationPartnerSubscriptionNumber'],
    subscriptionDescription: ['SubscriptionDescription', 'SubscriptionName'],
    productId: ['DurableOfferId'],
    skuId: NONE,
    productName: ['OfferName'],
    skuName: NONE,
    offerId: ['OfferId'],
    term: NONE,
    billingFrequency: ['BillingCycleType'],
    chargeType: ['ChargeType'],
    currency: ['Currency'],
    pricingCurrency: NONE,
    referenceId: NONE,
    orderId: ['OrderId'],
    unit: NONE,
    meterDescription: NONE,
    promotionId: NONE,
  },
  dates: {
    chargeStart: ['ChargeStartDate'],
    chargeEnd: ['ChargeEndDate'],
    orderDate: NONE,
    subscriptionStart: ['SubscriptionStartDate'],
    subscriptionEnd: ['SubscriptionEndDate'],
  },
  amounts: {
    quantity: ['Quantity'],
    unitPrice: ['UnitPrice'],
    effectiveUnitPrice: NONE,
    cost: ['Subtotal'],
    tax: ['Tax'],
    total: ['TotalForCustomer'],
    exchangeRate: NONE,
  },
  required: ['customerId', 'subscriptionId', 'productId', 'chargeType', 'chargeStart', 'chargeEnd', 'quantity', 'cost', 'currency'],
  sameColumn: [['CustomerName', 'CustomerCompanyName']],
};
