/**
 * Partner Center column lists as documented (see /work/shared/reference/partner-center-files.md, section 1), and
 * writers that render rows as CSV or JSON lines the way different tools save them.
 */

/** New commerce invoice reconciliation, 47 columns (Graph attribute order, 2025). */
export const NCE_INVOICE_47 = [
  'PartnerId', 'CustomerId', 'CustomerName', 'CustomerDomainName', 'CustomerCountry', 'InvoiceNumber', 'MpnId', 'Tier2MpnId',
  'OrderId', 'OrderDate', 'ProductId', 'SkuId', 'AvailabilityId', 'SkuName', 'ProductName', 'ChargeType', 'UnitPrice',
  'Quantity', 'Subtotal', 'TaxTotal', 'Total', 'Currency', 'PriceAdjustmentDescription', 'PublisherName', 'PublisherId',
  'SubscriptionDescription', 'SubscriptionId', 'ChargeStartDate', 'ChargeEndDate', 'TermAndBillingCycle',
  'EffectiveUnitPrice', 'UnitType', 'AlternateId', 'BillableQuantity', 'BillingFrequency', 'PricingCurrency',
  'PCToBCExchangeRate', 'PCToBCExchangeRateDate', 'MeterDescription', 'ReservationOrderId', 'CreditReasonCode',
  'SubscriptionStartDate', 'SubscriptionEndDate', 'ReferenceId', 'ProductQualifiers', 'PromotionId', 'ProductCategory',
] as const;

export type NceInvoiceColumn = (typeof NCE_INVOICE_47)[number];

/** The values every generated new commerce row starts from: one seat of an annual subscription's October 2026 cycle charge. */
export const NCE_INVOICE_DEFAULTS: Record<NceInvoiceColumn, string> = {
  PartnerId: '3b33e682-00c3-41ee-9dd2-a548adf56438',
  CustomerId: '0a7e1a05-5b4f-4a44-9d0e-2f0b7a1c9e11',
  CustomerName: 'Northwind Traders',
  CustomerDomainName: 'northwind.onmicrosoft.com',
  CustomerCountry: 'US',
  InvoiceNumber: 'G012345678',
  MpnId: '1234567',
  Tier2MpnId: '',
  OrderId: 'b1d1c8a4-6f7e-4c63-8a2f-1f4b1f7f8e01',
  OrderDate: '5/5/2026',
  ProductId: 'CFQ7TTC0LCHC',
  SkuId: '0002',
  AvailabilityId: 'CFQ7TTC0LF8S',
  SkuName: 'Microsoft 365 Business Standard',
  ProductName: 'Microsoft 365 Business Standard',
  ChargeType: 'cycleCharge',
  UnitPrice: '12.50',
  Quantity: '1',
  Subtotal: '12.50',
  TaxTotal: '0',
  Total: '12.50',
  Currency: 'USD',
  PriceAdjustmentDescription: '["Price for given billing period"]',
  PublisherName: 'Microsoft Corporation',
  PublisherId: '',
  SubscriptionDescription: 'Microsoft 365 Business Standard',
  SubscriptionId: '4c1a2d3e-7f80-4a9b-8c7d-6e5f4a3b2c1d',
  ChargeStartDate: '10/5/2026',
  ChargeEndDate: '11/4/2026',
  TermAndBillingCycle: 'One-Year commitment for monthly billing',
  EffectiveUnitPrice: '12.50',
  UnitType: 'Licenses',
  AlternateId: 'a3e7c1d9b2f4',
  BillableQuantity: '1',
  BillingFrequency: 'Monthly',
  PricingCurrency: 'USD',
  PCToBCExchangeRate: '1',
  PCToBCExchangeRateDate: '10/1/2026',
  MeterDescription: '',
  ReservationOrderId: '',
  CreditReasonCode: '',
  SubscriptionStartDate: '5/5/2026',
  SubscriptionEndDate: '5/4/2027',
  ReferenceId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
  ProductQualifiers: '[]',
  PromotionId: '',
  ProductCategory: 'License-based',
};

/** One new commerce invoice row, in the 47-column order, from the defaults and the given values. */
export function nceInvoiceRow(values: Partial<Record<NceInvoiceColumn, string>>): string[] {
  return NCE_INVOICE_47.map((column) => values[column] ?? NCE_INVOICE_DEFAULTS[column]);
}

export interface CsvStyle {
  delimiter?: ',' | ';' | '\t';
  /** 'minimal' quotes only fields that need it (like Excel); 'always' quotes every field (like Partner Center). */
  quoting?: 'minimal' | 'always';
  lineEnd?: '\n' | '\r\n';
  bom?: boolean;
  /** Whether the last row ends with a line end too (default true). */
  finalLineEnd?: boolean;
}

