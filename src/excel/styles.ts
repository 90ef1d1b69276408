import type { CellStyle } from '../workbook/layout';
import type { ExcelRange } from './excel-api';

/**
 * How each layout style looks. Only font and fill: borders cost one call per edge, and a style is applied to runs of
 * rows, so every property here is a queued call per run. The warning/good colours are Excel's own "Bad"/"Good" cell
 * styles, so they read as what accountants already know; not bold, also in a bold row (an organization's), as the
 * .xlsx writes them. The .xlsx writer (src/xlsx/write-layout.ts) gives each style the same font and fill.
 */
interface StyleLook {
  bold?: boolean;
  italic?: boolean;
  size?: number;
  fontColor?: string;
  fill?: string;
}

const STYLE_LOOKS: Readonly<Record<CellStyle, StyleLook>> = {
  title: { bold: true, size: 13, fontColor: '#1F4E78' },
  caption: { italic: true, fontColor: '#595959' },
  header: { bold: true, fill: '#D9E1F2' },
  organization: { bold: true, fill: '#F2F2F2' },
  product: { bold: true },
  detail: {},
  total: { bold: true, fill: '#DDEBF7' },
  warning: { bold: false, fontColor: '#9C0006', fill: '#FFC7CE' },
  good: { bold: false, fontColor: '#006100', fill: '#C6EFCE' },
};

/** True when the style changes nothing (detail rows): no call is queued for it. */
export function isPlainStyle(style: CellStyle | undefined): boolean {
  return style === undefined || Object.keys(STYLE_LOOKS[style]).length === 0;
}

/** Number of property writes a style queues (each is an action in the request). */
export function styleCallCount(style: CellStyle): number {
  return Object.keys(STYLE_LOOKS[style]).length;
}

export function applyStyle(range: ExcelRange, style: CellStyle): void {
  const look = STYLE_LOOKS[style];
  if (look.bold !== undefined) range.format.font.bold = look.bold;
  if (look.italic !== undefined) range.format.font.italic = look.italic;
  if (look.size !== undefined) range.format.font.size = look.size;
  if (look.fontColor !== undefined) range.format.font.color = look.fontColor;
  if (look.fill !== undefined) range.format.fill.color = look.fill;
}
