/**
 * The configuration tables the accountant keeps (Settings, Customers, Prices, Customer Prices, Invoices): what they
 * mean, and a one-line message naming table, row and column for every mistake, so that no report is ever produced
 * from half a price list.
 */
import { idKey, normalizeBillingPlan, normalizeTerm, readConfig, type ConfigTable, type TableName } from '../../src/billing/config';
import { configOf, configTable, problemsOf } from '../helpers/billing-config';

const PRICES = 'Product ID,SKU ID,Product,Term,Billing plan,Sales price,Markup %,Margin %,Retail price,Discount %';
const CUSTOMERS = 'Customer ID,Organization,Markup %,Billable';
const CUSTOMER_PRICES = 'Customer ID,Product ID,SKU ID,Sales price,Markup %,Margin %';

describe('reading the tables', () => {
  const config = configOf({
    Settings: 'Setting,Value\nCycle end day,15\nDefault markup %,12.5%\nCurrency,eur',
    Customers: `${CUSTOMERS}\nC-1,Northwind Traders,10%,Yes\nC-2,Fabrikam,7.5 %,\nC-3,Contoso,,No\nC-4,Adatum,,n`,
    Prices: `${PRICES}\nP-1,0002,Business Standard,1 year,Monthly,15.00,,,,\nP-2,,Exchange,,,,20,,,\nP-3,,Defender,,,,,25,,\nP-4,,Teams,,,,,,5.50,10\nP-5,,Azure plan,,,,,,,5`,
    'Customer Prices': `${CUSTOMER_PRICES}\nc-1,P-1,,14.00,,`,
    Invoices: 'Invoice number,Billing date,Microsoft total\nG100000001,10/31/2026,26296.31\nG100000002,,',
  });

  it("ids match with a leading apostrophe (Excel's text mark, kept in a CSV) or a zero-width space copied along: Billable No holds", () => {
    const pasted = configOf({
      Customers: `${CUSTOMERS}\n'C-1,Northwind Traders,,No\n\u200BC-2\u200B,Fabrikam,,No`,
    });
    expect([...pasted.customers.keys()]).toEqual(['c-1', 'c-2']);
    expect([...pasted.customers.values()].map((c) => c.billable)).toEqual([false, false]);
    expect(idKey("'P-1")).toBe(idKey('p-1'));
    expect(problemsOf({ Prices: `${PRICES}\n'P-1,,,,,15.00,,,,\nP-1,,,,,16.00,,,,` }).map(String)).toEqual([
      'prices.csv (Prices table), row 3, column Product ID: the same product, SKU, term and billing plan are priced twice (also at prices.csv (Prices table), row 2)',
    ]);
  });

  it('Settings: cycle end day, default markup and currency', () => {
    expect(config.settings.cycleEndDay).toBe(15);
    expect(config.settings.defaultMarkupPercent.toString()).toBe('12.5');
    expect(config.settings.currency).toBe('EUR');
  });

  it('without Settings: the calendar month, no markup, any currency', () => {
    expect(configOf().settings).toEqual({ cycleEndDay: 'last', defaultMarkupPercent: expect.anything(), currency: '', promotions: 'keep' });
    expect(configOf().settings.defaultMarkupPercent.isZero()).toBe(true);
  });

  it('Customers: a markup written 10%, 7.5 % or blank; Billable Yes, blank (yes), No or n', () => {
    expect([...config.customers.values()].map((c) => [c.customerId, c.organization, c.markupPercent?.toString() ?? null, c.billable])).toEqual([
      ['C-1', 'Northwind Traders', '10', true],
      ['C-2', 'Fabrikam', '7.5', true],
      ['C-3', 'Contoso', null, false],
      ['C-4', 'Adatum', null, false],
    ]);
  });

  it('Prices: one method per row (sales price, markup, margin, or retail price and/or discount) with term and billing plan', () => {
    expect(config.prices.map((p) => [p.productId, p.skuId, p.term, p.billingPlan, p.method.kind])).toEqual([
      ['P-1', '0002', 'P1Y', 'monthly', 'fixed'],
      ['P-2', '', '', '', 'markup'],
      ['P-3', '', '', '', 'margin'],
      ['P-4', '', '', '', 'retail'],
      ['P-5', '', '', '', 'retail'],
    ]);
    expect(config.prices[3].method).toEqual({ kind: 'retail', retailPrice: expect.anything(), discountPercent: expect.anything() });
    expect(config.prices[4].method).toMatchObject({ kind: 'retail', retailPrice: null });
  });

  it("Customer Prices: a customer's own price, the customer named by its id in any case", () => {
    expect(config.customerPrices).toEqual([expect.objectContaining({ customerId: 'c-1', productId: 'P-1', method: { kind: 'fixed', price: expect.anything() } })]);
  });

  it('Invoices: billing date and Microsoft total, both optional', () => {
    expect(config.invoices.get('g100000001')).toMatchObject({ invoiceNumber: 'G100000001', billingDate: Date.UTC(2026, 9, 31) });
    expect(config.invoices.get('g100000001')!.microsoftTotal!.toString()).toBe('26296.31');
    expect(config.invoices.get('g100000002')).toMatchObject({ billingDate: null, microsoftTotal: null });
  });

  it('column names are matched without case or extra spaces; other columns and empty rows are ignored', () => {
    const relaxed = configOf({ Prices: 'product id , Notes,SALES  PRICE\nP-1,our best seller,15.00\n,,\nP-2,,16.00' });
    expect(relaxed.prices.map((p) => [p.productId, p.method])).toEqual([
      ['P-1', { kind: 'fixed', price: expect.anything() }],
      ['P-2', { kind: 'fixed', price: expect.anything() }],
    ]);
  });

  it('a SKU ID that Excel turned into a number (0002 → 2) is read as Microsoft writes it', () => {
    const mangled = configOf({ Prices: `${PRICES}\nP-1,2,,,,15.00,,,,\nP-2,S0CA,,,,16.00,,,,\nP-3,12345,,,,17.00,,,,`, 'Customer Prices': `${CUSTOMER_PRICES}\nc-1,P-1,2,14.00,,`, Customers: `${CUSTOMERS}\nC-1,Northwind Traders,,` });
    expect(mangled.prices.map((p) => p.skuId)).toEqual(['0002', 'S0CA', '12345']);
    expect(mangled.customerPrices.map((p) => p.skuId)).toEqual(['0002']);
    expect(problemsOf({ Prices: `${PRICES}\nP-1,2,,,,15.00,,,,\nP-1,0002,,,,16.00,,,,` })).toEqual([
      'prices.csv (Prices table), row 3, column Product ID: the same product, SKU, term and billing plan are priced twice (also at prices.csv (Prices table), row 2)',
    ]);
  });

  it("a price may carry the Settings currency's sign or code, before or after: $15.00, US$ 15.00, USD 15.00, 15.00 usd are 15.00 USD", () => {
    const fixedPrices = (settings: string, prices: string[]) =>
      configOf({ Settings: `Setting,Value\nCurrency,${settings}`, Prices: `Product ID,Sales price\n${prices.map((price, i) => `P-${i},"${price}"`).join('\n')}` }).prices.map((p) =>
        p.method.kind === 'fixed' ? p.method.price.toString() : '',
      );
    expect(fixedPrices('USD', ['$15.00', 'US$ 15.00', 'USD 15.00', '15.00 usd', '15.00USD'])).toEqual(['15', '15', '15', '15', '15']);
    expect(fixedPrices('EUR', ['€ 15.00', '15.00 €', 'EUR 15.00'])).toEqual(['15', '15', '15']);
    // "$" is the dollar of several countries: a Canadian price list writes it too.
    expect(fixedPrices('CAD', ['$15.00', 'C$15.00'])).toEqual(['15', '15']);
    // As a European Excel saves it: semicolons and a decimal comma.
    const european = readConfig([{ ...configTable('Prices', 'Product ID,Sales price'), rows: [['P-1', '7,50 €']], decimalComma: true }, configTable('Settings', 'Setting,Value\nCurrency,EUR')]);
    expect(european.problems).toEqual([]);
    expect(european.config.prices.map((p) => (p.method.kind === 'fixed' ? p.method.price.toString() : ''))).toEqual(['7.5']);
  });

  it('the Invoices table keeps the currency typed with a Microsoft total, for the report to check against the invoice', () => {
    const typed = configOf({ Invoices: 'Invoice number,Billing date,Microsoft total\nG1,,$26296.31\nG2,,24088.54 EUR\nG3,,293.25' });
    expect([...typed.invoices.values()].map((i) => [String(i.microsoftTotal), i.microsoftTotalCurrency?.currencies[0] ?? null])).toEqual([
      ['26296.31', 'USD'],
      ['24088.54', 'EUR'],
      ['293.25', null],
    ]);
  });

  it.each([
    ['P1M', 'P1M'],
    ['1 month', 'P1M'],
    ['Monthly', 'P1M'],
    ['P1Y', 'P1Y'],
    ['1 year', 'P1Y'],
    ['Annual', 'P1Y'],
    ['P3Y', 'P3Y'],
    ['3 years', 'P3Y'],
    ['', ''],
  ])('the term "%s" is %s', (text, term) => {
    expect(normalizeTerm(text)).toBe(term);
  });

  it.each([
    ['Monthly', 'monthly'],
    ['annual', 'annual'],
    ['Yearly', 'annual'],
    ['', ''],
    ['weekly', null],
  ])('the billing plan "%s" is %s', (text, plan) => {
    expect(normalizeBillingPlan(text)).toBe(plan);
  });
});

