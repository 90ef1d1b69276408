import { useState } from 'react';
import { Body1, Button, Caption1, Card, Link, MessageBar, MessageBarBody, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { CycleSummary, ReportSummary, UnlinkedCustomer, UnpricedProduct } from '../../import/worker-protocol';
import { monthName } from '../lib/date-range';
import { groupDigits, money, plural, reconciliationText, splitProblem } from '../lib/summary-text';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  card: { padding: tokens.spacingHorizontalM, gap: tokens.spacingVerticalXS },
  figures: { display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: tokens.spacingHorizontalM, rowGap: '2px', margin: 0 },
  term: { color: tokens.colorNeutralForeground2 },
  amount: { margin: 0, textAlign: 'right', fontVariantNumeric: 'tabular-nums', fontWeight: tokens.fontWeightSemibold },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: '2px' },
  item: { overflowWrap: 'anywhere' },
  heading: { display: 'block', margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  block: { display: 'flex', flexDirection: 'column', gap: '2px' },
  ids: { display: 'block', color: tokens.colorNeutralForeground3, fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase100 },
});

function CycleCard({ cycle }: { cycle: CycleSummary }) {
  const styles = useStyles();
  const status = reconciliationText(cycle);
  return (
    <Card className={styles.card} data-testid="cycle-summary" data-month={cycle.month} data-currency={cycle.currency}>
      <h3 className={styles.heading}>
        {monthName(cycle.month)} · {cycle.currency}
      </h3>
      <Caption1>
        {cycle.start} to {cycle.end}, report dated {cycle.reportDate}; {cycle.organizations} organization{cycle.organizations === 1 ? '' : 's'}
      </Caption1>
      <dl className={styles.figures}>
        <dt className={styles.term}>Total cost</dt>
        <dd className={styles.amount} data-testid="cost" data-exact={cycle.cost.exact}>
          {money(cycle.cost)}
        </dd>
        <dt className={styles.term}>Total sales</dt>
        <dd className={styles.amount} data-testid="sales" data-exact={cycle.sales.exact}>
          {money(cycle.sales)}
        </dd>
        <dt className={styles.term}>Margin</dt>
        <dd className={styles.amount} data-testid="margin" data-exact={cycle.margin.exact}>
          {money(cycle.margin)}
          {cycle.marginPercent !== null ? ` (${cycle.marginPercent} %)` : ''}
        </dd>
      </dl>
      <MessageBar intent={status.tone} layout="multiline">
        <MessageBarBody data-testid="reconciliation">{status.text}</MessageBarBody>
      </MessageBar>
    </Card>
  );
}

/** The first items of a long list, then more on request (4,000 unlinked tenants would stall the pane at once). */
const FIRST_ITEMS = 10;
const MORE_ITEMS = 50;

function useShown(total: number): { shown: number; more: number; showMore(): void } {
  const [shown, setShown] = useState(FIRST_ITEMS);
  const visible = Math.min(shown, total);
  return { shown: visible, more: Math.min(MORE_ITEMS, total - visible), showMore: () => setShown(visible + MORE_ITEMS) };
}

export interface SummaryActions {
  onCustomer(customer: UnlinkedCustomer): void;
  onProduct(product: UnpricedProduct): void;
}

/** The refresh's result: per cycle the figures and the tie-out, then what the user should act on. */
export function SummaryView({ summary, actions }: { summary: ReportSummary; actions: SummaryActions }) {
  const styles = useStyles();
  const customers = useShown(summary.unlinkedCustomers.length);
  const products = useShown(summary.unpricedProducts.length);
  return (
    <div className={styles.root} data-testid="summary">
      {summary.cycles.map((cycle) => (
        <CycleCard key={`${cycle.month} ${cycle.currency}`} cycle={cycle} />
      ))}
      {summary.unlinkedCustomers.length > 0 && (
        <div className={styles.block}>
          <Text weight="semibold" as="h3" className={styles.heading} id="unlinked-heading">
            Customers not in the Customers table ({summary.unlinkedCustomers.length})
          </Text>
          <Caption1>Named from Microsoft&apos;s file and billed at the default markup. Select one to go to its row in the Customers table:</Caption1>
          <ul className={styles.list} aria-labelledby="unlinked-heading" data-testid="unlinked">
            {summary.unlinkedCustomers.slice(0, customers.shown).map((customer) => (
              <li key={`${customer.customerId} ${customer.cost.currency}`} className={styles.item}>
                <Link as="button" onClick={() => actions.onCustomer(customer)}>
                  {customer.name || customer.customerId}
                </Link>{' '}
                <Caption1>
                  {plural(customer.lines, 'line')}, cost {money(customer.cost)}
                </Caption1>
              </li>
            ))}
          </ul>
          {customers.more > 0 && (
            <Button size="small" appearance="subtle" onClick={customers.showMore}>
              Show {customers.more} more of {summary.unlinkedCustomers.length - customers.shown}
            </Button>
          )}
        </div>
      )}
      {summary.unpricedProducts.length > 0 && (
        <div className={styles.block}>
          <Text weight="semibold" as="h3" className={styles.heading} id="unpriced-heading">
            Products without a price ({summary.unpricedProducts.length})
          </Text>
          <Caption1>Billed at the default markup until they have a price. Select one to go to its row in the Prices table:</Caption1>
          <ul className={styles.list} aria-labelledby="unpriced-heading" data-testid="unpriced">
            {summary.unpricedProducts.slice(0, products.shown).map((product) => (
              <li key={`${product.productId} ${product.skuId} ${product.cost.currency}`} className={styles.item}>
                <Link as="button" onClick={() => actions.onProduct(product)}>
                  {product.name || product.productId}
                </Link>{' '}
                <Caption1>
                  {plural(product.lines, 'line')} for {plural(product.customers, 'customer')}, cost {money(product.cost)}
                </Caption1>
                <span className={styles.ids}>
                  {product.productId}
                  {product.skuId ? ` / ${product.skuId}` : ''}
                </span>
              </li>
            ))}
          </ul>
          {products.more > 0 && (
            <Button size="small" appearance="subtle" onClick={products.showMore}>
              Show {products.more} more of {summary.unpricedProducts.length - products.shown}
            </Button>
          )}
        </div>
      )}
      {summary.failedFiles.length > 0 && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            Not billed, rejected: {summary.failedFiles.map((problem) => splitProblem(problem).summary).join('; ')}. Fix or remove these files (step 1 says why).
          </MessageBarBody>
        </MessageBar>
      )}
      {summary.outsideRange.length > 0 && (
        <Body1>
          Outside the date range, not billed: {summary.outsideRange.map((entry) => `${entry.file}${entry.cycleMonth ? ` (${entry.cycleMonth})` : ''}`).join(', ')}.
        </Body1>
      )}
      {summary.duplicates.length > 0 && (
        <Caption1>
          Duplicate lines dropped: {summary.duplicates.map((d) => `${groupDigits(String(d.lines))} in ${d.file}`).join(', ')}.
        </Caption1>
      )}
      {summary.warnings.length > 0 && (
        <details>
          <summary>
            <Caption1>
              {summary.warnings.length} warning{summary.warnings.length === 1 ? '' : 's'} (also on the Reconciliation sheet)
            </Caption1>
          </summary>
          <ul className={styles.list}>
            {summary.warnings.map((warning) => (
              <li key={warning} className={styles.item}>
                <Caption1>{warning}</Caption1>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
