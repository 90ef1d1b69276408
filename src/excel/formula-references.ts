/**
 * Rewrites the sheet and table names a formula refers to.
 *
 * A refresh writes every add-in sheet under a temporary name while the previous report still holds the real names;
 * a formula written as ='Billing Report'!G5 would point at the previous sheet and turn into #REF! when that sheet is
 * deleted. So formulas are written against the temporary names ('~1~Billing Report'!G5, BillingLines__new[Cost])
 * and Excel itself carries them to the final names when the sheets and tables are renamed, as it does for any
 * reference on a rename.
 */

export interface ReferenceRenames {
  /** Sheet names, compared without case (Excel's sheet names are case-insensitive). */
  sheets: ReadonlyMap<string, string>;
  /** Table names, compared without case. */
  tables: ReadonlyMap<string, string>;
}

const NAME_CHAR = /[A-Za-z0-9_.\\\u00C0-\uFFFF]/;
const NAME_START = /[A-Za-z_\\\u00C0-\uFFFF]/;

/** Lower-cased keys, so lookups ignore case. */
export function renameMap(entries: Iterable<[string, string]>): Map<string, string> {
  return new Map([...entries].map(([from, to]) => [from.toLowerCase(), to]));
}

function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

export function retargetFormula(formula: string, renames: ReferenceRenames): string {
  if (renames.sheets.size === 0 && renames.tables.size === 0) return formula;
  let out = '';
  let i = 0;
  const n = formula.length;
  while (i < n) {
    const ch = formula[i];
    if (ch === '"') {
      // A text literal: copied as is, "" is an escaped quote.
      let end = i + 1;
      while (end < n) {
        if (formula[end] === '"') {
          if (formula[end + 1] === '"') end += 2;
          else break;
        } else end++;
      }
      out += formula.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (ch === "'") {
      let end = i + 1;
      let name = '';
      while (end < n) {
        if (formula[end] === "'") {
          if (formula[end + 1] === "'") {
            name += "'";
            end += 2;
            continue;
          }
          break;
        }
        name += formula[end++];
      }
      const renamed = formula[end + 1] === '!' ? renames.sheets.get(name.toLowerCase()) : undefined;
      out += renamed !== undefined ? quoteSheet(renamed) : formula.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (ch === '[') {
      i = copyBrackets(formula, i, (text) => (out += text));
      continue;
    }
    const previous = i > 0 ? formula[i - 1] : '';
    if (NAME_START.test(ch) && !NAME_CHAR.test(previous)) {
      let end = i + 1;
      while (end < n && NAME_CHAR.test(formula[end])) end++;
      const name = formula.slice(i, end);
      if (formula[end] === '!') {
        const renamed = renames.sheets.get(name.toLowerCase());
        out += renamed !== undefined ? quoteSheet(renamed) : name;
      } else if (formula[end] === '[') {
        out += renames.tables.get(name.toLowerCase()) ?? name;
      } else {
        out += name;
      }
      i = end;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** Copies a bracketed part (a structured reference's columns, an external workbook) without looking inside. */
function copyBrackets(formula: string, start: number, emit: (text: string) => void): number {
  let depth = 0;
  let i = start;
  while (i < formula.length) {
    const ch = formula[i];
    if (ch === "'" && depth > 0) {
      i += 2; // ' escapes the next character inside a structured reference
      continue;
    }
    if (ch === '[') depth++;
    else if (ch === ']') {
      depth--;
      if (depth === 0) {
        i++;
        break;
      }
    }
    i++;
  }
  emit(formula.slice(start, i));
  return i;
}
