/**
 * What Excel would calculate for a formula, for the fake Excel (whose cells would otherwise read 0): a small
 * evaluator of exactly the grammar the workbook layout writes (src/workbook: SUBTOTAL(9 or 109, …), SUM, sales − cost,
 * IF(ROUND(…)=0,"",…/ABS(…)), ROUND(…)−…), evaluated on read, with no cache, so a write is seen at once.
 *
 * The grammar: numbers, "text" ("" inside for a quote), A1 references and ranges ($ allowed), optionally after
 * Sheet! or 'Sheet name'!, #REF! (what a reference to a deleted sheet becomes), parentheses, + − * / and unary
 * minus and plus, the comparisons = <> < > <= >=, and the functions SUBTOTAL (functions 9 and 109, sums), SUM, ROUND, ABS,
 * IF and SUMPRODUCT of one range or of ROUND over one (the Reconciliation's rounded invoice totals). Anything else (another function, a name, a structured reference, &, ^, %, a syntax error) is "#NAME?",
 * never a silent 0, so a test notices. A cell that refers back to itself gives "#CIRCULAR!" (Excel warns and shows
 * 0). Written on its own, independent of the writer's code.
 *
 * Excel's rules kept: an empty cell is 0 (or "" against text); numeric text counts in arithmetic, other text is
 * #VALUE!; SUM and SUBTOTAL over a range skip text, booleans and empty cells; SUBTOTAL skips the cells of its range
 * that hold a SUBTOTAL themselves (nested subtotals are not counted twice); errors pass through; ROUND is decimal,
 * half away from zero, on the value to 15 significant digits (ROUND(2.675,2) = 2.68, ROUND(-2.5,0) = -3); text
 * compares without case and above any number.
 */
import { SHEET_COLUMNS, SHEET_ROWS } from './a1';
import type { Scalar, SheetModel, WorkbookModel } from './model';

/** Where a formula sits: its cell, and the workbook its references read. */
export interface FormulaCell {
  workbook: WorkbookModel;
  sheet: SheetModel;
  row: number;
  column: number;
}

/** An Excel error value ("#DIV/0!"), kept apart from text while a formula is evaluated. */
class ErrorValue {
  constructor(readonly code: string) {}
}

const NAME = new ErrorValue('#NAME?');
const VALUE = new ErrorValue('#VALUE!');
const DIV0 = new ErrorValue('#DIV/0!');
const NUM = new ErrorValue('#NUM!');
const REF = new ErrorValue('#REF!');
const CIRCULAR = new ErrorValue('#CIRCULAR!');

/** An empty cell, read through a reference: 0 in arithmetic, "" against text. */
const EMPTY = Symbol('empty');

type Value = number | string | boolean | ErrorValue | typeof EMPTY;

/** The grammar is not met: the whole formula is #NAME?. */
class OutsideGrammar extends Error {}

// ---- tokens ----

type Token =
  | { kind: 'number'; value: number }
  | { kind: 'text'; value: string }
  | { kind: 'ref'; sheet?: string; from: Cell; to?: Cell }
  | { kind: 'refError' }
  | { kind: 'function'; name: string }
  | { kind: 'op'; op: string };

interface Cell {
  row: number;
  column: number;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})/;

