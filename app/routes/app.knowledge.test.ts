import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createShop } from "../../tests/support/factories";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { db } from "../.server/db.server";
import { DEMO_ARTICLES } from "../.server/demo/catalog";
import { parseEnv, resetEnv } from "../.server/env.server";
import { DEMO_SHOP_DOMAIN } from "../.server/shops/demo-shop";
import { action as articleAction, loader as articleLoader } from "./app.knowledge.$id";
import { action as listAction, loader as listLoader } from "./app.knowledge._index";
import { action as createAction } from "./app.knowledge.new";

setupTestDatabase();
beforeAll(() => resetEnv(parseEnv({ ...process.env, DOKANI_DEMO: "1" })));
afterAll(() => resetEnv());
beforeEach(async () => {
  await clearDatabase();
});

const MISSING = "00000000-0000-4000-8000-000000000000";
const demoShop = () => createShop({ platform: "demo", domain: DEMO_SHOP_DOMAIN });

function form(fields: Record<string, string>) {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.set(key, value);
  return body;
}

const create = (fields: Record<string, string>) => createAction(routeArgs(new Request("http://127.0.0.1/app/knowledge/new", { method: "POST", body: form(fields) })));
const act = (id: string, fields: Record<string, string>) =>
  articleAction(routeArgs(new Request(`http://127.0.0.1/app/knowledge/${id}`, { method: "POST", body: form(fields) }), { id }));
const open = (id: string) => articleLoader(routeArgs(new Request(`http://127.0.0.1/app/knowledge/${id}`), { id }));
const list = (query = "") => listLoader(routeArgs(new Request(`http://127.0.0.1/app/knowledge${query}`)));

const BODY = "Intro paragraph.\n\n## Refund window\nYou have 30 days.\n\n## Exchanges\nFree exchanges on sizes.";

async function created(fields: Record<string, string> = {}) {
  const response = await create({ intent: "save", title: "Returns FAQ", body: BODY, tags: "Returns, refunds, returns", ...fields });
  expect(response).toBeInstanceOf(Response);
  const location = (response as Response).headers.get("location")!;
  return location.split("/").at(-1)!.split("?")[0]!;
}

const chunks = (articleId: string) => db().knowledgeChunk.findMany({ where: { articleId }, orderBy: { position: "asc" } });

async function counts() {
  const [articles, passages, audit] = await Promise.all([db().knowledgeArticle.count(), db().knowledgeChunk.count(), db().auditLog.count()]);
  return { articles, passages, audit };
}

async function thrown(promise: Promise<unknown>) {
  return promise.then(
    () => null,
    (error: unknown) => error,
  );
}