/** Renders a header and rows as CSV text. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly string[]>, style: CsvStyle = {}): string {
  const delimiter = style.delimiter ?? ',';
  const lineEnd = style.lineEnd ?? '\n';
  const quote = (cell: string): string => {
    const needs = style.quoting === 'always' || cell.includes(delimiter) || cell.includes('"') || cell.includes('\n') || cell.includes('\r');
    return needs ? `"${cell.replace(/"/g, '""')}"` : cell;
  };
  const lines = [header, ...rows].map((row) => row.map(quote).join(delimiter));
  return (style.bom ? '\uFEFF' : '') + lines.join(lineEnd) + (style.finalLineEnd === false ? '' : lineEnd);
}

const JSON_NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * Renders rows as JSON lines with the header's PascalCase names, as Microsoft's billing export writes them:
 * numeric cells of the `numeric` columns unquoted (their text exactly as given), empty cells null, and cells that
 * hold JSON arrays or objects written as nested JSON.
 */
export function toJsonLines(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  numeric: ReadonlySet<string>,
  lineEnd: '\n' | '\r\n' = '\n',
): string {
  return rows
    .map((row) => {
      const members = header.map((name, i) => {
        const cell = row[i] ?? '';
        let value: string;
        if (cell === '') value = 'null';
        else if (numeric.has(name) && JSON_NUMBER.test(cell)) value = cell;
        else if (/^[[{]/.test(cell)) value = cell;
        else value = JSON.stringify(cell);
        return `${JSON.stringify(name)}:${value}`;
      });
      return `{${members.join(',')}}${lineEnd}`;
    })
    .join('');
}

/** The amount columns of the new commerce invoice file (written as JSON numbers in JSON lines). */
export const NCE_INVOICE_AMOUNTS: ReadonlySet<string> = new Set([
  'UnitPrice', 'Quantity', 'Subtotal', 'TaxTotal', 'Total', 'EffectiveUnitPrice', 'BillableQuantity', 'PCToBCExchangeRate',
]);

/** Legacy license-based reconciliation, the 2022 documented order (28 columns). */
export const LEGACY_LICENSE_2022 = [
  'PartnerId', 'CustomerId', 'CustomerName', 'MPNID', 'ResellerMPNID', 'OrderId', 'SubscriptionId', 'SyndicationPartnerSubscriptionNumber',
  'OfferId', 'DurableOfferId', 'OfferName', 'SubscriptionStartDate', 'SubscriptionEndDate', 'ChargeStartDate', 'ChargeEndDate', 'ChargeType',
  'UnitPrice', 'Quantity', 'Amount', 'TotalOtherDiscount', 'Subtotal', 'Tax', 'TotalForCustomer', 'Currency', 'DomainName', 'SubscriptionName',
  'SubscriptionDescription', 'BillingCycleType',
] as const;

export type LegacyLicenseColumn = (typeof LEGACY_LICENSE_2022)[number];

/** One license of a $4 monthly subscription bought January 13, 2018 (Microsoft's legacy monthly example). */
export const LEGACY_LICENSE_DEFAULTS: Record<LegacyLicenseColumn, string> = {
  PartnerId: '8ddd0364-2a1b-4c3d-9e8f-46b58d356b4e',
  CustomerId: '12abcd34-001a-4cd2-987c-3210abcd5678',
  CustomerName: 'Wingtip Toys',
  MPNID: '4567890',
  ResellerMPNID: '4567890',
  OrderId: '566890604832738111',
  SubscriptionId: 'usCBMgAAAAAAAAIA',
  SyndicationPartnerSubscriptionNumber: 'fb977ab5-6d7c-4e8f-9a0b-24c8d9591708',
  OfferId: '195416C1',
  DurableOfferId: '195416C1-3447-423A-B37B-EE59A99A19C4',
  OfferName: 'Exchange Online (Plan 1)',
  SubscriptionStartDate: '1/13/2018 0:00',
  SubscriptionEndDate: '1/12/2019 0:00',
  ChargeStartDate: '1/13/2018 0:00',
  ChargeEndDate: '2/12/2018 23:59',
  ChargeType: 'Cycle fee',
  UnitPrice: '4.00',
  Quantity: '1',
  Amount: '4.00',
  TotalOtherDiscount: '0.00',
  Subtotal: '4.00',
  Tax: '0.00',
  TotalForCustomer: '4.00',
  Currency: 'USD',
  DomainName: 'wingtiptoys.onmicrosoft.com',
  SubscriptionName: 'Exchange Online (Plan 1)',
  SubscriptionDescription: 'Exchange Online (Plan 1)',
  BillingCycleType: 'Monthly',
};

/** One legacy license-based row, in the 2022 order, from the defaults and the given values. */
export function legacyLicenseRow(values: Partial<Record<LegacyLicenseColumn, string>>): string[] {
  return LEGACY_LICENSE_2022.map((column) => values[column] ?? LEGACY_LICENSE_DEFAULTS[column]);
}

/**
 * Reads CSV text (comma, RFC 4180 quoting, CRLF or LF) into a header and rows. Written here, independently of the
 * importer, to turn a fixture into other containers and styles.
 */
export function readCsv(text: string): { header: string[]; rows: string[][] } {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || record.length > 0) records.push([...record, cell]);
  return { header: records[0], rows: records.slice(1) };
}
