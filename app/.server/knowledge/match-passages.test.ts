import { describe, expect, it } from "vitest";
import { DEMO_ARTICLES } from "../demo/catalog";
import { chunkArticle } from "./chunk-article";
import { indexPassages, matchPassages, termsOf } from "./match-passages";

const index = indexPassages(
  DEMO_ARTICLES.filter((a) => a.status === "published").flatMap((a) =>
    chunkArticle(a.title, a.body).map((c, position) => ({ articleId: a.slug, title: a.title, tags: a.tags, heading: c.heading, text: c.text, position })),
  ),
);
const best = (query: string, language: "en" | "fr" | "es" | "de") => matchPassages(index, query, language)[0]?.passage;

describe("passage matching without a model", () => {
  it("folds commerce words of four languages into one term", () => {
    for (const [text, language] of [["swimsuit", "en"], ["bikini", "en"], ["maillot de bain", "fr"], ["bañador", "es"], ["Bademode", "de"]] as const) expect(termsOf(text, language)).toContain("swimwear");
    expect(termsOf("money back", "en")).toEqual(["refund"]);
    expect(termsOf("Schuhgröße", "de")).toEqual(["shoe", "size"]);
  });

  it.each([
    ["How long do I have to return swimwear?", "en", "Swimwear returns"],
    ["Which jeans size should I take if I'm between sizes?", "en", "Size guide: jeans"],
    ["Combien coûte la livraison au Canada ?", "fr", "International shipping"],
    ["¿Cómo lavo los vaqueros?", "es", "Caring for your pieces"],
    ["Mein Paket wurde als zugestellt markiert, aber ich habe es nicht erhalten", "de", "Tracking your order"],
  ] as const)("finds the passage that answers %s", (query, language, title) => {
    expect(best(query, language)?.title).toBe(title);
  });

  it("answers with the passage, not the article's first one", () => {
    expect(best("How do I wash linen?", "en")?.heading).toBe("Linen and cotton");
    expect(best("How much is shipping to Canada?", "en")?.heading).toBe("Rates and delivery times");
  });

  it("finds nothing for questions no article answers", () => {
    for (const query of ["What's the capital of France?", "What is the meaning of life?", "write me a poem about cats"]) expect(matchPassages(index, query, "en")).toEqual([]);
  });
});
