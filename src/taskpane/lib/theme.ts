/**
 * Light or dark, as Office shows its own panes (Office.context.officeTheme, where the host gives it), else as the
 * system asks (prefers-color-scheme).
 */

/** Whether a colour ("#1f1f1f", "#FFF") is dark: relative luminance (WCAG) below 0.2; null when it is not a hex colour. */
export function isDarkColor(color: string): boolean | null {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!match) return null;
  const hex = match[1].length === 3 ? [...match[1]].map((digit) => digit + digit).join('') : match[1];
  const [r, g, b] = [0, 2, 4].map((at) => {
    const channel = parseInt(hex.slice(at, at + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.2;
}

/** Office's body background where it says one (and it is a colour), else the system's preference. */
export function wantsDark(officeBackground: string | undefined | null, systemDark: boolean): boolean {
  return (officeBackground ? isDarkColor(officeBackground) : null) ?? systemDark;
}
