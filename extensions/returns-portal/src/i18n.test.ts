import { describe, expect, it } from "vitest";
import en from "../locales/en.default.json";
import de from "../locales/de.json";
import es from "../locales/es.json";
import fr from "../locales/fr.json";
import { LANGUAGES } from "../../../app/.server/assistant/phrases";
import { pickStrings, translator } from "./i18n";

describe("portal strings", () => {
  it("picks the dictionary by the page's language, region ignored, English otherwise", () => {
    expect(pickStrings("fr").lookup_heading).toBe(fr.portal.lookup_heading);
    expect(pickStrings("fr-CA").lookup_heading).toBe(fr.portal.lookup_heading);
    expect(pickStrings("en-GB").lookup_heading).toBe(en.portal.lookup_heading);
    expect(pickStrings("es-MX").lookup_heading).toBe(es.portal.lookup_heading);
    expect(pickStrings("de-AT").lookup_heading).toBe(de.portal.lookup_heading);
    expect(pickStrings("it").lookup_heading).toBe(en.portal.lookup_heading);
    expect(pickStrings("").lookup_heading).toBe(en.portal.lookup_heading);
  });

  it("takes the theme's rendered strings over its own, except unknown, empty or missing ones", () => {
    const strings = pickStrings("it", {
      lookup_heading: "Bestellung finden",
      find_order: "",
      email_label: "translation missing: de.portal.email_label",
      not_a_key: "ignored",
      step: 3,
    });
    expect(strings.lookup_heading).toBe("Bestellung finden");
    expect(strings.find_order).toBe(en.portal.find_order);
    expect(strings.email_label).toBe(en.portal.email_label);
    expect(strings.step).toBe(en.portal.step);
    expect("not_a_key" in strings).toBe(false);
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    const t = translator(pickStrings("en"));
    expect(t("step", { current: 2, total: 3 })).toBe("Step 2 of 3");
    expect(t("step", { current: 2 })).toBe("Step 2 of {total}");
  });

  it("speaks every language the chat speaks, each with every English string and the same placeholders", () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const dictionaries: Record<string, Record<string, string>> = { fr: fr.portal, es: es.portal, de: de.portal };
    for (const language of LANGUAGES.filter((l) => l !== "en")) {
      const dictionary = dictionaries[language];
      expect(dictionary, language).toBeDefined();
      expect(pickStrings(language).find_order, language).toBe(dictionary!.find_order);
      for (const [key, text] of Object.entries(en.portal)) {
        expect(dictionary![key], `${language}.${key}`).toBeTruthy();
        expect(placeholders(dictionary![key]!), `${language}.${key}`).toEqual(placeholders(text));
      }
    }
  });
});
