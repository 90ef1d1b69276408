import type { ExcelContext } from './excel-api';

/**
 * office.js's request context as the writer's narrow interface. This is a plain assignment: it only compiles while
 * every member the writer uses exists in office.js with a compatible type, so a typo or a wrong union in
 * excel-api.ts fails the type check rather than a user's refresh.
 */
export function excelContextOf(context: Excel.RequestContext): ExcelContext {
  return context;
}
