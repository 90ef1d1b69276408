import { columnLetter } from '../workbook/formats';

/**
 * A column that one header holds twice (a user's own Subtotal added before Microsoft's, a second Sales price): columns
 * are found by name, so only the first would be read, and what is billed would depend on which came first. `fieldOf`
 * says what a column name stands for, null for a column nothing reads (it may repeat harmlessly). The first two
 * positions (0-based) of the first field held twice, or null.
 */
export function repeatedColumn(header: readonly string[], fieldOf: (name: string) => string | null): [number, number] | null {
  const seen = new Map<string, number>();
  for (let i = 0; i < header.length; i++) {
    const field = fieldOf(header[i]);
    if (field === null) continue;
    const first = seen.get(field);
    if (first !== undefined) return [first, i];
    seen.set(field, i);
  }
  return null;
}

/**
 * Columns where the accountant finds them: "A and T (columns 1 and 20)" for a header starting in column A (a CSV file
 * opened in Excel shows the letters, a text editor the numbers); letters alone for a table further right, whose
 * numbers would not be the sheet's. `firstColumn` is the sheet column of the header's first cell, 1-based.
 */
export function columnPlaces(positions: readonly number[], firstColumn = 1): string {
  const letters = positions.map((i) => columnLetter(firstColumn - 1 + i)).join(' and ');
  return firstColumn === 1 ? `${letters} (columns ${positions.map((i) => i + 1).join(' and ')})` : letters;
}