function cellAt(text: string): { cell: Cell; length: number } | null {
  const match = CELL.exec(text);
  if (!match || /^[\w.(]/.test(text.slice(match[0].length))) return null;
  let column = 0;
  for (const ch of match[1].toUpperCase()) column = column * 26 + (ch.charCodeAt(0) - 64);
  const row = Number(match[2]);
  if (row < 1 || row > SHEET_ROWS || column > SHEET_COLUMNS) return null;
  return { cell: { row: row - 1, column: column - 1 }, length: match[0].length };
}

/** A reference (A1, A1:B2) at the start of `text`, after a sheet prefix if any. */
function referenceAt(text: string, sheet: string | undefined): { token: Token; length: number } {
  const from = cellAt(text);
  if (from === null) throw new OutsideGrammar();
  let length = from.length;
  let to: Cell | undefined;
  if (text[length] === ':') {
    const end = cellAt(text.slice(length + 1));
    if (end === null) throw new OutsideGrammar();
    to = end.cell;
    length += 1 + end.length;
  }
  return { token: { kind: 'ref', sheet, from: from.cell, to }, length };
}

function tokenize(formula: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i];
    const rest = formula.slice(i);
    if (ch === ' ') {
      i++;
      continue;
    }
    if (ch === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= formula.length) throw new OutsideGrammar();
        if (formula[j] === '"') {
          if (formula[j + 1] !== '"') break;
          value += '"';
          j += 2;
        } else value += formula[j++];
      }
      tokens.push({ kind: 'text', value });
      i = j + 1;
      continue;
    }
    if (ch === "'") {
      const quoted = /^'((?:[^']|'')+)'!/.exec(rest);
      if (!quoted) throw new OutsideGrammar();
      const ref = referenceAt(rest.slice(quoted[0].length), quoted[1].replace(/''/g, "'"));
      tokens.push(ref.token);
      i += quoted[0].length + ref.length;
      continue;
    }
    if (rest.startsWith('#REF!')) {
      // ='Gone'!A1 after its sheet is deleted: #REF!A1.
      const after = rest.slice(5);
      const cell = /^\$?[A-Za-z]{1,3}\$?\d+(:\$?[A-Za-z]{1,3}\$?\d+)?/.exec(after);
      tokens.push({ kind: 'refError' });
      i += 5 + (cell?.[0].length ?? 0);
      continue;
    }
    const number = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    const sheet = /^([A-Za-z_][\w.]*)!/.exec(rest);
    if (sheet) {
      const ref = referenceAt(rest.slice(sheet[0].length), sheet[1]);
      tokens.push(ref.token);
      i += sheet[0].length + ref.length;
      continue;
    }
    const call = /^([A-Za-z_][\w.]*)\(/.exec(rest);
    if (call) {
      tokens.push({ kind: 'function', name: call[1].toUpperCase() });
      i += call[0].length;
      continue;
    }
    if (CELL.test(rest)) {
      const ref = referenceAt(rest, undefined);
      tokens.push(ref.token);
      i += ref.length;
      continue;
    }
    const op = /^(<>|<=|>=|[-+*/=<>(),])/.exec(rest);
    if (!op) throw new OutsideGrammar();
    tokens.push({ kind: 'op', op: op[0] });
    i += op[0].length;
  }
  return tokens;
}

// ---- syntax ----

type Node =
  | { kind: 'number'; value: number }
  | { kind: 'text'; value: string }
  | { kind: 'ref'; sheet?: string; from: Cell; to?: Cell }
  | { kind: 'refError' }
  | { kind: 'unary'; op: string; operand: Node }
  | { kind: 'binary'; op: string; left: Node; right: Node }
  | { kind: 'call'; name: string; args: Node[] };

const COMPARISONS = new Set(['=', '<>', '<', '>', '<=', '>=']);

