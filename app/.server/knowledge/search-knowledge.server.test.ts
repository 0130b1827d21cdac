import OpenAI from "openai";
import { beforeEach, describe, expect, it } from "vitest";
import { FAKE_OPENAI_KEY, FakeOpenAI } from "../../../tests/fakes/openai";
import { createShop } from "../../../tests/support/factories";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { db } from "../db.server";
import { embedArticle } from "./embed-article.server";
import { indexArticle } from "./index-article.server";
import { searchKnowledge } from "./search-knowledge.server";
import { vectorSearchAvailable } from "./vector-store.server";

setupTestDatabase();

async function article(shopId: string, title: string, body: string, status: "published" | "draft" = "published") {
  const row = await db().knowledgeArticle.create({ data: { shopId, title, body, status } });
  await indexArticle(db(), row);
  return row;
}

let shopId: string;
beforeEach(async () => {
  await clearDatabase();
  shopId = (await createShop()).id;
});

describe("searchKnowledge", () => {
  it("finds published passages, headings weighing more than text", async () => {
    const shipping = await article(shopId, "Shipping", "## International shipping\nWe ship to Canada in 5 to 8 days.\n\n## Costs\nFree over $100.");
    await article(shopId, "Returns", "## Window\nReturn within 30 days. Shipping labels are free.");
    await article(shopId, "Draft shipping notes", "Shipping secrets nobody should read", "draft");
    const hits = await searchKnowledge(db(), shopId, "international shipping");
    expect(hits[0]).toMatchObject({ articleId: shipping.id, title: "Shipping", heading: "International shipping", text: expect.stringContaining("Canada") });
    expect(hits.every((h) => h.rank > 0)).toBe(true);
    expect(JSON.stringify(hits)).not.toContain("secrets");
  });

  it("falls back to any word and prefixes when every word cannot match", async () => {
    await article(shopId, "Shipping", "## Delivery times\nParcels arrive in 3 days.");
    const hits = await searchKnowledge(db(), shopId, "how long does deliv take for my parcel to zanzibar");
    expect(hits[0]?.heading).toBe("Delivery times");
  });

  it("never returns another shop's articles, and survives hostile queries", async () => {
    const other = await createShop();
    await article(other.id, "Shipping", "We ship everywhere.");
    expect(await searchKnowledge(db(), shopId, "shipping")).toEqual([]);
    for (const query of ["'; DROP TABLE knowledge_chunks; --", "!!! ((( :* & |", "", "   ", "a".repeat(5000), "\"unclosed", "-shipping"]) {
      await expect(searchKnowledge(db(), shopId, query)).resolves.toEqual([]);
    }
    expect(await db().knowledgeChunk.count()).toBe(1);
  });

  // Hybrid search itself is tested on the embedded database, which always has pgvector (hybrid-search.server.test.ts).
  it("embeds nothing and stays full-text where the database has no vector extension", async (ctx) => {
    if (await vectorSearchAvailable("text-embedding-3-small")) ctx.skip();
    const fake = new FakeOpenAI();
    const openai = new OpenAI({ apiKey: FAKE_OPENAI_KEY, baseURL: await fake.start(), maxRetries: 0 });
    try {
      const returns = await article(shopId, "Returns", "## Window\nReturn within 30 days for a refund.");
      expect(await embedArticle(db(), { shopId, articleId: returns.id }, { openai, model: "text-embedding-3-small" })).toBe(0);
      expect((await searchKnowledge(db(), shopId, "refund", { openai })).map((h) => h.articleId)).toEqual([returns.id]);
      expect(fake.embeddingRequests).toEqual([]);
    } finally {
      await fake.stop();
    }
  });
});
