/**
 * What a refresh did to the accountant's own tables, in words: the tables it made, and the rows it added for them to
 * fill in. On a first refresh into an empty workbook the pane said only which report sheets it wrote, so the five new
 * tables, and the customers and products waiting in them, went unmentioned.
 */
import type { ConfigTable, TableName } from '../../billing/config';

/** What a row added to each table asks of the accountant. */
const TO_DO: Partial<Record<TableName, (count: number) => string>> = {
  Customers: (count) => `${count} ${count === 1 ? 'customer' : 'customers'} to name in Customers`,
  Prices: (count) => `${count} ${count === 1 ? 'product' : 'products'} to price in Prices`,
  Invoices: (count) => `${count} ${count === 1 ? 'invoice' : 'invoices'} to give Microsoft's total in Invoices`,
};

/** The table's rows with anything in them (a new table's empty first row is Excel's, not a row added). */
const filled = (table: ConfigTable | undefined) => (table?.rows ?? []).filter((row) => row.some((cell) => cell.trim() !== '')).length;

/** Joins names as a sentence does: "A", "A and B", "A, B and C". */
function list(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * The tables as a refresh read them (`before`) and as it left them (`after`): the tables made and the rows added,
 * in one sentence, or null when it changed none.
 */
export function tablesNews(before: readonly ConfigTable[], after: readonly ConfigTable[]): string | null {
  const made = after.filter((table) => !before.some((old) => old.name === table.name)).map((table) => table.name);
  const toDo = after.flatMap((table) => {
    const added = filled(table) - filled(before.find((old) => old.name === table.name));
    const say = TO_DO[table.name];
    return added > 0 && say ? [say(added)] : [];
  });
  const madeText = made.length === 0 ? null : made.length === 1 ? `Made the ${made[0]} table on a sheet of the same name` : `Made the ${list(made)} tables on sheets of the same names`;
  if (madeText === null && toDo.length === 0) return null;
  if (madeText === null) return `Added to your tables: ${list(toDo)}.`;
  return toDo.length === 0 ? `${madeText}.` : `${madeText}: ${list(toDo)}.`;
}