function parse(formula: string): Node {
  if (!formula.startsWith('=')) throw new OutsideGrammar();
  const tokens = tokenize(formula.slice(1));
  let at = 0;
  const peek = (): Token | undefined => tokens[at];
  const isOp = (op: string): boolean => {
    const token = peek();
    return token?.kind === 'op' && token.op === op;
  };
  const expect = (op: string): void => {
    if (!isOp(op)) throw new OutsideGrammar();
    at++;
  };

  // Excel's precedence: unary minus, then * /, then + −, then comparisons.
  const comparison = (): Node => {
    let left = additive();
    for (let token = peek(); token?.kind === 'op' && COMPARISONS.has(token.op); token = peek()) {
      at++;
      left = { kind: 'binary', op: token.op, left, right: additive() };
    }
    return left;
  };
  const additive = (): Node => {
    let left = multiplicative();
    for (let token = peek(); token?.kind === 'op' && (token.op === '+' || token.op === '-'); token = peek()) {
      at++;
      left = { kind: 'binary', op: token.op, left, right: multiplicative() };
    }
    return left;
  };
  const multiplicative = (): Node => {
    let left = unary();
    for (let token = peek(); token?.kind === 'op' && (token.op === '*' || token.op === '/'); token = peek()) {
      at++;
      left = { kind: 'binary', op: token.op, left, right: unary() };
    }
    return left;
  };
  const unary = (): Node => {
    if (isOp('-') || isOp('+')) {
      const op = (tokens[at++] as { op: string }).op;
      return { kind: 'unary', op, operand: unary() };
    }
    return primary();
  };
  const primary = (): Node => {
    const token = tokens[at++];
    if (token === undefined) throw new OutsideGrammar();
    switch (token.kind) {
      case 'number':
      case 'text':
      case 'ref':
      case 'refError':
        return token;
      case 'function': {
        const args: Node[] = [];
        if (!isOp(')')) {
          args.push(comparison());
          while (isOp(',')) {
            at++;
            args.push(comparison());
          }
        }
        expect(')');
        return { kind: 'call', name: token.name, args };
      }
      case 'op':
        if (token.op === '(') {
          const inner = comparison();
          expect(')');
          return inner;
        }
        throw new OutsideGrammar();
    }
  };

  const tree = comparison();
  if (at !== tokens.length) throw new OutsideGrammar();
  return tree;
}

// ---- values ----

function isError(value: unknown): value is ErrorValue {
  return value instanceof ErrorValue;
}

/** A value as arithmetic takes it: numeric text counts, other text is #VALUE!. */
function toNumber(value: Value): number | ErrorValue {
  if (isError(value)) return value;
  if (value === EMPTY) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  const trimmed = value.trim();
  return trimmed !== '' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed) ? Number(trimmed) : VALUE;
}

function checked(result: number): number | ErrorValue {
  return Number.isFinite(result) ? result : NUM;
}

/** Excel's order: numbers < text (without case) < booleans; an empty cell is 0, "" or FALSE against the other side. */
function compare(left: Value, right: Value): number {
  const rank = (value: Value): number => (typeof value === 'number' ? 0 : typeof value === 'string' ? 1 : 2);
  const blank = (other: Value): Value => (typeof other === 'string' ? '' : typeof other === 'boolean' ? false : 0);
  const a = left === EMPTY ? blank(right) : left;
  const b = right === EMPTY ? blank(left) : right;
  if (a === EMPTY || b === EMPTY) return 0;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'string') {
    const x = a.toLowerCase();
    const y = (b as string).toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return Number(a) - Number(b);
}

/** ROUND: decimal, half away from zero, on the value taken to 15 significant digits as Excel holds it. */
export function excelRound(value: number, digits: number): number {
  if (value === 0) return 0;
  const places = Math.trunc(digits);
  const [mantissa, exponent] = Math.abs(Number(value.toPrecision(15))).toExponential().split('e');
  const shifted = Math.round(Number(`${mantissa}e${Number(exponent) + places}`));
  const [m, e] = shifted.toExponential().split('e');
  const result = Number(`${m}e${Number(e) - places}`);
  return value < 0 && result !== 0 ? -result : result;
}

class Evaluation {
  /** Cells being evaluated, for cycles: "sheet id:row:column". */
  private readonly active = new Set<string>();

  constructor(private readonly workbook: WorkbookModel) {}

  /** A cell's value: its formula's result, its value, or EMPTY. */
  cellValue(sheet: SheetModel, row: number, column: number): Value {
    const state = sheet.cell(row, column);
    return state.formula === null ? (state.value ?? EMPTY) : this.formula(state.formula, sheet, row, column);
  }

