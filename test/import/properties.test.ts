/**
 * Property test: however a valid new commerce invoice file is written (amount notation, delimiter, quoting, line
 * ends, BOM, gzip members, JSON lines, chunk sizes), the import hands on every line and its cost total is exactly the
 * sum of the costs that were written.
 */
import fc from 'fast-check';
import { Decimal } from '../../src/billing/decimal';
import type { BillingLine } from '../../src/billing/line';
import { ImportSession } from '../../src/import/session';
import { bytesOf, gzip } from '../helpers/byte-source';
import { NCE_INVOICE_47, NCE_INVOICE_AMOUNTS, nceInvoiceRow, toCsv, toJsonLines, type CsvStyle } from '../helpers/partner-center-files';

const CUSTOMERS = [
  { id: '0a7e1a05-5b4f-4a44-9d0e-2f0b7a1c9e11', name: 'Northwind Traders' },
  { id: '6b0e3f7a-1d2c-4b5a-9e8f-7a6b5c4d3e2f', name: 'Fabrikam, Inc.' },
  { id: 'e2d4c6b8-a0f1-4e3d-b5c7-9a8b7c6d5e4f', name: 'Contoso "Blue"; GmbH' },
  { id: '0c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f', name: 'Tailspin\tToys' },
  { id: '3f2e1d0c-9b8a-4765-a4b3-c2d1e0f9a8b7', name: 'Société Générale – Zürich €' },
  { id: '100000000000000001', name: "'t Hooft\r\nB.V." },
];
const CHARGE_TYPES = ['new', 'renew', 'cycleCharge', 'addQuantity', 'removeQuantity', 'cancelImmediate', 'convert', 'customerCredit', 'CycleCharge'];
type Notation = 'plain' | 'scientific' | 'apostrophe' | 'many decimals' | 'trailing zeros';

interface Amount {
  units: bigint;
  scale: number;
  notation: Notation;
  lowerCaseE: boolean;
}

/** The digits of units / 10^scale with the decimal point put in, trailing zeros as they fall. */
function plainText(units: bigint, scale: number): string {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  }
  return (negative ? '-' : '') + digits;
}

/** One significant digit before the point, a two-digit exponent: 7.10833E-05, 0.00E+00. */
function scientificText(units: bigint, scale: number, lowerCaseE: boolean): string {
  const e = lowerCaseE ? 'e' : 'E';
  if (units === 0n) return `0.00${e}+00`;
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString();
  const exponent = digits.length - 1 - scale;
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${negative ? '-' : ''}${mantissa}${e}${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

function amountText({ units, scale, notation, lowerCaseE }: Amount): string {
  const plain = plainText(units, scale);
  switch (notation) {
    case 'plain':
      return plain;
    case 'scientific':
      return scientificText(units, scale, lowerCaseE);
    case 'apostrophe':
      return `'${plain}`;
    case 'many decimals':
      return scale >= 20 ? plain : `${plain}${scale === 0 ? '.' : ''}${'0'.repeat(20 - scale + 2)}`;
    case 'trailing zeros':
      return `${plain}${scale === 0 ? '.' : ''}000`;
  }
}

const anyAmount: fc.Arbitrary<Amount> = fc.record({
  units: fc.oneof(fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }), fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n })),
  scale: fc.oneof(fc.constantFrom(0, 2), fc.integer({ min: 0, max: 24 })),
  notation: fc.constantFrom<Notation>('plain', 'scientific', 'apostrophe', 'many decimals', 'trailing zeros'),
  lowerCaseE: fc.boolean(),
});

const anyLine = fc.record({
  customer: fc.constantFrom(...CUSTOMERS),
  chargeType: fc.constantFrom(...CHARGE_TYPES),
  cost: anyAmount,
});

type Container = 'csv' | 'gzip' | 'gzip members cut anywhere' | 'gzip members with repeated headers' | 'json lines' | 'json lines gzip';

const anyFile = fc.record({
  lines: fc.array(anyLine, { minLength: 1, maxLength: 25 }),
  delimiter: fc.constantFrom<',' | ';' | '\t'>(',', ';', '\t'),
  decimalComma: fc.boolean(),
  quoting: fc.constantFrom<'minimal' | 'always'>('minimal', 'always'),
  lineEnd: fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'),
  bom: fc.boolean(),
  finalLineEnd: fc.boolean(),
  container: fc.constantFrom<Container>('csv', 'gzip', 'gzip members cut anywhere', 'gzip members with repeated headers', 'json lines', 'json lines gzip'),
  cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 }),
  chunkSizes: fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 5 }),
});

type GeneratedFile = typeof anyFile extends fc.Arbitrary<infer T> ? T : never;

