import { describe, expect, it } from "vitest";
import de from "../locales/de.json";
import en from "../locales/en.default.json";
import es from "../locales/es.json";
import fr from "../locales/fr.json";
import { format, pickLocale, pickStrings } from "./i18n";

const LOCALES = { fr, es, de };

describe("pickLocale", () => {
  const available = ["en", "fr", "es", "pt-br"];

  it("takes the whole tag, then its language, then English", () => {
    expect(pickLocale("fr", available)).toBe("fr");
    expect(pickLocale("fr-CA", available)).toBe("fr");
    expect(pickLocale("FR", available)).toBe("fr");
    expect(pickLocale("es_MX", available)).toBe("es");
    expect(pickLocale("pt-BR", available)).toBe("pt-br");
    expect(pickLocale("pt-PT", available)).toBe("en");
    expect(pickLocale("de", available)).toBe("en");
    expect(pickLocale("", available)).toBe("en");
    expect(pickLocale(undefined, available)).toBe("en");
  });
});

describe("pickStrings", () => {
  it("fills what a language lacks, or has empty, from English", () => {
    const tables = { en: { a: "Send", b: "Close" }, fr: { a: "Envoyer", b: " " } };
    expect(pickStrings(tables, "fr-FR")).toEqual({ a: "Envoyer", b: "Close" });
    expect(pickStrings(tables, "ja")).toEqual({ a: "Send", b: "Close" });
  });

  it("gives the shopper's language for the widget's own tables", () => {
    expect(pickStrings({ en: en.launcher, fr: fr.launcher, es: es.launcher }, "fr-CA").label).toBe("Discuter avec nous");
    expect(pickStrings({ en: en.panel, fr: fr.panel, es: es.panel }, "es").send).toBe("Enviar");
    expect(pickStrings({ en: en.panel, fr: fr.panel, es: es.panel, de: de.panel }, "de-AT").quick_return).toBe("Rücksendung starten");
  });
});

describe("format", () => {
  it("fills known placeholders and leaves unknown ones", () => {
    expect(format("{count} characters left of {max}", { count: 12 })).toBe("12 characters left of {max}");
  });
});

describe("the locale files", () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  for (const [name, table] of Object.entries(LOCALES)) {
    it(`${name} translates every English string with the same placeholders`, () => {
      for (const group of ["launcher", "panel"] as const) {
        const english = en[group] as Record<string, string>;
        const translated = table[group] as Record<string, string>;
        expect(Object.keys(translated).sort()).toEqual(Object.keys(english).sort());
        for (const key of Object.keys(english)) {
          expect(translated[key]!.trim(), `${name}: ${group}.${key}`).not.toBe("");
          expect(placeholders(translated[key]!), `${name}: ${group}.${key}`).toEqual(placeholders(english[key]!));
        }
      }
    });
  }
});
