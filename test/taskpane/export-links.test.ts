import { filesToLink, MOST_FILE_LINKS } from '../../src/taskpane/lib/export-links';

const files = (count: number) => Array.from({ length: count }, (_, i) => `2026-10 Customer ${i + 1}.csv`);

describe('the customer files linked one by one beside their .zip', () => {
  it('are all of them up to a few dozen', () => {
    expect(filesToLink(files(3), true)).toEqual(files(3));
    expect(filesToLink(files(MOST_FILE_LINKS), true)).toHaveLength(MOST_FILE_LINKS);
  });

  it("are none past that: a big partner's thousands of links would be thousands of tab stops, and the .zip holds them", () => {
    expect(filesToLink(files(MOST_FILE_LINKS + 1), true)).toEqual([]);
    expect(filesToLink(files(3_733), true)).toEqual([]);
  });

  it('are all of them where there is no .zip to hold them', () => {
    expect(filesToLink(files(3_733), false)).toHaveLength(3_733);
  });
});
