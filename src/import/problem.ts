/**
 * Why a file cannot be imported, in the accountant's words. The import adds the file name; row and column are
 * set where one cell is at fault. Never carries a stack trace to the user.
 */
export class ImportProblem extends Error {
  /** Further rows with problems after this one. */
  moreProblems = 0;

  constructor(
    readonly reason: string,
    readonly row?: number,
    readonly column?: string,
    /** The workbook sheet the row is on (a reconciliation saved as .xlsx, perhaps over several sheets). */
    readonly sheet?: string,
  ) {
    super(reason);
  }

  /** `october.csv, row 17, column Subtotal: "12,5x" is not a number`; `october.xlsx, sheet Part 2, row 17, ...` */
  describe(fileName: string): string {
    const where = [fileName, this.sheet ? `sheet ${this.sheet}` : '', this.row === undefined ? '' : `row ${this.row}`, this.column ? `column ${this.column}` : ''].filter(Boolean).join(', ');
    return `${where}: ${this.reason}`;
  }
}
