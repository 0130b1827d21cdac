/** Picks the dictionary for a locale tag from tables keyed by language, falling back to English. */

/** A dictionary of strings with `{name}` placeholders. */
export type Dictionary = Record<string, string>;

/**
 * The key of `tables` that serves `tag` (a BCP 47 tag such as `fr-CA` or Shopify's `pt-BR`): the
 * whole tag, then its language, then `en`.
 */
export function pickLocale(tag: string | null | undefined, available: readonly string[]): string {
  const wanted = (tag ?? "").trim().toLowerCase().replace(/_/g, "-");
  if (available.includes(wanted)) return wanted;
  const language = wanted.split("-")[0] ?? "";
  return available.includes(language) ? language : "en";
}

/** The strings for `tag`, each key the table lacks (or has empty) taken from English. */
export function pickStrings<T extends Dictionary>(tables: Record<string, Partial<T>> & { en: T }, tag: string | null | undefined): T {
  const chosen = tables[pickLocale(tag, Object.keys(tables))] ?? {};
  const strings = { ...tables.en };
  for (const [key, value] of Object.entries(chosen)) if (typeof value === "string" && value.trim() && key in strings) (strings as Dictionary)[key] = value;
  return strings;
}

/** Fills a string's `{name}` placeholders; unknown ones stay as written. */
export function format(template: string, vars?: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (vars && name in vars ? String(vars[name]) : match));
}