  /** A formula's result in its cell (an empty cell's reference gives 0). */
  formula(formula: string, sheet: SheetModel, row: number, column: number): Value {
    const key = `${sheet.id}:${row}:${column}`;
    if (this.active.has(key)) return CIRCULAR;
    let tree: Node;
    try {
      tree = parse(formula);
    } catch (error) {
      if (error instanceof OutsideGrammar) return NAME;
      throw error;
    }
    this.active.add(key);
    try {
      const result = this.value(tree, sheet);
      return result === EMPTY ? 0 : result;
    } finally {
      this.active.delete(key);
    }
  }

  private sheetOf(node: { sheet?: string }, here: SheetModel): SheetModel | null {
    return node.sheet === undefined ? here : (this.workbook.sheet(node.sheet) ?? null);
  }

  /** A reference stays one (a range for SUM); everything else is a value. */
  private node(node: Node, here: SheetModel): Value | { sheet: SheetModel; from: Cell; to: Cell } {
    switch (node.kind) {
      case 'number':
      case 'text':
        return node.value;
      case 'refError':
        return REF;
      case 'ref': {
        const sheet = this.sheetOf(node, here);
        if (sheet === null) return REF;
        return { sheet, from: node.from, to: node.to ?? node.from };
      }
      case 'unary': {
        const operand = toNumber(this.value(node.operand, here));
        if (isError(operand)) return operand;
        return node.op === '-' ? -operand : operand;
      }
      case 'binary':
        return this.binary(node.op, this.value(node.left, here), this.value(node.right, here));
      case 'call':
        return this.call(node.name, node.args, here);
    }
  }

  /** A node as one value: a one-cell reference reads its cell; a larger range in a value's place is #VALUE!. */
  private value(node: Node, here: SheetModel): Value {
    return this.scalar(this.node(node, here));
  }

  private scalar(value: Value | { sheet: SheetModel; from: Cell; to: Cell }): Value {
    if (typeof value !== 'object' || isError(value)) return value;
    if (value.from.row !== value.to.row || value.from.column !== value.to.column) return VALUE;
    return this.cellValue(value.sheet, value.from.row, value.from.column);
  }

  private binary(op: string, left: Value, right: Value): Value {
    if (COMPARISONS.has(op)) {
      if (isError(left)) return left;
      if (isError(right)) return right;
      const order = compare(left, right);
      switch (op) {
        case '=':
          return order === 0;
        case '<>':
          return order !== 0;
        case '<':
          return order < 0;
        case '>':
          return order > 0;
        case '<=':
          return order <= 0;
        default:
          return order >= 0;
      }
    }
    const a = toNumber(left);
    if (isError(a)) return a;
    const b = toNumber(right);
    if (isError(b)) return b;
    switch (op) {
      case '+':
        return checked(a + b);
      case '-':
        return checked(a - b);
      case '*':
        return checked(a * b);
      default:
        return b === 0 ? DIV0 : checked(a / b);
    }
  }

  /** The numbers of a range for SUM and SUBTOTAL (text, booleans, empty cells skipped), or its first error. */
  private sumRange(range: { sheet: SheetModel; from: Cell; to: Cell }, skipSubtotals: boolean): number | ErrorValue {
    let total = 0;
    const top = Math.min(range.from.row, range.to.row);
    const bottom = Math.max(range.from.row, range.to.row);
    const left = Math.min(range.from.column, range.to.column);
    const right = Math.max(range.from.column, range.to.column);
    for (let r = top; r <= bottom; r++) {
      for (let c = left; c <= right; c++) {
        if (skipSubtotals) {
          const formula = range.sheet.cell(r, c).formula;
          if (formula !== null && callsSubtotal(formula)) continue;
        }
        const value = this.cellValue(range.sheet, r, c);
        if (isError(value)) return value;
        if (typeof value === 'number') total += value;
      }
    }
    return total;
  }

