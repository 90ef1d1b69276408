/**
 * What a report is made from, as the pane shows it: the files (and their billing dates) and the saved settings. A
 * report whose inputs have changed since is stale: shown with a word, and not exported.
 */
import type { Settings } from '../../billing/config';
import type { FileView } from '../../import/worker-protocol';

export function reportInputs(files: readonly FileView[], settings: Settings): string {
  const held = files.map((file) => [file.id, file.status, file.billingDate].join('|'));
  return JSON.stringify([held, String(settings.cycleEndDay), settings.defaultMarkupPercent.toString(), settings.currency]);
}
