/** Colour arithmetic for the accent setting: WCAG relative luminance and the text colour that reads on it. */

/** The accent used when the setting is missing or not a hex colour. */
export const DEFAULT_ACCENT = "#1d4ed8";

/** `#rgb` or `#rrggbb` (any case) as `#rrggbb`, or null when it is anything else. */
export function normalizeHex(value: string | null | undefined): string | null {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec((value ?? "").trim());
  if (!match) return null;
  const hex = match[1]!.toLowerCase();
  return `#${hex.length === 3 ? [...hex].map((c) => c + c).join("") : hex}`;
}

/** WCAG 2 relative luminance of a `#rrggbb` colour, 0 (black) to 1 (white). */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG 2 contrast ratio between two `#rrggbb` colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The accent (or the default) and the text colour for it: white or black, whichever contrasts more. */
export function accentColors(setting: string | null | undefined): { accent: string; onAccent: string } {
  const accent = normalizeHex(setting) ?? DEFAULT_ACCENT;
  const onAccent = contrastRatio(accent, "#ffffff") >= contrastRatio(accent, "#000000") ? "#ffffff" : "#000000";
  return { accent, onAccent };
}
