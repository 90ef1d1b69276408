import type { BillingReport } from '../billing/report';
import { writeReportJson } from '../billing/report-json';

/** About a megabyte: the report is handed on as it is made, never as one huge string. */
const BLOCK_BYTES = 1 << 20;

/** The report's JSON as `--json` prints it, in UTF-8 blocks of about a megabyte. */
export function writeJsonBlocks(report: BillingReport, writeBlock: (bytes: Buffer) => void): void {
  utf8Blocks((add) => writeReportJson(report, add), writeBlock);
}

/**
 * The texts `write` makes, in UTF-8 blocks of at most `blockBytes` (a longer text is a block of its own). Each text is
 * encoded into the block as it comes: a text holding a wider character ("Tables – LRS") would make a joined text of
 * them two bytes a character, to be copied and encoded again. A block is never reused: a write to a pipe may still
 * hold it. The texts must not cut a character's surrogate pair in two (JSON's texts are whole tokens).
 */
export function utf8Blocks(write: (add: (text: string) => void) => void, writeBlock: (bytes: Buffer) => void, blockBytes = BLOCK_BYTES): void {
  let block = Buffer.allocUnsafe(blockBytes);
  let used = 0;
  const flush = () => {
    if (used === 0) return;
    writeBlock(block.subarray(0, used));
    block = Buffer.allocUnsafe(blockBytes);
    used = 0;
  };
  write((text) => {
    // UTF-8 takes at most three bytes for each UTF-16 unit.
    if (used + text.length * 3 > blockBytes) {
      flush();
      if (text.length * 3 > blockBytes) {
        writeBlock(Buffer.from(text));
        return;
      }
    }
    used += block.write(text, used);
  });
  flush();
}
