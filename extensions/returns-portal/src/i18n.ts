import de from "../locales/de.json";
import en from "../locales/en.default.json";
import es from "../locales/es.json";
import fr from "../locales/fr.json";

/** Every storefront string of the portal, keyed as in the block's locale files (`portal.<key>`). */
export type Strings = typeof en.portal;
/** One string's key. */
export type StringKey = keyof Strings;
/** Looks a string up and fills its `{name}` placeholders. */
export type Translate = (key: StringKey, vars?: Record<string, string | number>) => string;

// The locale files are the single source: the theme renders them through Liquid, the bundle
// carries them as the fallback for pages that do not (the demo storefront, a missing key). The
// languages are those the chat speaks (app/.server/assistant/phrases.ts), so a shopper who chats in
// one of them meets the same language in the portal.
const BUILT_IN: Record<string, Strings> = { en: en.portal, fr: fr.portal, es: es.portal, de: de.portal };

/** Decodes HTML entities, which Liquid's `t` filter may leave in the strings it renders. */
function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  // A textarea's content is never parsed as markup, so this cannot run or inject anything.
  const area = document.createElement("textarea");
  area.innerHTML = text;
  return area.value;
}

/**
 * The dictionary for `lang` (a BCP 47 tag such as `fr-CA`), overlaid with strings the theme block
 * rendered; a key the theme lacks, or rendered empty, keeps the built-in text.
 */
export function pickStrings(lang: string, rendered?: Record<string, unknown>): Strings {
  const base = BUILT_IN[lang.toLowerCase().split("-")[0] ?? ""] ?? en.portal;
  const strings: Strings = { ...base };
  for (const [key, value] of Object.entries(rendered ?? {})) {
    if (key in strings && typeof value === "string" && value.trim() && !value.includes("translation missing")) {
      strings[key as StringKey] = decodeEntities(value);
    }
  }
  return strings;
}

/** A translate function over one dictionary. */
export function translator(strings: Strings): Translate {
  return (key, vars) => strings[key].replace(/\{(\w+)\}/g, (match, name: string) => (vars && name in vars ? String(vars[name]) : match));
}
