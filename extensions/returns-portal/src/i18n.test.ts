import { describe, expect, it } from "vitest";
import en from "../locales/en.default.json";
import fr from "../locales/fr.json";
import { pickStrings, translator } from "./i18n";

describe("portal strings", () => {
  it("picks the dictionary by the page's language, region ignored, English otherwise", () => {
    expect(pickStrings("fr").lookup_heading).toBe(fr.portal.lookup_heading);
    expect(pickStrings("fr-CA").lookup_heading).toBe(fr.portal.lookup_heading);
    expect(pickStrings("en-GB").lookup_heading).toBe(en.portal.lookup_heading);
    expect(pickStrings("de").lookup_heading).toBe(en.portal.lookup_heading);
    expect(pickStrings("").lookup_heading).toBe(en.portal.lookup_heading);
  });

  it("takes the theme's rendered strings over its own, except unknown, empty or missing ones", () => {
    const strings = pickStrings("de", {
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

  it("has every English string in French, with the same placeholders", () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(en.portal)) {
      const french = (fr.portal as Record<string, string>)[key];
      expect(french, key).toBeTruthy();
      expect(placeholders(french!), key).toEqual(placeholders(text));
    }
  });
});
