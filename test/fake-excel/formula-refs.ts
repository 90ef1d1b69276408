/**
 * What Excel does to formulas when a sheet or table is renamed or a sheet deleted: references follow a rename
 * ('Old'!A1 → 'New'!A1, Old[Cost] → New[Cost]) and turn into #REF! when their sheet goes. The fake's own small
 * tokenizer (text literals are skipped), independent of the writer's.
 */

type Rewrite = (kind: 'sheet' | 'table', name: string) => string | null;

export function rewriteReferences(formula: string, rewrite: Rewrite): string {
  let out = '';
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i];
    if (ch === '"') {
      const end = formula.indexOf('"', i + 1);
      const stop = end < 0 ? formula.length : end + 1;
      out += formula.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === "'") {
      let j = i + 1;
      let name = '';
      while (j < formula.length) {
        if (formula[j] === "'") {
          if (formula[j + 1] !== "'") break;
          name += "'";
          j += 2;
        } else name += formula[j++];
      }
      if (formula[j + 1] === '!') {
        const replaced = rewrite('sheet', name);
        out += replaced ?? formula.slice(i, j + 1);
      } else out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const word = /^[A-Za-z_\\\u00C0-\uFFFF][\w.\\\u00C0-\uFFFF]*/.exec(formula.slice(i));
    if (word && (i === 0 || !/[\w.]/.test(formula[i - 1]))) {
      const name = word[0];
      const next = formula[i + name.length];
      const replaced = next === '!' ? rewrite('sheet', name) : next === '[' ? rewrite('table', name) : null;
      out += replaced ?? name;
      i += name.length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

export function quoteForFormula(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}
