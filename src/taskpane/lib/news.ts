/**
 * A notice after an action ("Saved in the Settings table: …") is news until anything the pane shows changes (a setting
 * chosen, a table edited, a file imported, a refresh): then it goes, rather than stand for good beside what it no
 * longer speaks of. A timer would take it away unread; a change is the moment it stops being true.
 */

/** A notice, the moment (what the pane showed, as text) it was given in, and whether it has gone since. */
export interface GivenNotice {
  text: string | null;
  moment: string;
  gone: boolean;
}

/** The notice as it stands now: a new text is given now; one given earlier goes once the moment changes, for good. */
export function noticeNow(given: GivenNotice, text: string | null, moment: string): GivenNotice {
  if (text !== given.text) return { text, moment, gone: false };
  if (!given.gone && moment !== given.moment) return { ...given, gone: true };
  return given;
}
