import { readFile } from "node:fs/promises";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { FAKE_OPENAI_KEY, FakeOpenAI } from "../../../tests/fakes/openai";
import { createShop } from "../../../tests/support/factories";
import { clearDatabase } from "../../../tests/support/test-database";
import { closeDatabase, db, openDatabase } from "../db.server";
import { parseEnv, resetEnv } from "../env.server";
import { log } from "../logger.server";
import { deleteArticle } from "./delete-article.server";
import { embedArticle } from "./embed-article.server";
import { indexArticle } from "./index-article.server";
import { handleEmbedArticle } from "./job-handlers.server";
import { embedArticleJob } from "./jobs";
import { searchKnowledge } from "./search-knowledge.server";
import { EMBEDDING_DIMENSIONS, vectorSearchAvailable } from "./vector-store.server";
import { merchantContext } from "../../../tests/support/contexts";

// Always the embedded database, which loads pgvector, even when DATABASE_URL names a server without it
// (search-knowledge.server.test.ts covers that server's full-text-only search).
beforeAll(async () => {
  await openDatabase({ dataDir: "memory://", loadDataDir: new Blob([await readFile(inject("pgliteSnapshot"))]) });
});
afterAll(async () => {
  await closeDatabase();
});

const MODEL = "text-embedding-3-small";
const fake = new FakeOpenAI();
let baseURL: string;
let openai: OpenAI;
let shopId: string;

beforeAll(async () => {
  baseURL = await fake.start();
  openai = new OpenAI({ apiKey: FAKE_OPENAI_KEY, baseURL, maxRetries: 0 });
});
afterAll(async () => {
  await fake.stop();
  resetEnv(undefined);
});
beforeEach(async () => {
  resetEnv(parseEnv({ ...process.env, OPENAI_API_KEY: "", OPENAI_BASE_URL: "" }));
  fake.reset();
  await clearDatabase();
  shopId = (await createShop()).id;
});

function withModelConfigured() {
  resetEnv(parseEnv({ ...process.env, OPENAI_API_KEY: FAKE_OPENAI_KEY, OPENAI_BASE_URL: baseURL }));
}

async function article(shop: string, title: string, body: string, status: "published" | "draft" = "published") {
  const row = await db().knowledgeArticle.create({ data: { shopId: shop, title, body, status } });
  await indexArticle(db(), row);
  return row;
}

async function embedded(shop: string, title: string, body: string) {
  const row = await article(shop, title, body);
  await embedArticle(db(), { shopId: shop, articleId: row.id }, { openai, model: MODEL });
  return row;
}

async function embeddingsOf(articleId: string) {
  return db().$queryRaw<Array<{ chunkId: string; shopId: string; model: string; dimensions: number }>>`
    SELECT e."chunkId"::text AS "chunkId", e."shopId"::text AS "shopId", e."model", vector_dims(e."embedding") AS dimensions
    FROM "knowledge_chunk_embeddings" e JOIN "knowledge_chunks" c ON c."id" = e."chunkId" WHERE c."articleId" = ${articleId}::uuid`;
}

const SENDING = "## Sending abroad\nWe post packages to every country within ten days.";
const RETURNS = "## Window\nReturn within 30 days for a refund.";

describe("vector store", () => {
  it("is available on the embedded database, with the model's dimension; a model of another dimension leaves it off", async () => {
    expect(await vectorSearchAvailable(MODEL)).toBe(true);
    expect(await vectorSearchAvailable("text-embedding-3-large")).toBe(false);
  });
});

describe("knowledge.embed", () => {
  it("is enqueued by indexing when a model is configured, and writes one embedding per passage", async () => {
    withModelConfigured();
    const row = await article(shopId, "Shipping", "## Abroad\nWe post worldwide.\n\n## Costs\nFree over $100.\n\n## Times\nThree days.");
    const jobs = await db().jobOutbox.findMany({ where: { name: "knowledge.embed" } });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ shopId, payload: { shopId, articleId: row.id } });
    expect(jobs[0]!.runAt.getTime()).toBeGreaterThan(Date.now());

    await handleEmbedArticle(embedArticleJob.payload.parse(jobs[0]!.payload), { db: db(), jobId: jobs[0]!.id, attempt: 1, log: log() });
    const chunks = await db().knowledgeChunk.findMany({ where: { articleId: row.id }, select: { id: true } });
    const rows = await embeddingsOf(row.id);
    expect(chunks).toHaveLength(3);
    expect(rows.map((r) => r.chunkId).sort()).toEqual(chunks.map((c) => c.id).sort());
    expect(rows.every((r) => r.shopId === shopId && r.model === MODEL && r.dimensions === EMBEDDING_DIMENSIONS[MODEL])).toBe(true);
    expect(fake.embeddingRequests).toHaveLength(1);
    expect(fake.embeddingRequests[0]).toMatchObject({ model: MODEL, input: [expect.stringContaining("worldwide"), expect.stringContaining("Free"), expect.stringContaining("Three")] });

    // Run again (a retry, or a later job of a burst of edits): nothing left to embed, no API call.
    expect(await embedArticle(db(), { shopId, articleId: row.id })).toBe(0);
    expect(fake.embeddingRequests).toHaveLength(1);

    // New text: the old embeddings go with the old passages and a new job is enqueued.
    await indexArticle(db(), { ...row, body: "## Abroad\nWe post to 40 countries." });
    expect(await embeddingsOf(row.id)).toEqual([]);
    expect(await db().jobOutbox.count({ where: { name: "knowledge.embed" } })).toBe(2);
  });

  it("is not enqueued without a model, and does nothing when the shop turned AI off", async () => {
    const row = await article(shopId, "Shipping", SENDING);
    expect(await db().jobOutbox.count()).toBe(0);
    await db().shop.update({ where: { id: shopId }, data: { settings: { aiEnabled: false } } });
    expect(await embedArticle(db(), { shopId, articleId: row.id }, { openai, model: MODEL })).toBe(0);
    expect(fake.embeddingRequests).toEqual([]);
    expect(await embeddingsOf(row.id)).toEqual([]);
  });

  it("fails for good on a refused request and is retried on a server error", async () => {
    const row = await article(shopId, "Shipping", SENDING);
    const wrongKey = new OpenAI({ apiKey: "sk-wrong", baseURL, maxRetries: 0 });
    await expect(embedArticle(db(), { shopId, articleId: row.id }, { openai: wrongKey, model: MODEL })).rejects.toMatchObject({ name: "PermanentJobError" });
    fake.enqueueEmbeddings({ error: 503 });
    await expect(embedArticle(db(), { shopId, articleId: row.id }, { openai, model: MODEL })).rejects.toMatchObject({ status: 503 });
    expect(await embeddingsOf(row.id)).toEqual([]);
  });
});

