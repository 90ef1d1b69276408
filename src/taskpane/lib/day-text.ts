/**
 * Days as the accountant's Excel shows them: the short date of the language Office runs in (10/31/2026 in the US,
 * 31.10.2026 in Germany, 31/10/2026 in Britain), shown and typed alike on a card's billing date box and in the words
 * around it. The engine's days are ISO (2026-10-31); only the pane shows them otherwise.
 */

/** The short date's day, month and year in the language's order, and the mark between them. */
let shape = { order: ['month', 'day', 'year'] as Array<'day' | 'month' | 'year'>, mark: '/' };

/** Shows and reads days as `locale` writes them ("de-DE": 31.10.2026); an unknown locale leaves the US order. */
export function setDayLocale(locale: string | undefined): void {
  try {
    const parts = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).formatToParts(Date.UTC(2026, 9, 31));
    const order = parts.map((part) => part.type).filter((type): type is 'day' | 'month' | 'year' => type === 'day' || type === 'month' || type === 'year');
    if (order.length !== 3) return;
    const mark = parts.find((part) => part.type === 'literal')?.value.trim() || '/';
    shape = { order, mark };
  } catch {
    // a locale Intl does not know: days stay as they were
  }
}

/** "2026-10-31" → "10/31/2026" (or "31.10.2026", by the locale set); anything else as it is. */
export function dayText(isoDay: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  if (!match) return isoDay;
  const parts = { year: match[1], month: match[2], day: match[3] };
  return shape.order.map((part) => parts[part]).join(shape.mark);
}

/** How a day is typed, for a box's placeholder and for the message when it cannot be read: "MM/DD/YYYY". */
export function dayPattern(): string {
  const letters = { day: 'DD', month: 'MM', year: 'YYYY' };
  return shape.order.map((part) => letters[part]).join(shape.mark);
}

/**
 * A day as typed, in the locale's order with any marks between the numbers ("31.10.2026", "31/10/26" read as 2026),
 * or as ISO (2026-10-31): the ISO day, or null when it is no day of the calendar.
 */
export function parseDayText(text: string): string | null {
  const trimmed = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  const numbers = iso ? [iso[1], iso[2], iso[3]] : trimmed.split(/[^\d]+/).filter((piece) => piece !== '');
  if (numbers.length !== 3 || (!iso && numbers.some((piece, index) => piece.length > (shape.order[index] === 'year' ? 4 : 2)))) return null;
  const order: Array<'day' | 'month' | 'year'> = iso ? ['year', 'month', 'day'] : shape.order;
  const value = (part: 'day' | 'month' | 'year') => Number(numbers[order.indexOf(part)]);
  let year = value('year');
  if (numbers[order.indexOf('year')].length === 2) year += 2000;
  else if (numbers[order.indexOf('year')].length !== 4) return null;
  const month = value('month');
  const day = value('day');
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Engine words with the pane's days: each ISO day ("2026-10-31") as the locale writes it, in a text of the engine's. */
export function withLocalDays(text: string): string {
  return text.replace(/\b\d{4}-\d{2}-\d{2}\b/g, dayText);
}