function write(file: GeneratedFile): string | Uint8Array {
  // A European Excel re-saves CSV with semicolons and decimal commas; JSON lines always use points.
  const europeanExcel = file.delimiter === ';' && file.decimalComma && !file.container.startsWith('json');
  const rows = file.lines.map(({ customer, chargeType, cost }) => {
    const subtotal = amountText(cost);
    return nceInvoiceRow({
      CustomerId: customer.id,
      CustomerName: customer.name,
      ChargeType: chargeType,
      Subtotal: europeanExcel ? subtotal.replace('.', ',') : subtotal,
      Total: europeanExcel ? subtotal.replace('.', ',') : subtotal,
      UnitPrice: europeanExcel ? '12,50' : '12.50',
      EffectiveUnitPrice: europeanExcel ? '12,50' : '12.50',
    });
  });
  const style: CsvStyle = { delimiter: file.delimiter, quoting: file.quoting, lineEnd: file.lineEnd, bom: file.bom, finalLineEnd: file.finalLineEnd };
  const cutPoints = (length: number) => [...new Set(file.cuts.map((cut) => Math.floor(cut * length)))].sort((a, b) => a - b);
  switch (file.container) {
    case 'csv':
      return toCsv(NCE_INVOICE_47, rows, style);
    case 'gzip':
      return gzip(toCsv(NCE_INVOICE_47, rows, style));
    case 'gzip members cut anywhere': {
      const bytes = Buffer.from(toCsv(NCE_INVOICE_47, rows, style), 'utf8');
      const edges = [0, ...cutPoints(bytes.length), bytes.length];
      return gzip(...edges.slice(1).map((end, i) => bytes.subarray(edges[i], end)));
    }
    case 'gzip members with repeated headers': {
      const edges = [0, ...cutPoints(rows.length).filter((cut) => cut > 0), rows.length];
      const members = edges.slice(1).map((end, i) =>
        toCsv(NCE_INVOICE_47, rows.slice(edges[i], end), { ...style, finalLineEnd: end === rows.length ? file.finalLineEnd : true }),
      );
      return gzip(...members);
    }
    case 'json lines':
      return (file.bom ? '\uFEFF' : '') + toJsonLines(NCE_INVOICE_47, rows, NCE_INVOICE_AMOUNTS, file.lineEnd);
    case 'json lines gzip': {
      const edges = [0, ...cutPoints(rows.length).filter((cut) => cut > 0), rows.length];
      return gzip(...edges.slice(1).map((end, i) => (file.bom ? '\uFEFF' : '') + toJsonLines(NCE_INVOICE_47, rows.slice(edges[i], end), NCE_INVOICE_AMOUNTS, file.lineEnd)));
    }
  }
}

/** The exact sum of what was written, added up in bigint at one common scale (not with Decimal.plus). */
function expectedTotal(file: GeneratedFile): Decimal {
  const scale = 30;
  const units = file.lines.reduce((sum, { cost }) => sum + cost.units * 10n ** BigInt(scale - cost.scale), 0n);
  return new Decimal(units, scale);
}

describe('importing any valid new commerce invoice file', () => {
  it('hands on every line, and the cost total is exactly the sum of the costs written', async () => {
    await fc.assert(
      fc.asyncProperty(anyFile, async (file) => {
        const lines: BillingLine[] = [];
        const document = await new ImportSession().importFile('generated', bytesOf(write(file), file.chunkSizes), (line) => lines.push(line));
        const expected = expectedTotal(file);

        expect(document.problem).toBe('');
        expect(document.status).toBe('imported');
        expect(document.rowCount).toBe(file.lines.length);
        expect(lines).toHaveLength(file.lines.length);
        expect(Decimal.sum(lines.map((line) => line.cost)).toString()).toBe(expected.toString());
        expect(document.costTotal.USD.equals(expected)).toBe(true);
        lines.forEach((line, i) => {
          const { cost, customer, chargeType } = file.lines[i];
          expect(line.cost.equals(new Decimal(cost.units, cost.scale))).toBe(true);
          expect(line.customerName).toBe(customer.name);
          expect(line.customerId).toBe(customer.id);
          expect(line.chargeType).toBe(chargeType);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('writes the amount notations it claims to (a check on the generator itself)', () => {
    expect(scientificText(710833n, 10, false)).toBe('7.10833E-05');
    expect(scientificText(0n, 5, false)).toBe('0.00E+00');
    expect(scientificText(15n, 2, true)).toBe('1.5e-01');
    expect(scientificText(-15000n, 1, false)).toBe('-1.5000E+03');
    expect(plainText(-5n, 3)).toBe('-0.005');
    expect(amountText({ units: 22n, scale: 0, notation: 'many decimals', lowerCaseE: false })).toBe('22.0000000000000000000000');
    expect(amountText({ units: 0n, scale: 20, notation: 'apostrophe', lowerCaseE: false })).toBe("'0.00000000000000000000");
    for (const [units, scale] of [[710833n, 10], [-15000n, 1], [123n, 0], [1n, 24]] as const) {
      expect(Decimal.parse(scientificText(units, scale, false)).equals(new Decimal(units, scale))).toBe(true);
    }
  });
});
