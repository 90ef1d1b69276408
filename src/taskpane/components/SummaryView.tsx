import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Body1, Button, Caption1, Card, Link, MessageBar, MessageBarBody, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { CycleSummary, ReportSummary, UnlinkedCustomer, UnpricedProduct } from '../../import/worker-protocol';
import { monthName } from '../lib/date-range';
import { cycleCaption, groupDigits, money, outsideRangeText, plural, reconciliationText, splitProblem } from '../lib/summary-text';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  card: { padding: tokens.spacingHorizontalM, gap: tokens.spacingVerticalXS },
  figures: { display: 'flex', flexDirection: 'column', rowGap: '2px', margin: 0 },
  // An amount goes under its label where the two do not fit side by side (a narrow pane), and is broken in a number
  // only where the number alone is wider than the pane.
  figure: { display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', columnGap: tokens.spacingHorizontalM },
  term: { color: tokens.colorNeutralForeground2 },
  amount: { margin: '0 0 0 auto', textAlign: 'right', fontVariantNumeric: 'tabular-nums', fontWeight: tokens.fontWeightSemibold, overflowWrap: 'break-word', minWidth: 0 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: '2px' },
  item: { overflowWrap: 'anywhere' },
  // Underlined (Link's inline), so told from the text by more than colour; in forced colours a link's own colour.
  link: { '@media (forced-colors: active)': { color: 'LinkText', textDecorationColor: 'LinkText' } },
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
      <Caption1>{cycleCaption(cycle)}</Caption1>
      <dl className={styles.figures}>
        {(
          [
            ['Total cost', 'cost', cycle.cost],
            ['Total sales', 'sales', cycle.sales],
            ['Margin', 'margin', cycle.margin],
          ] as const
        ).map(([term, id, amount]) => (
          <div key={id} className={styles.figure}>
            <dt className={styles.term}>{term}</dt>
            <dd className={styles.amount} data-testid={id} data-exact={amount.exact}>
              {money(amount)}
              {id === 'margin' && cycle.marginPercent !== null ? ` (${groupDigits(cycle.marginPercent)} %)` : ''}
            </dd>
          </div>
        ))}
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

/** A finding the user acts on item by item: a heading with the count, a line of advice, the items as links. */
function FindingList<T>({ id, heading, advice, items, keyOf, label, onSelect, details }: {
  id: string;
  heading: string;
  advice: string;
  items: readonly T[];
  keyOf(item: T): string;
  label(item: T): string;
  onSelect(item: T): void;
  details(item: T): ReactNode;
}) {
  const styles = useStyles();
  const [shown, setShown] = useState(FIRST_ITEMS);
  // "Show more" may go once clicked: the keyboard's focus moves to the first item it showed, not to the page.
  const list = useRef<HTMLUListElement>(null);
  const [focusAt, setFocusAt] = useState<number | null>(null);
  useEffect(() => {
    if (focusAt === null) return;
    list.current?.querySelectorAll<HTMLElement>('li button')[focusAt]?.focus();
    setFocusAt(null);
  }, [focusAt]);
  if (items.length === 0) return null;
  const visible = Math.min(shown, items.length);
  const more = Math.min(MORE_ITEMS, items.length - visible);
  return (
    <div className={styles.block}>
      <Text weight="semibold" as="h3" className={styles.heading} id={`${id}-heading`}>
        {heading} ({groupDigits(String(items.length))})
      </Text>
      <Caption1>{advice}</Caption1>
      <ul ref={list} className={styles.list} aria-labelledby={`${id}-heading`} data-testid={id}>
        {items.slice(0, visible).map((item) => (
          <li key={keyOf(item)} className={styles.item}>
            <Link as="button" inline className={styles.link} onClick={() => onSelect(item)}>
              {label(item)}
            </Link>{' '}
            {details(item)}
          </li>
        ))}
      </ul>
      {more > 0 && (
        <Button
          size="small"
          appearance="subtle"
          onClick={() => {
            setShown(visible + MORE_ITEMS);
            setFocusAt(visible);
          }}
        >
          {more === items.length - visible ? `Show the other ${more}` : `Show ${more} more (of ${groupDigits(String(items.length - visible))} not shown)`}
        </Button>
      )}
    </div>
  );
}

interface SummaryActions {
  onCustomer(customer: UnlinkedCustomer): void;
  onProduct(product: UnpricedProduct): void;
}

/** The refresh's result: per cycle the figures and the tie-out, then what the user should act on. */
export function SummaryView({ summary, actions, defaultMarkup }: { summary: ReportSummary; actions: SummaryActions; defaultMarkup?: string }) {
  const styles = useStyles();
  return (
    <div className={styles.root} data-testid="summary">
      {summary.cycles.map((cycle) => (
        <CycleCard key={`${cycle.month} ${cycle.currency}`} cycle={cycle} />
      ))}
      <FindingList
        id="unlinked"
        heading="Customers not linked in the Customers table"
        advice="Named from Microsoft's file until their row in the Customers table names the organization. Select one to go to its row:"
        items={summary.unlinkedCustomers}
        keyOf={(customer) => `${customer.customerId} ${customer.cost.currency}`}
        label={(customer) => customer.name || customer.customerId}
        onSelect={actions.onCustomer}
        details={(customer) => (
          <Caption1>
            {plural(customer.lines, 'line')}, cost {money(customer.cost)}
          </Caption1>
        )}
      />
      <FindingList
        id="unpriced"
        heading="Products without a price"
        advice={`${defaultMarkup === '0' ? 'Billed at cost (the default markup is 0 %)' : defaultMarkup === undefined ? 'Billed at the default markup' : `Billed at the default markup of ${defaultMarkup} %`} until they have a price. Select one to go to its row in the Prices table:`}
        items={summary.unpricedProducts}
        keyOf={(product) => `${product.productId} ${product.skuId} ${product.cost.currency}`}
        label={(product) => product.name || product.productId}
        onSelect={actions.onProduct}
        details={(product) => (
          <>
            <Caption1>
              {plural(product.lines, 'line')} for {plural(product.customers, 'customer')}, cost {money(product.cost)}
            </Caption1>
            <span className={styles.ids}>
              {product.productId}
              {product.skuId ? ` / ${product.skuId}` : ''}
            </span>
          </>
        )}
      />
      {summary.failedFiles.length > 0 && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            Not billed, rejected: {summary.failedFiles.map((problem) => splitProblem(problem).summary).join('; ')}. Fix or remove these files (step 1 says why).
          </MessageBarBody>
        </MessageBar>
      )}
      {summary.outsideRange.length > 0 && (
        <Body1>{outsideRangeText(summary.outsideRange)}</Body1>
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
              {plural(summary.warnings.length, 'warning')} (also on the Reconciliation sheet)
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