describe("hybrid search", () => {
  it("finds a passage by meaning that full-text search cannot find", async () => {
    const sending = await embedded(shopId, "Sending", SENDING);
    await embedded(shopId, "Returns", RETURNS);
    const query = "overseas shipping";
    expect(await searchKnowledge(db(), shopId, query, { openai: null })).toEqual([]);

    const hits = await searchKnowledge(db(), shopId, query, { openai, embeddingModel: MODEL });
    expect(hits).toEqual([{ articleId: sending.id, title: "Sending", heading: "Sending abroad", text: expect.stringContaining("packages"), rank: 1 / 61 }]);
    expect(fake.embeddingRequests.at(-1)).toMatchObject({ model: MODEL, input: [query] });
  });

  it("fuses the two rankings: a passage both find comes first", async () => {
    const abroad = await embedded(shopId, "Shipping", "## International shipping\nWe ship parcels abroad.");
    const costs = await embedded(shopId, "Costs", "## Shipping costs\nShipping is $5 per order, free over $100, charged per order.");
    const hits = await searchKnowledge(db(), shopId, "overseas shipping of packages", { openai, embeddingModel: MODEL });
    expect(hits.map((h) => h.articleId)).toEqual([abroad.id, costs.id]);
    expect(hits[0]!.rank).toBeGreaterThan(hits[1]!.rank);
  });

  it("is full-text only, with no embeddings call, when no model is configured", async () => {
    await embedded(shopId, "Sending", SENDING);
    const returns = await embedded(shopId, "Returns", RETURNS);
    const calls = fake.embeddingRequests.length;
    expect(await searchKnowledge(db(), shopId, "overseas shipping")).toEqual([]);
    expect((await searchKnowledge(db(), shopId, "refund")).map((h) => h.articleId)).toEqual([returns.id]);
    expect(fake.embeddingRequests).toHaveLength(calls);
  });

  it("falls back to full-text when the query's embedding fails", async () => {
    await embedded(shopId, "Sending", SENDING);
    const returns = await embedded(shopId, "Returns", RETURNS);
    const fullText = await searchKnowledge(db(), shopId, "refund", { openai: null });
    fake.enqueueEmbeddings({ error: 500 }, { error: 429 });
    expect(await searchKnowledge(db(), shopId, "refund", { openai, embeddingModel: MODEL })).toEqual(fullText);
    expect(await searchKnowledge(db(), shopId, "overseas shipping", { openai, embeddingModel: MODEL })).toEqual([]);
    const wrongKey = new OpenAI({ apiKey: "sk-wrong", baseURL, maxRetries: 0 });
    expect((await searchKnowledge(db(), shopId, "refund", { openai: wrongKey, embeddingModel: MODEL })).map((h) => h.articleId)).toEqual([returns.id]);
    expect(fake.embeddingRequests.slice(-2).map((r) => r.input)).toEqual([["refund"], ["overseas shipping"]]);
  });

  it("never returns another shop's passages, nor drafts", async () => {
    const other = await createShop();
    await embedded(other.id, "Sending", SENDING);
    await embedded(shopId, "Returns", RETURNS);
    const draft = await article(shopId, "Draft sending", "## Abroad\nSecret overseas shipping plans.", "draft");
    await embedArticle(db(), { shopId, articleId: draft.id }, { openai, model: MODEL });
    expect(await embeddingsOf(draft.id)).toHaveLength(1);
    expect(await searchKnowledge(db(), shopId, "overseas shipping", { openai, embeddingModel: MODEL })).toEqual([]);
    expect(fake.embeddingRequests.at(-1)?.input).toEqual(["overseas shipping"]);
  });

  it("forgets a deleted article's embeddings", async () => {
    const sending = await embedded(shopId, "Sending", SENDING);
    expect(await embeddingsOf(sending.id)).toHaveLength(1);
    await deleteArticle(await merchantContext(shopId, { id: "staff-1", name: "Ana" }), { articleId: sending.id });
    expect(await db().$queryRaw`SELECT count(*)::int AS count FROM "knowledge_chunk_embeddings"`).toEqual([{ count: 0 }]);
    expect(await searchKnowledge(db(), shopId, "overseas shipping", { openai, embeddingModel: MODEL })).toEqual([]);
  });
});