  /** An array argument of SUMPRODUCT: a range's cells in order, or ROUND applied to each of them. */
  private array(node: Node, here: SheetModel): Value[] | ErrorValue {
    if (node.kind === 'call' && node.name === 'ROUND' && node.args.length === 2) {
      const values = this.array(node.args[0], here);
      if (isError(values)) return values;
      const digits = toNumber(this.value(node.args[1], here));
      if (isError(digits)) return digits;
      return values.map((value) => {
        // In an array, ROUND takes an empty cell as 0 and text as #VALUE!, cell by cell.
        const number = value === EMPTY ? 0 : toNumber(value);
        return isError(number) ? number : checked(excelRound(number, digits));
      });
    }
    const range = this.node(node, here);
    if (typeof range !== 'object' || isError(range)) return isError(range) ? range : NAME;
    const values: Value[] = [];
    for (let r = Math.min(range.from.row, range.to.row); r <= Math.max(range.from.row, range.to.row); r++) {
      for (let c = Math.min(range.from.column, range.to.column); c <= Math.max(range.from.column, range.to.column); c++) values.push(this.cellValue(range.sheet, r, c));
    }
    return values;
  }

  private call(name: string, args: Node[], here: SheetModel): Value {
    switch (name) {
      case 'SUM':
      case 'SUBTOTAL': {
        const subtotal = name === 'SUBTOTAL';
        if (args.length < (subtotal ? 2 : 1)) return NAME;
        if (subtotal) {
          const kind = toNumber(this.value(args[0], here));
          if (isError(kind)) return kind;
          // 9 and 109 (sum; 109 also leaves out hidden rows, the Billing Lines' totals of the rows a filter shows): the
          // fake keeps no hidden rows or filters, so both read the same.
          if (kind !== 9 && kind !== 109) return NAME;
        }
        let total = 0;
        for (const arg of subtotal ? args.slice(1) : args) {
          const value = this.node(arg, here);
          let part: number | ErrorValue;
          if (typeof value === 'object' && !isError(value)) part = this.sumRange(value, subtotal);
          else if (subtotal) part = isError(value) ? value : VALUE;
          else part = toNumber(value);
          if (isError(part)) return part;
          total += part;
        }
        return checked(total);
      }
      case 'SUMPRODUCT': {
        // One array only, as the layout writes it: a range, or ROUND over one (each cell rounded, then summed).
        if (args.length !== 1) return NAME;
        const values = this.array(args[0], here);
        if (isError(values)) return values;
        let total = 0;
        for (const value of values) {
          if (isError(value)) return value;
          if (typeof value === 'number') total += value;
        }
        return checked(total);
      }
      case 'ROUND': {
        if (args.length !== 2) return NAME;
        const value = toNumber(this.value(args[0], here));
        if (isError(value)) return value;
        const digits = toNumber(this.value(args[1], here));
        if (isError(digits)) return digits;
        return checked(excelRound(value, digits));
      }
      case 'ABS': {
        if (args.length !== 1) return NAME;
        const value = toNumber(this.value(args[0], here));
        return isError(value) ? value : Math.abs(value);
      }
      case 'IF': {
        if (args.length < 2 || args.length > 3) return NAME;
        const condition = this.value(args[0], here);
        if (isError(condition)) return condition;
        let truth: boolean;
        if (condition === EMPTY) truth = false;
        else if (typeof condition === 'string') return VALUE;
        else truth = condition !== 0 && condition !== false;
        if (truth) return this.value(args[1], here);
        return args.length === 3 ? this.value(args[2], here) : false;
      }
      default:
        return NAME;
    }
  }
}

/** Whether a formula calls SUBTOTAL (outside its text literals): such a cell is left out of another SUBTOTAL. */
function callsSubtotal(formula: string): boolean {
  return /(^|[^\w.])SUBTOTAL\s*\(/i.test(formula.replace(/"(?:[^"]|"")*"/g, '""'));
}

/** What Excel would show for `formula` in `cell`: a number, text, a boolean, or an error such as "#DIV/0!". */
export function calculate(formula: string, cell: FormulaCell): Scalar {
  const value = new Evaluation(cell.workbook).formula(formula, cell.sheet, cell.row, cell.column);
  return isError(value) ? value.code : value === EMPTY ? 0 : value;
}
