import { isDarkColor, wantsDark } from '../../src/taskpane/lib/theme';

describe("the pane's theme", () => {
  it('tells dark colours from light ones', () => {
    expect(isDarkColor('#1f1f1f')).toBe(true);
    expect(isDarkColor('#000')).toBe(true);
    expect(isDarkColor('#666666')).toBe(true);
    expect(isDarkColor('#FFFFFF')).toBe(false);
    expect(isDarkColor('#e6e6e6')).toBe(false);
    expect(isDarkColor('transparent')).toBeNull();
  });

  it("follows Office's theme where it is given, the system's otherwise", () => {
    expect(wantsDark('#262626', false)).toBe(true);
    expect(wantsDark('#ffffff', true)).toBe(false);
    expect(wantsDark(undefined, true)).toBe(true);
    expect(wantsDark('', false)).toBe(false);
    expect(wantsDark('not a colour', true)).toBe(true);
  });
});
