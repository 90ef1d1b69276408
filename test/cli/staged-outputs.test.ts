/**
 * The command line's outputs go in place together or not at all (src/cli/staged-outputs.ts).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeFolder, OutputError } from '../../src/cli/output-folders';
import { StagedOutputs } from '../../src/cli/staged-outputs';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'csp-billing-staged-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('staged outputs', () => {
  it('replace the last run\'s files together, and leave nothing else behind', async () => {
    writeFileSync(join(dir, 'billing.csv'), 'last run');
    const staged = new StagedOutputs();
    await staged.file('--csv', join(dir, 'billing.csv'), (temp) => writeFile(temp, 'this run'));
    await staged.filesIn('--customer-csv', dir, [{ name: '2026-10 Fabrikam.csv', content: 'statement' }]);
    expect(readFileSync(join(dir, 'billing.csv'), 'utf8')).toBe('last run');
    staged.commit();
    expect(readdirSync(dir).sort()).toEqual(['2026-10 Fabrikam.csv', 'billing.csv']);
    expect(readFileSync(join(dir, 'billing.csv'), 'utf8')).toBe('this run');
  });

  it('put every file back when one cannot be replaced: none of this run is in place', async () => {
    writeFileSync(join(dir, 'a.csv'), 'last run a');
    // A name whose staged copy fits the file system's 255 characters and whose set-aside copy does not.
    const long = 'x'.repeat(255 - `..${process.pid}.staged`.length);
    writeFileSync(join(dir, long), 'last run long');
    const staged = new StagedOutputs();
    await staged.file('--csv', join(dir, 'a.csv'), (temp) => writeFile(temp, 'this run a'));
    await staged.file('--out', join(dir, long), (temp) => writeFile(temp, 'this run long'));
    expect(() => staged.commit()).toThrow(OutputError);
    staged.discard();
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('last run a');
    expect(readFileSync(join(dir, long), 'utf8')).toBe('last run long');
    expect(readdirSync(dir).sort()).toEqual([long, 'a.csv'].sort());
  });

  it("clear what a run killed outright left, and bring back a file it had set aside", async () => {
    const gone = 999_999_999;
    writeFileSync(join(dir, `.billing.csv.${gone}.staged`), 'half written');
    writeFileSync(join(dir, `.report.xlsx.${gone}.previous`), 'last run report');
    const staged = new StagedOutputs();
    await staged.file('--csv', join(dir, 'billing.csv'), (temp) => writeFile(temp, 'this run'));
    await staged.filesIn('--customer-csv', dir, []);
    staged.commit();
    expect(readdirSync(dir).sort()).toEqual(['billing.csv', 'report.xlsx']);
    expect(readFileSync(join(dir, 'report.xlsx'), 'utf8')).toBe('last run report');
  });

  it('take away the output folders a run that stops had made, and keep them once it is written', async () => {
    const stopped = new StagedOutputs();
    stopped.madeFolders(await makeFolder('--csv', join(dir, 'new/2026-10')));
    await stopped.file('--csv', join(dir, 'new/2026-10/billing.csv'), (temp) => writeFile(temp, 'this run'));
    stopped.discard();
    expect(readdirSync(dir)).toEqual([]);

    // A folder someone put a file in meanwhile stays, with the file.
    const again = new StagedOutputs();
    again.madeFolders(await makeFolder('--customer-csv', join(dir, 'new/customers')));
    writeFileSync(join(dir, 'new/notes.txt'), 'mine');
    again.discard();
    expect(existsSync(join(dir, 'new/customers'))).toBe(false);
    expect(readdirSync(join(dir, 'new'))).toEqual(['notes.txt']);

    const written = new StagedOutputs();
    written.madeFolders(await makeFolder('--csv', join(dir, 'done')));
    await written.file('--csv', join(dir, 'done/billing.csv'), (temp) => writeFile(temp, 'this run'));
    written.commit();
    expect(readdirSync(join(dir, 'done'))).toEqual(['billing.csv']);
  });
});
