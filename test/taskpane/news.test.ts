/** A notice is news until anything the pane shows changes (lib/news.ts). */
import { noticeNow, type GivenNotice } from '../../src/taskpane/lib/news';

/** The notice shown after each step: [text given, moment]. */
function shown(steps: Array<[string | null, string]>): Array<string | null> {
  let given: GivenNotice = { text: null, moment: '', gone: false };
  return steps.map(([text, moment]) => {
    given = noticeNow(given, text, moment);
    return given.gone ? null : given.text;
  });
}

describe('a notice after an action', () => {
  it('stays while nothing changes, and goes once anything does, for good', () => {
    expect(shown([
      ['Saved: Promotions Keep.', 'keep'],
      ['Saved: Promotions Keep.', 'keep'],
      ['Saved: Promotions Keep.', 'pass on'],
      // Back as it was: the notice does not come back.
      ['Saved: Promotions Keep.', 'keep'],
    ])).toEqual(['Saved: Promotions Keep.', 'Saved: Promotions Keep.', null, null]);
  });

  it('a notice given again (the same words, after a new save) is news again, from the moment it is given', () => {
    expect(shown([
      ['Saved: Markup 5.', 'a'],
      ['Saved: Markup 5.', 'b'],
      [null, 'b'],
      ['Saved: Markup 5.', 'c'],
      ['Saved: Markup 5.', 'c'],
      ['Saved: Markup 5.', 'd'],
    ])).toEqual(['Saved: Markup 5.', null, null, 'Saved: Markup 5.', 'Saved: Markup 5.', null]);
  });
});
