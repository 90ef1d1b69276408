import { useId, useMemo, useRef, useState } from 'react';
import { Button, Caption1, Field, Input, Radio, RadioGroup, Select, makeStyles, tokens } from '@fluentui/react-components';
import { useFocusBack } from '../hooks/useFocusBack';
import { useNews } from '../hooks/useNews';
import { useStoredField } from '../hooks/useStoredField';
import type { Promotions } from '../../billing/config';
import type { SettingsState } from '../hooks/useSettings';
import { LAST_MONTH } from '../lib/date-range';
import { parseMarkup } from '../lib/settings';
import { tablesContent } from '../lib/report-inputs';
import { saveSettingsWaits, settingsFormWaits } from '../lib/waits';
import { ErrorBar } from './ErrorBar';
import { Notice } from './Notice';
import { Section } from './Section';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: '120px' },
  months: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    flexWrap: 'wrap',
    paddingLeft: tokens.spacingHorizontalXXL,
    // At 200 % zoom (a pane about 160 px wide) the indent and the font would leave no room for "September 2026".
    '@media (max-width: 240px)': { paddingLeft: 0 },
  },
  month: { flex: '1 1 140px' },
  monthBox: { '@media (max-width: 240px)': { fontSize: tokens.fontSizeBase200 } },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

const DAYS = Array.from({ length: 28 }, (_, i) => i + 1);