describe("knowledge base articles", () => {
  it("creates a draft with its passages indexed and tags cleaned, and lists it", async () => {
    const shop = await demoShop();
    const id = await created();
    const article = await db().knowledgeArticle.findUniqueOrThrow({ where: { id } });
    expect(article).toMatchObject({ shopId: shop.id, title: "Returns FAQ", status: "draft", source: "manual", tags: ["returns", "refunds"], publishedAt: null });
    expect((await chunks(id)).map((c) => c.heading)).toEqual(["Returns FAQ", "Refund window", "Exchanges"]);
    expect((await open(id)).article).toMatchObject({ title: "Returns FAQ", passages: 3, status: "draft" });
    expect((await list()).rows.map((r) => r.id)).toEqual([id]);

    const published = await created({ intent: "publish", title: "Shipping" });
    expect(await db().knowledgeArticle.findUniqueOrThrow({ where: { id: published } })).toMatchObject({ status: "published", publishedAt: expect.any(Date) });
  });

  it("replaces the passages on edit, publishes and unpublishes, and removes passages on delete", async () => {
    await demoShop();
    const id = await created();
    const before = await chunks(id);
    expect(await act(id, { intent: "save", title: "Returns, updated", body: "Only one section now.", tags: "" })).toMatchObject({ ok: true, message: "Article saved" });
    const after = await chunks(id);
    expect(after.map((c) => [c.heading, c.text])).toEqual([["Returns, updated", "Only one section now."]]);
    expect(after.some((c) => before.some((b) => b.id === c.id))).toBe(false);
    expect(await db().knowledgeArticle.findUniqueOrThrow({ where: { id } })).toMatchObject({ title: "Returns, updated", tags: [] });

    expect(await act(id, { intent: "publish" })).toMatchObject({ ok: true });
    expect(await db().knowledgeArticle.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "published", publishedAt: expect.any(Date) });
    expect((await list("?status=published")).rows.map((r) => r.id)).toEqual([id]);
    expect((await list("?status=draft")).rows).toEqual([]);
    expect(await act(id, { intent: "unpublish" })).toMatchObject({ ok: true });
    expect(await db().knowledgeArticle.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "draft", publishedAt: null });
    expect(await chunks(id)).toHaveLength(1);

    const deleted = await act(id, { intent: "delete" });
    expect(deleted).toBeInstanceOf(Response);
    expect((deleted as Response).headers.get("location")).toBe("/app/knowledge?deleted=1");
    expect(await db().knowledgeArticle.count({ where: { id } })).toBe(0);
    expect(await db().knowledgeChunk.count({ where: { articleId: id } })).toBe(0);
    const audit = (await db().auditLog.findMany({ where: { entityId: id }, orderBy: { createdAt: "asc" } })).map((a) => a.action);
    expect(audit).toEqual(["created", "updated", "published", "unpublished", "deleted"]);
  });

  it("refuses invalid articles with field errors and writes nothing", async () => {
    await demoShop();
    const id = await created();
    const before = await counts();
    const cases: Array<[Record<string, string>, string]> = [
      [{ intent: "save", title: "   ", body: "x" }, "title"],
      [{ intent: "save", title: "x".repeat(201), body: "x" }, "title"],
      [{ intent: "save", title: "Ok", body: "  \n " }, "body"],
      [{ intent: "save", title: "Ok", body: "x".repeat(50_001) }, "body"],
      [{ intent: "save", title: "Ok", body: "x", tags: Array.from({ length: 21 }, (_, i) => `t${i}`).join(",") }, "tags"],
      [{ intent: "save", title: "Ok", body: "x", tags: "y".repeat(41) }, "tags[0]"],
    ];
    for (const [fields, field] of cases) {
      expect(await create(fields), JSON.stringify(fields).slice(0, 80)).toMatchObject({ error: expect.any(String), fields: { [field]: expect.any(String) } });
      expect(await act(id, fields)).toMatchObject({ ok: false, fields: { [field]: expect.any(String) } });
    }
    expect(await create({ intent: "drop", title: "Ok", body: "x" })).toMatchObject({ error: "That action is not one this page offers." });
    expect(await act(id, { intent: "drop" })).toMatchObject({ ok: false, error: "That action is not one this page offers." });
    expect(await counts()).toEqual(before);
    expect(await db().knowledgeArticle.findUniqueOrThrow({ where: { id } })).toMatchObject({ title: "Returns FAQ" });
  });

  it("answers another shop's article, a missing one and a malformed id with the same 404, and changes nothing", async () => {
    await demoShop();
    const other = await createShop();
    const theirs = await db().knowledgeArticle.create({ data: { shopId: other.id, title: "Their secret", body: "Hidden", status: "published" } });
    for (const id of [theirs.id, MISSING, "not-a-uuid"]) {
      expect(((await thrown(open(id))) as Response).status).toBe(404);
      for (const fields of <Array<Record<string, string>>>[{ intent: "save", title: "Mine now", body: "x" }, { intent: "publish" }, { intent: "delete" }, { intent: "bogus" }, { intent: "save", title: "" }]) {
        expect(((await thrown(act(id, fields))) as Response).status).toBe(404);
      }
    }
    expect(await db().knowledgeArticle.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({ title: "Their secret", status: "published" });
    expect((await list("?status=all")).rows).toEqual([]);
    expect(await db().auditLog.count()).toBe(0);
  });

  it("searches by title, filters by status and pages", async () => {
    const shop = await demoShop();
    for (let i = 0; i < 55; i++) {
      await db().knowledgeArticle.create({ data: { shopId: shop.id, title: i === 7 ? "Gift cards and vouchers" : `Article ${i}`, body: "text", status: i % 2 ? "published" : "draft", updatedAt: new Date(Date.UTC(2026, 0, 1, 0, i)) } });
    }
    expect((await list("?q=GIFT")).rows.map((r) => r.title)).toEqual(["Gift cards and vouchers"]);
    const first = await list();
    expect(first.rows).toHaveLength(50);
    const second = await list(`?cursor=${first.nextCursor}`);
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(55);
    expect((await list("?status=published")).rows).toHaveLength(27);
    expect((await list("?status=nonsense&cursor=%%%")).filters.status).toBe("all");
  });
});

describe("importing on the demo store", () => {
  it("restores the sample help-centre articles, creating missing ones and resetting edited ones", async () => {
    const shop = await demoShop();
    const first = await listAction(routeArgs(new Request("http://127.0.0.1/app/knowledge", { method: "POST", body: form({ intent: "import" }) })));
    expect(first).toMatchObject({ ok: true, summary: { created: DEMO_ARTICLES.length, updated: 0, unchanged: 0 } });
    const sample = DEMO_ARTICLES[0]!;
    const article = await db().knowledgeArticle.findFirstOrThrow({ where: { shopId: shop.id, source: "demo", sourceRef: sample.slug } });
    expect(await db().knowledgeChunk.count({ where: { articleId: article.id } })).toBeGreaterThan(0);
    await db().knowledgeArticle.update({ where: { id: article.id }, data: { body: "Edited", status: "draft" } });

    const again = await listAction(routeArgs(new Request("http://127.0.0.1/app/knowledge", { method: "POST", body: form({ intent: "import" }) })));
    expect(again).toMatchObject({ ok: true, summary: { created: 0, updated: 1, unchanged: DEMO_ARTICLES.length - 1 } });
    expect(await db().knowledgeArticle.findUniqueOrThrow({ where: { id: article.id } })).toMatchObject({ body: sample.body, status: "draft" });
    expect(await db().knowledgeArticle.count({ where: { shopId: shop.id } })).toBe(DEMO_ARTICLES.length);

    expect(await listAction(routeArgs(new Request("http://127.0.0.1/app/knowledge", { method: "POST", body: form({ intent: "wipe" }) })))).toMatchObject({ ok: false });
  });
});
