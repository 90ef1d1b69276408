import { readConfig } from '../src/billing/config';

/** A price list like a partner's: fixed prices for some products, a margin for one, a default markup. */
export function benchConfig() {
  const table = (name: 'Settings' | 'Prices', csv: string) => {
    const [header, ...rows] = csv.split('\n').map((line) => line.split(','));
    return { name, header, rows, firstRow: 2, source: `${name} (bench)` };
  };
  const { config, problems } = readConfig([
    table('Settings', 'Setting,Value\nDefault markup %,15\nCurrency,USD'),
    table(
      'Prices',
      [
        'Product ID,SKU ID,Product,Term,Billing plan,Sales price,Markup %,Margin %,Retail price,Discount %',
        'CFQ7TTC0LH18,0001,Business Basic,,,7.20,,,,',
        'CFQ7TTC0LDPB,0001,Business Standard,,,14.90,,,,',
        'CFQ7TTC0LCHC,,Business Premium,,,26.40,,,,',
        'CFQ7TTC0LF8Q,0001,Exchange Online (Plan 1),,,4.80,,,,',
        'CFQ7TTC0LHWP,0002,Defender for Business,,,,,20,,',
        'CFQ7TTC0MM8R,0001,Copilot,,,,10,,,',
      ].join('\n'),
    ),
  ]);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return config;
}