export function SettingsSection(props: {
  settings: SettingsState;
  /** Why the settings wait (a refresh reads them), or null. */
  waits: string | null;
  /** The rest of the pane (its files and refresh), as text: the notice under the settings goes once it changes. */
  moment: string;
}) {
  const styles = useStyles();
  const { settings } = props;
  const waiting = props.waits !== null;
  const form = { waits: props.waits, saving: settings.saving, loaded: settings.loaded, readFailed: !settings.loaded && settings.error !== null };
  // Why the controls are disabled, read with them: the section's reason, and Save's own where it differs.
  const formReason = settingsFormWaits(form);
  const locked = formReason !== null;
  const formReasonId = useId();
  const saveReasonId = useId();
  const formDescribed = formReason === null ? undefined : formReasonId;
  const waitsDescribed = waiting ? formReasonId : undefined;
  const current = settings.settings;
  // Each field takes the Settings table's value in the render it arrives in, and again whenever the table changes it.
  const [markup, setMarkup] = useStoredField(current.defaultMarkupPercent.toString());
  const [cycleEndDay, setCycleEndDay] = useStoredField(String(current.cycleEndDay));
  const [promotionsText, setPromotions] = useStoredField(current.promotions);
  const promotions = promotionsText as Promotions;
  // Enter in the markup box saves: the box has the focus again once saved.
  const markupInput = useRef<HTMLInputElement>(null);
  useFocusBack(settings.saving, markupInput);
  const markupValue = parseMarkup(markup);
  const markupChanged = markupValue !== null && markupValue !== current.defaultMarkupPercent.toNumber();
  const dayChanged = cycleEndDay !== String(current.cycleEndDay);
  const promotionsChanged = promotions !== current.promotions;
  const changes = {
    ...(dayChanged ? { cycleEndDay: cycleEndDay === 'last' ? ('last' as const) : Number(cycleEndDay) } : {}),
    ...(markupChanged ? { defaultMarkup: markupValue! } : {}),
    ...(promotionsChanged ? { promotions } : {}),
  };
  const hasTable = settings.tables?.some((table) => table.name === 'Settings') ?? true;
  const saveWaits = saveSettingsWaits({ ...form, markupValid: markupValue !== null, changed: dayChanged || markupChanged || promotionsChanged, hasTable });
  const canSave = saveWaits === null;
  const submit = () => canSave && void settings.save(changes);
  const range = settings.range;
  const custom = range.kind === 'custom' ? range : null;
  const [from, setFrom] = useState(settings.months.ok ? settings.months.months[0] : '');
  const [to, setTo] = useState(settings.months.ok ? settings.months.months[settings.months.months.length - 1] : '');
  // A range that cannot be billed marks both months, which are described by the words that say why.
  const rangeLabelId = useId();
  const rangeInvalid = custom !== null && !settings.months.ok;
  const monthDescribed = [rangeInvalid ? rangeLabelId : null, waitsDescribed ?? null].filter((id) => id !== null).join(' ');
  const monthProps = monthDescribed ? { 'aria-describedby': monthDescribed } : {};
  // "Saved …" is news until anything changes: the form, the range, the tables, the files or a refresh.
  const tables = useMemo(() => tablesContent(settings.tables ?? []), [settings.tables]);
  const message = useNews(settings.message, JSON.stringify([markup, cycleEndDay, promotions, range, tables, props.moment]));

  return (
    <Section step={2} title="Settings" id="settings">
      <Caption1>Kept in the workbook&apos;s Settings table, so the next month and the command line use them too.</Caption1>
      {formReason !== null && (
        <Caption1 id={formReasonId} data-testid="settings-waiting">
          {formReason}
        </Caption1>
      )}
      <Field label="Cycle end day" hint="The day each billing month ends. Microsoft's new commerce invoices cover calendar months: Last day matches them.">
        <Select value={cycleEndDay} disabled={locked} aria-describedby={formDescribed} onChange={(_, data) => setCycleEndDay(data.value)}>
          {/* Short: a select cannot wrap, and at 200 % zoom it shows about 12 characters. */}
          <option value="last">Last day</option>
          {DAYS.map((day) => (
            <option key={day} value={String(day)}>
              Day {day}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Promotions" hint="Under a Sales or Retail price: Keep bills the customer the price despite Microsoft's promotions; Pass on lowers it as Microsoft did.">
        <Select value={promotions} disabled={locked} aria-describedby={formDescribed} onChange={(_, data) => setPromotions(data.value === 'pass on' ? 'pass on' : 'keep')}>
          <option value="keep">Keep</option>
          <option value="pass on">Pass on</option>
        </Select>
      </Field>
      <div className={styles.row}>
        <Field
          className={styles.grow}
          label="Default markup %"
          hint="For products no price list covers."
          validationState={markupValue === null ? 'error' : 'none'}
          validationMessage={markupValue === null ? 'Enter a percentage above -100, for example 15.' : undefined}
        >
          <Input
            ref={markupInput}
            value={markup}
            inputMode="decimal"
            disabled={locked}
            aria-describedby={formDescribed}
            onChange={(_, data) => setMarkup(data.value)}
            onKeyDown={(event) => event.key === 'Enter' && submit()}
          />
        </Field>
        {/* Disabled but focusable, as every button of the pane: its reason is read with it. */}
        <Button disabledFocusable={!canSave} aria-describedby={saveWaits === null ? undefined : saveWaits === formReason ? formReasonId : saveReasonId} onClick={submit}>
          Save settings
        </Button>
      </div>
      {saveWaits !== null && saveWaits !== formReason && (
        <Caption1 id={saveReasonId} data-testid="settings-save-waiting">
          {saveWaits}
        </Caption1>
      )}
      {(dayChanged || markupChanged || promotionsChanged) && <Caption1 data-testid="settings-unsaved">Not saved yet: a refresh uses the Settings table until you press Save settings.</Caption1>}
      <Field label="Date range">
        <RadioGroup
          value={range.kind}
          disabled={waiting}
          aria-describedby={waitsDescribed}
          onChange={(_, data) => settings.setRange(data.value === 'custom' ? { kind: 'custom', from, to } : LAST_MONTH)}
        >
          <Radio value="last-month" label={range.kind === 'last-month' && settings.months.ok ? `Last month (${settings.months.label})` : 'Last month'} />
          <Radio value="custom" label="Custom months (one report per cycle)" />
        </RadioGroup>
      </Field>
      {custom && (
        <div className={styles.months}>
          <Field label="From month" className={styles.month} validationState={rangeInvalid ? 'error' : 'none'}>
            <Input
              type="month"
              className={styles.monthBox}
              placeholder="YYYY-MM"
              {...monthProps}
              value={custom.from}
              disabled={waiting}
              onChange={(_, data) => {
                setFrom(data.value);
                settings.setRange({ ...custom, from: data.value });
              }}
            />
          </Field>
          <Field label="To month" className={styles.month} validationState={rangeInvalid ? 'error' : 'none'}>
            <Input
              type="month"
              className={styles.monthBox}
              placeholder="YYYY-MM"
              {...monthProps}
              value={custom.to}
              disabled={waiting}
              onChange={(_, data) => {
                setTo(data.value);
                settings.setRange({ ...custom, to: data.value });
              }}
            />
          </Field>
        </div>
      )}
      {custom && (
        <Caption1 role="status" id={rangeLabelId} data-testid="range-label">
          {settings.months.ok ? `Reports: ${settings.months.label}${settings.stillOpen ? `. ${settings.stillOpen}` : ''}` : settings.months.error}
        </Caption1>
      )}
      <div className={styles.buttons}>
        <Button disabledFocusable={waiting} aria-describedby={waitsDescribed} onClick={() => void settings.openTable('Prices')}>
          Open Prices table
        </Button>
        <Button disabledFocusable={waiting} aria-describedby={waitsDescribed} onClick={() => void settings.openTable('Customers')}>
          Open Customers table
        </Button>
      </div>
      <Notice text={message} />
      {settings.error && <ErrorBar error={settings.error} />}
    </Section>
  );
}