describe('mistakes in the tables: one line each, naming table, row and column', () => {
  it("a price typed in another currency than the Settings' is refused, saying which currency it must be in", () => {
    expect(
      problemsOf({
        Settings: 'Setting,Value\nCurrency,USD',
        Prices: `${PRICES}\nP-1,,,,,€7.50,,,,\nP-2,,,,,£7.50,,,,\nP-3,,,,,7.50 EUR,,,,\nP-4,,,,,,,,EUR 9.00,10`,
        Customers: `${CUSTOMERS}\nC-1,Northwind,,`,
        'Customer Prices': `${CUSTOMER_PRICES}\nC-1,P-1,,€ 7.00,,`,
      }),
    ).toEqual([
      'prices.csv (Prices table), row 2, column Sales price: "€7.50" is in EUR, but Sales price is in the Settings currency, USD: give the price in USD (a plain number, or with USD)',
      'prices.csv (Prices table), row 3, column Sales price: "£7.50" is in GBP, but Sales price is in the Settings currency, USD: give the price in USD (a plain number, or with USD)',
      'prices.csv (Prices table), row 4, column Sales price: "7.50 EUR" is in EUR, but Sales price is in the Settings currency, USD: give the price in USD (a plain number, or with USD)',
      'prices.csv (Prices table), row 5, column Retail price: "EUR 9.00" is in EUR, but Retail price is in the Settings currency, USD: give the price in USD (a plain number, or with USD)',
      'customer-prices.csv (Customer Prices table), row 2, column Sales price: "€ 7.00" is in EUR, but Sales price is in the Settings currency, USD: give the price in USD (a plain number, or with USD)',
    ]);
    expect(problemsOf({ Settings: 'Setting,Value\nCurrency,EUR', Prices: `${PRICES}\nP-1,,,,,$7.50,,,,` })).toEqual([
      'prices.csv (Prices table), row 2, column Sales price: "$7.50" is not in EUR, but Sales price is in the Settings currency, EUR: give the price in EUR (a plain number, or with EUR)',
    ]);
  });

  it('a price that names a currency where Settings names none is refused: it would price lines of every currency', () => {
    expect(problemsOf({ Prices: `${PRICES}\nP-1,,,,,€7.50,,,,\nP-2,,,,,7.50,,,,` })).toEqual([
      'prices.csv (Prices table), row 2, column Sales price: "€7.50" names a currency, but the Settings table names none, so prices apply to lines of every currency: add the setting Currency (EUR) to Settings, or write the price without its currency',
    ]);
  });

  it('a percentage takes no currency sign: "$15" in a Markup % column is refused, not read as 15 %', () => {
    expect(
      problemsOf({
        Settings: 'Setting,Value\nDefault markup %,€15\nCurrency,USD',
        Customers: `${CUSTOMERS}\nC-1,Northwind,$15,`,
        Prices: `${PRICES}\nP-1,,,,,,$15,,,\nP-2,,,,,,,15 USD,,\nP-3,,,,,,,,10.00,$5`,
      }),
    ).toEqual([
      'settings.csv (Settings table), row 2, column Value: "€15" is a percentage, which takes no currency: write 15 or 15% for fifteen percent',
      'customers.csv (Customers table), row 2, column Markup %: "$15" is a percentage, which takes no currency: write 15 or 15% for fifteen percent',
      'prices.csv (Prices table), row 2, column Markup %: "$15" is a percentage, which takes no currency: write 15 or 15% for fifteen percent',
      'prices.csv (Prices table), row 3, column Margin %: "15 USD" is a percentage, which takes no currency: write 15 or 15% for fifteen percent',
      'prices.csv (Prices table), row 4, column Discount %: "$5" is a percentage, which takes no currency: write 15 or 15% for fifteen percent',
    ]);
  });

  it('a Microsoft total with something else than a currency beside it is not a number', () => {
    expect(problemsOf({ Invoices: 'Invoice number,Billing date,Microsoft total\nG1,,about $100' })).toEqual([
      'invoices.csv (Invoices table), row 2, column Microsoft total: "about $100" is not a number',
    ]);
  });

  it('a price that is not a number', () => {
    expect(problemsOf({ Prices: `${PRICES}\nP-1,,,,,15.00,,,,\nP-2,,,,,twelve,,,,` })).toEqual(['prices.csv (Prices table), row 3, column Sales price: "twelve" is not a number']);
  });

  it.each([
    ['12,50', 'Sales price'],
    ['1,234', 'Sales price'],
    ['1.234,00', 'Sales price'],
  ])('"%s" (a decimal comma, or a thousands separator without the decimal point) is not taken as a number where the point is the decimal mark', (text, column) => {
    expect(problemsOf({ Prices: `Product ID,Sales price\nP-1,"${text}"` })).toEqual([`prices.csv (Prices table), row 2, column ${column}: "${text}" is not a number`]);
  });

  describe('thousands separators, where they cannot be read two ways', () => {
    /** The Microsoft totals read from an Invoices table with these flags, or the problems met. */
    const totals = (flags: Partial<ConfigTable>, values: string[]) => {
      const { config, problems } = readConfig([{ ...configTable('Invoices', 'Invoice number,Billing date,Microsoft total'), rows: values.map((value, i) => [`G${i}`, '', value]), ...flags }]);
      return problems.length > 0 ? problems.map(String) : [...config.invoices.values()].map((invoice) => String(invoice.microsoftTotal));
    };
    const european = ['26.296,31 €', '€26.296,31', '26.296,31', '26 296,31 €', '1\u00A0234,56\u00A0€', '1\u202F234,56\u202F€', '1.234.567,89', '-1.234,5'];
    const read = ['26296.31', '26296.31', '26296.31', '26296.31', '1234.56', '1234.56', '1234567.89', '-1234.5'];

    it('a decimal-comma table (a European Excel\'s CSV) reads groups of three split by points or (no-break) spaces before the decimal comma', () => {
      expect(totals({ decimalComma: true }, european)).toEqual(read);
      // Tab-separated text, where either mark may be the decimal one, and a workbook's text cells alike.
      expect(totals({ decimalComma: true, decimalMarkUnsure: true }, european)).toEqual(read);
      expect(totals({ workbook: true }, european)).toEqual(read);
      const prices = readConfig([{ ...configTable('Prices', 'Product ID,Sales price'), rows: [['P-1', '1.234,56 €']], decimalComma: true }, configTable('Settings', 'Setting,Value\nCurrency,EUR')]);
      expect(prices.problems).toEqual([]);
      expect(prices.config.prices.map((p) => (p.method.kind === 'fixed' ? p.method.price.toString() : ''))).toEqual(['1234.56']);
    });

    it('a decimal-point table reads groups split by commas or spaces before the decimal point', () => {
      expect(totals({}, ['1,234.56', '$26,296.31', '1,234,567.89', '26 296.31 USD'])).toEqual(['1234.56', '26296.31', '1234567.89', '26296.31']);
    });

    it('groups split by one mark more than once, with no decimal part, can only be thousands', () => {
      expect(totals({ decimalComma: true }, ['1.234.567', '12.345.678 €'])).toEqual(['1234567', '12345678']);
      expect(totals({}, ['1,234,567', '$12,345,678'])).toEqual(['1234567', '12345678']);
    });

    it('"1.200" alone still reads two ways, and the message gives both readings of the value typed', () => {
      const twoWays = (value: string, advice: string) => `invoices.csv (Invoices table), row 2, column Microsoft total: "${value}" could be read two ways (a thousands separator or a decimal mark): ${advice}`;
      expect(totals({ decimalComma: true }, ['1.234'])).toEqual([twoWays('1.234', 'write 1234 if the point separates thousands, or 1,234 if it is the decimal mark')]);
      expect(totals({ decimalComma: true }, ['1.200 €'])).toEqual([twoWays('1.200 €', 'write 1200 if the point separates thousands, or 1,2 if it is the decimal mark')]);
      expect(totals({ decimalComma: true, decimalMarkUnsure: true }, ['-1,234'])).toEqual([twoWays('-1,234', 'write -1234 if the comma separates thousands, or -1,2340 if it is the decimal mark')]);
      // A mark that is neither decimal nor the same throughout is not a thousands separator: not a number.
      expect(totals({ decimalComma: true }, ['1.234.56', '1,234,56', '1.234 567,8'])).toEqual(['"1.234.56"', '"1,234,56"', '"1.234 567,8"'].map((value, i) => `invoices.csv (Invoices table), row ${i + 2}, column Microsoft total: ${value} is not a number`));
    });
  });

  describe("a workbook's cells (the pane, --config): numbers arrive with a decimal point, text as typed", () => {
    const workbook = (name: TableName, csv: string): ConfigTable => ({ ...configTable(name, csv), workbook: true });

    it('text cells with a decimal comma, as a German Excel keeps "EUR 15,90", are read', () => {
      const { config, problems } = readConfig([
        workbook('Settings', 'Setting,Value\nCurrency,EUR\nDefault markup %,"12,5"'),
        workbook('Prices', 'Product ID,Sales price,Markup %,Margin %\nP-1,"EUR 15,90",,\nP-2,"7,50 €",,\nP-3,"€ 31,70",,\nP-4,"26,40",,\nP-5,"5,50 EUR",,\nP-6,,"12,5",\nP-7,,,"25,0"\nP-8,1.234,,'),
        workbook('Invoices', 'Invoice number,Billing date,Microsoft total\nG1,,"293,25 €"\nG2,,26296.31'),
      ]);
      expect(problems.map(String)).toEqual([]);
      expect(config.settings.defaultMarkupPercent.toString()).toBe('12.5');
      expect(config.prices.map((p) => (p.method.kind === 'fixed' ? p.method.price : p.method.kind === 'markup' || p.method.kind === 'margin' ? p.method.percent : '')).map(String)).toEqual(['15.9', '7.5', '31.7', '26.4', '5.5', '12.5', '25', '1.234']);
      expect([...config.invoices.values()].map((invoice) => String(invoice.microsoftTotal))).toEqual(['293.25', '26296.31']);
    });

    it('a comma before exactly three digits reads two ways and is refused; a point is a decimal point, unless no number cell could have written it', () => {
      const { config, problems } = readConfig([workbook('Settings', 'Setting,Value\nCurrency,EUR'), workbook('Prices', 'Product ID,Sales price\nP-1,"1,200"\nP-2,1.200\nP-3,EUR 1.234\nP-4,1.234')]);
      expect(problems.map(String)).toEqual([
        'prices.csv (Prices table), row 2, column Sales price: "1,200" could be read two ways (a thousands separator or a decimal mark): write 1200 if the comma separates thousands, or 1.2 if it is the decimal mark',
        // A number cell is written without trailing zeros or a sign: this is text, which a German user means as 1200.
        expect.stringMatching(/^prices\.csv \(Prices table\), row 3, column Sales price: "1\.200" could be read two ways/),
        expect.stringMatching(/^prices\.csv \(Prices table\), row 4, column Sales price: "EUR 1\.234" could be read two ways/),
      ]);
      expect(config.prices.map((p) => [p.productId, p.method.kind === 'fixed' ? p.method.price.toString() : ''])).toEqual([['P-4', '1.234']]);
    });
  });

  it('a percentage, a customer markup and a Microsoft total that are not numbers', () => {
    expect(
      problemsOf({
        Settings: 'Setting,Value\nDefault markup %,fifteen',
        Customers: `${CUSTOMERS}\nC-1,Northwind,ten %,`,
        Invoices: 'Invoice number,Billing date,Microsoft total\nG1,,about 100',
      }),
    ).toEqual([
      'settings.csv (Settings table), row 2, column Value: "fifteen" is not a number',
      'customers.csv (Customers table), row 2, column Markup %: "ten" is not a number',
      'invoices.csv (Invoices table), row 2, column Microsoft total: "about 100" is not a number',
    ]);
  });

  it('the same product, SKU, term and billing plan priced twice', () => {
    expect(problemsOf({ Prices: `${PRICES}\nP-1,0002,,P1Y,Monthly,15.00,,,,\np-1,0002,,1 year,monthly,16.00,,,,\nP-1,0002,,P1M,Monthly,17.00,,,,` })).toEqual([
      'prices.csv (Prices table), row 3, column Product ID: the same product, SKU, term and billing plan are priced twice (also at prices.csv (Prices table), row 2)',
    ]);
  });

  it('a customer listed twice, a customer price given twice, an invoice listed twice, a setting set twice', () => {
    expect(
      problemsOf({
        Settings: 'Setting,Value\nCurrency,USD\ncurrency,EUR',
        Customers: `${CUSTOMERS}\nC-1,Northwind,,\nc-1,Northwind again,,`,
        'Customer Prices': `${CUSTOMER_PRICES}\nC-1,P-1,,14.00,,\nC-1,P-1,,,10,`,
        Invoices: 'Invoice number,Billing date,Microsoft total\nG1,,\nG1,,',
      }),
    ).toEqual([
      'settings.csv (Settings table), row 3, column Setting: "currency" is set twice',
      'customers.csv (Customers table), row 3, column Customer ID: customer c-1 is listed twice (also at customers.csv (Customers table), row 2)',
      "customer-prices.csv (Customer Prices table), row 3, column Product ID: this customer's price for the product is given twice (also at customer-prices.csv (Customer Prices table), row 2)",
      'invoices.csv (Invoices table), row 3, column Invoice number: invoice G1 is listed twice (also at invoices.csv (Invoices table), row 2)',
    ]);
  });

  it('a customer price for a customer who is not in the Customers table', () => {
    expect(problemsOf({ Customers: `${CUSTOMERS}\nC-1,Northwind,,`, 'Customer Prices': `${CUSTOMER_PRICES}\nC-9,P-1,,14.00,,` })).toEqual([
      'customer-prices.csv (Customer Prices table), row 2, column Customer ID: customer C-9 is not in the Customers table',
    ]);
  });

  it('two prices in one row: the message names the columns filled in', () => {
    expect(problemsOf({ Prices: `${PRICES}\nP-1,,,,,15.00,20,,,` })).toEqual([
      'prices.csv (Prices table), row 2: more than one price (Sales price, Markup %): fill in only one of Sales price, Markup %, Margin % or Retail price/Discount %',
    ]);
    expect(problemsOf({ Customers: `${CUSTOMERS}\nC-1,Northwind,,`, 'Customer Prices': `${CUSTOMER_PRICES}\nC-1,P-1,,,10,30` })).toEqual([
      'customer-prices.csv (Customer Prices table), row 2: more than one price (Markup %, Margin %): fill in only one of Sales price, Markup % or Margin %',
    ]);
  });

  it('a retail price with a discount is one price, not two', () => {
    expect(problemsOf({ Prices: `${PRICES}\nP-1,,,,,,,,5.50,10` })).toEqual([]);
  });

  it('a customer price row without any price', () => {
    expect(problemsOf({ Customers: `${CUSTOMERS}\nC-1,Northwind,,`, 'Customer Prices': `${CUSTOMER_PRICES}\nC-1,P-1,,,,` })).toEqual([
      'customer-prices.csv (Customer Prices table), row 2: no price: fill in one of Sales price, Markup % or Margin %',
    ]);
  });

  it('a Prices row without any price is a product listed but not priced yet: no problem, and it prices nothing', () => {
    expect(problemsOf({ Prices: `${PRICES}\nP-1,0002,Business Standard,,,,,,,` })).toEqual([]);
    // Kept as written (the report workbook writes it back), pricing nothing.
    expect(configOf({ Prices: `${PRICES}\nP-1,0002,Business Standard,,,,,,,` }).prices).toEqual([
      { productId: 'P-1', skuId: '0002', product: 'Business Standard', term: '', billingPlan: '', method: { kind: 'listed' }, where: 'prices.csv (Prices table), row 2' },
    ]);
    // Listed twice, or beside a row that prices it: no problem, a listed row prices nothing.
    expect(problemsOf({ Prices: `${PRICES}\nP-1,0002,Business Standard,,,,,,,\nP-1,0002,Business Standard,,,,,,,\nP-1,0002,Business Standard,,,12,,,,` })).toEqual([]);
  });

  it('a price that is not a number is one problem, not also "no price"', () => {
    expect(problemsOf({ Prices: `${PRICES}\nP-1,,,,,12.5O,,,,` })).toEqual(['prices.csv (Prices table), row 2, column Sales price: "12.5O" is not a number']);
  });

  it.each(['100', '100%', '120'])('a margin of %s is impossible (sales = cost / (1 − margin))', (margin) => {
    const value = margin.replace('%', '');
    expect(problemsOf({ Prices: `${PRICES}\nP-1,,,,,,,${margin},,` })).toEqual([`prices.csv (Prices table), row 2, column Margin %: a margin of ${value}% is impossible: it must be below 100`]);
  });

  it('a discount outside 0–100 % and a markup of −100 % or less', () => {
    expect(problemsOf({ Prices: `${PRICES}\nP-1,,,,,,,,,120\nP-2,,,,,,-100,,,\nP-3,,,,,,-99,,,` })).toEqual([
      'prices.csv (Prices table), row 2, column Discount %: a discount of 120% is impossible: it must be 0 to 100',
      'prices.csv (Prices table), row 3, column Markup %: a markup of -100% would sell for nothing or less: it must be above -100',
    ]);
  });

  it('a negative sales or retail price, and a markup of −100 % or less in the Customers and Settings tables as in Prices', () => {
    expect(problemsOf({ Prices: `${PRICES}\nP-1,,,,,-7.50,,,,\nP-2,,,,,,,,-5.50,10` })).toEqual([
      "prices.csv (Prices table), row 2, column Sales price: a price of -7.5 is negative: prices are per unit sold, and refunds and credits follow Microsoft's lines",
      "prices.csv (Prices table), row 3, column Retail price: a price of -5.5 is negative: prices are per unit sold, and refunds and credits follow Microsoft's lines",
    ]);
    expect(problemsOf({ Customers: 'Customer ID,Organization,Markup %,Billable\nc-1,Fabrikam,-150,Yes' })).toEqual([
      'customers.csv (Customers table), row 2, column Markup %: a markup of -150% would sell for nothing or less: it must be above -100',
    ]);
    expect(problemsOf({ Settings: 'Setting,Value\nDefault markup %,-100' })).toEqual([
      'settings.csv (Settings table), row 2, column Value: a markup of -100% would sell for nothing or less: it must be above -100',
    ]);
    expect(problemsOf({ Prices: `${PRICES}\nP-1,,,,,0,,,,` })).toEqual([]);
  });

  it('a misspelt optional column is named rather than its values left unread', () => {
    expect(problemsOf({ Customers: 'Customer ID,Organization,Markup,Billable?\nc-1,Fabrikam,20,No' })).toEqual([
      'customers.csv (Customers table), column Markup: the Customers table has a "Markup" column but no "Markup %": rename it "Markup %", or its values are not read',
      'customers.csv (Customers table), column Billable?: the Customers table has a "Billable?" column but no "Billable": rename it "Billable", or its values are not read',
    ]);
    expect(problemsOf({ Prices: 'Product ID,Sale price,Terms\nP-1,7.50,P1Y' })).toEqual([
      'prices.csv (Prices table), column Terms: the Prices table has a "Terms" column but no "Term": rename it "Term", or its values are not read',
      'prices.csv (Prices table), column Sale price: the Prices table has a "Sale price" column but no "Sales price": rename it "Sales price", or its values are not read',
    ]);
    // Columns of the accountant's own stay theirs.
    expect(problemsOf({ Customers: 'Customer ID,Organization,Markup %,Billable,Markup notes,Account manager\nc-1,Fabrikam,20,Yes,,' })).toEqual([]);
  });

  it('Promotions: Keep or Pass on, in any case and spacing; Keep without the row', () => {
    expect(configOf({ Settings: 'Setting,Value\nPromotions,Keep' }).settings.promotions).toBe('keep');
    expect(configOf({ Settings: 'Setting,Value\nPromotions,Pass on' }).settings.promotions).toBe('pass on');
    expect(configOf({ Settings: 'Setting,Value\nPROMOTIONS , PASS  ON ' }).settings.promotions).toBe('pass on');
    expect(configOf({ Settings: 'Setting,Value\nCurrency,USD' }).settings.promotions).toBe('keep');
  });

  it.each(['Pass', 'Passed on', 'yes', ''])('a Promotions value of "%s" is refused, naming what is accepted', (value) => {
    expect(problemsOf({ Settings: `Setting,Value\nCurrency,USD\nPromotions,${value}` })).toEqual([
      `settings.csv (Settings table), row 3, column Value: promotions "${value}" must be Keep (the partner keeps Microsoft's promotions: a Sales or Retail price is billed in full) or Pass on (the customer gets them: the price is lowered as Microsoft's cost is)`,
    ]);
  });

  it('a misspelt setting is named rather than ignored', () => {
    expect(problemsOf({ Settings: 'Setting,Value\nCurency,USD' })).toEqual([
      'settings.csv (Settings table), row 2, column Setting: unknown setting "Curency": the settings are Cycle end day, Default markup %, Currency and Promotions',
    ]);
  });

  it('a margin just below 100 is allowed', () => {
    expect(problemsOf({ Prices: `${PRICES}\nP-1,,,,,,,99.99,,` })).toEqual([]);
  });

  it.each(['31', '0', '29', 'mid-month'])('a cycle end day of "%s" (it must be 1 to 28 or last)', (day) => {
    expect(problemsOf({ Settings: `Setting,Value\nCycle end day,${day}` })).toEqual([`settings.csv (Settings table), row 2, column Value: cycle end day "${day}" must be 1 to 28 or "last"`]);
  });

  it('a Billable value that is neither Yes nor No', () => {
    expect(problemsOf({ Customers: `${CUSTOMERS}\nC-1,Northwind,,Maybe` })).toEqual(['customers.csv (Customers table), row 2, column Billable: "Maybe" must be Yes or No']);
  });

  it.each([
    ['Prices', 'SKU ID,Sales price\n0002,15.00', 'prices.csv (Prices table), column Product ID: the Prices table has no "Product ID" column'],
    ['Customers', 'Organization,Billable\nNorthwind,Yes', 'customers.csv (Customers table), column Customer ID: the Customers table has no "Customer ID" column'],
    ['Customer Prices', 'Customer ID,Sales price\nC-1,14', 'customer-prices.csv (Customer Prices table), column Product ID: the Customer Prices table has no "Product ID" column'],
    ['Invoices', 'Invoice,Microsoft total\nG1,10', 'invoices.csv (Invoices table), column Invoice number: the Invoices table has no "Invoice number" column'],
    ['Settings', 'Setting\nCurrency', 'settings.csv (Settings table), column Value: the Settings table has no "Value" column'],
  ] as const)('a %s table without a required column', (name, csv, message) => {
    expect(problemsOf({ [name]: csv })).toEqual([message]);
  });

  it('a term, billing plan, currency or billing date that cannot be read', () => {
    expect(
      problemsOf({
        Settings: 'Setting,Value\nCurrency,US Dollar',
        Prices: `${PRICES}\nP-1,,,2 years,,15.00,,,,\nP-2,,,,fortnightly,15.00,,,,`,
        Invoices: 'Invoice number,Billing date,Microsoft total\nG1,31/10/2026,',
      }),
    ).toEqual([
      'settings.csv (Settings table), row 2, column Value: currency "US Dollar" must be a three-letter code such as USD or EUR',
      'prices.csv (Prices table), row 2, column Term: term "2 years" must be P1M, P1Y or P3Y (1 month, 1 year, 3 years)',
      'prices.csv (Prices table), row 3, column Billing plan: billing plan "fortnightly" must be Monthly or Annual',
      'invoices.csv (Invoices table), row 2, column Billing date: "31/10/2026" is not a date (month out of range: M/D/YYYY puts the month first; were the day and month swapped by an Excel set to day-first dates?)',
    ]);
  });

  it('a billing date written day.month.year (a European Excel) is read as that day; an impossible one is named', () => {
    const config = configOf({ Invoices: 'Invoice number,Billing date,Microsoft total\nG1,31.10.2026,\nG2, 1.2.2027 ,' });
    expect([...config.invoices.values()].map((i) => i.billingDate)).toEqual([Date.UTC(2026, 9, 31), Date.UTC(2027, 1, 1)]);
    expect(problemsOf({ Invoices: 'Invoice number,Billing date,Microsoft total\nG1,31.11.2026,\nG2,1.13.2026,' })).toEqual([
      'invoices.csv (Invoices table), row 2, column Billing date: "31.11.2026" is not a date (no such day in that month)',
      'invoices.csv (Invoices table), row 3, column Billing date: "1.13.2026" is not a date (month out of range)',
    ]);
  });

  it('a billing date written day-month-year (a Dutch Excel) is read as that day; text in no accepted form names every form', () => {
    const config = configOf({ Invoices: 'Invoice number,Billing date,Microsoft total\nG1,31-10-2026,\nG2, 1-2-2027 ,' });
    expect([...config.invoices.values()].map((i) => i.billingDate)).toEqual([Date.UTC(2026, 9, 31), Date.UTC(2027, 1, 1)]);
    expect(problemsOf({ Invoices: 'Invoice number,Billing date,Microsoft total\nG1,31-11-2026,\nG2,10-31-2026,\nG3,31-10-26,\nG4,1 Oct 2026,' })).toEqual([
      'invoices.csv (Invoices table), row 2, column Billing date: "31-11-2026" is not a date (no such day in that month)',
      'invoices.csv (Invoices table), row 3, column Billing date: "10-31-2026" is not a date (month out of range)',
      'invoices.csv (Invoices table), row 4, column Billing date: "31-10-26" is not a date (expected M/D/YYYY, D.M.YYYY, D-M-YYYY, ISO 8601 or a date cell)',
      'invoices.csv (Invoices table), row 5, column Billing date: "1 Oct 2026" is not a date (expected M/D/YYYY, D.M.YYYY, D-M-YYYY, ISO 8601 or a date cell)',
    ]);
  });

  it('empty ids', () => {
    expect(problemsOf({ Customers: `${CUSTOMERS}\n,Northwind,,`, Prices: `${PRICES}\n,,,,,15.00,,,,` })).toEqual([
      'customers.csv (Customers table), row 2, column Customer ID: the customer ID is empty',
      'prices.csv (Prices table), row 2, column Product ID: the product ID is empty',
    ]);
  });

  it('two tables with the same name', () => {
    const { problems } = readConfig([configTable('Prices', 'Product ID,Sales price\nP-1,1', 'book.xlsx, table Prices'), configTable('Prices', 'Product ID,Sales price\nP-2,2', 'prices.csv')]);
    expect(problems.map(String)).toEqual(['prices.csv: a second Prices table (the first is book.xlsx, table Prices)']);
  });

  it('a column held twice (a second Sales price, Billable) is refused, naming the table, the column and both places: only the first would be read', () => {
    expect(problemsOf({ Prices: `${PRICES},Sales price\nP-1,,,,,7.50,,,,,99` })).toEqual([
      'prices.csv (Prices table), row 1, column Sales price: the Prices table has two Sales price columns, F and K (columns 6 and 11): which one holds the values cannot be told; remove or rename one',
    ]);
    expect(problemsOf({ Customers: `${CUSTOMERS},billable\nC-1,Northwind,,Yes,No` })).toEqual([
      'customers.csv (Customers table), row 1, column Billable: the Customers table has two Billable columns, D and E (columns 4 and 5): which one holds the values cannot be told; remove or rename one',
    ]);
    // "Markup" is read as "Markup %" where that is missing (the misspelling is named): beside it, it is the column twice.
    expect(problemsOf({ 'Customer Prices': `Customer ID,Product ID,Markup %,Markup\nC-1,P-1,5,6`, Customers: `${CUSTOMERS}\nC-1,Northwind,,` })).toEqual([
      'customer-prices.csv (Customer Prices table), row 1, column Markup %: the Customer Prices table has two Markup % columns, C and D (columns 3 and 4): which one holds the values cannot be told; remove or rename one',
    ]);
    expect(problemsOf({ Settings: 'Setting,Value,Value\nCurrency,USD,EUR' })).toHaveLength(1);
    expect(problemsOf({ Invoices: 'Invoice number,Billing date,Microsoft total,Microsoft Total\nG1,10/31/2026,1,2' })).toHaveLength(1);
  });

  it('columns a table does not read may repeat', () => {
    expect(problemsOf({ Prices: `${PRICES},Note,Note\nP-1,,,,,7.50,,,,,a,b` })).toEqual([]);
  });

  it('a workbook table further right names the sheet\'s column letters', () => {
    const table = { ...configTable('Prices', 'Product ID,Sales price,Sales price\nP-1,1,2', 'book.xlsx, table Prices'), firstRow: 5, firstColumn: 3 };
    expect(readConfig([table]).problems.map(String)).toEqual([
      'book.xlsx, table Prices, row 4, column Sales price: the Prices table has two Sales price columns, D and E: which one holds the values cannot be told; remove or rename one',
    ]);
  });

  it('row numbers are where the accountant sees the row (a workbook table starting lower on its sheet)', () => {
    const table = { ...configTable('Prices', 'Product ID,Sales price\nP-1,1\nP-2,x', 'book.xlsx, table Prices'), firstRow: 5 };
    expect(readConfig([table]).problems.map(String)).toEqual(['book.xlsx, table Prices, row 6, column Sales price: "x" is not a number']);
  });
});

describe('no report from half a price list', () => {
  it('every problem of every table is listed, not just the first', () => {
    const problems = problemsOf({
      Settings: 'Setting,Value\nCycle end day,31',
      Prices: `${PRICES}\nP-1,,,,,abc,,,,\nP-2,,,,,15.00,,,,\nP-3,,,,,,,100,,`,
      Customers: `${CUSTOMERS}\nC-1,Northwind,,perhaps`,
    });
    expect(problems).toHaveLength(4);
  });

  it('readConfig reports the problems with whatever it could read, and callers must not bill with it', () => {
    const { config, problems } = readConfig([configTable('Prices', `${PRICES}\nP-1,,,,,15.00,,,,\nP-2,,,,,abc,,,,`)]);
    expect(problems).toHaveLength(1);
    // The good row is there, the bad one is not: billing with this would leave P-2 at the default markup silently.
    expect(config.prices.map((p) => p.productId)).toEqual(['P-1']);
  });
});
