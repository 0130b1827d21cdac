import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FAKE_OPENAI_KEY, FakeOpenAI, type ChatRequestBody } from "../../../tests/fakes/openai";
import { merchantContext, shopperContext } from "../../../tests/support/contexts";
import { fixtureImage, patternPng, solidPng } from "../../../tests/support/images";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { db } from "../db.server";
import { seedDemoShop } from "../demo/seed-demo-shop";
import { parseEnv, resetEnv } from "../env.server";
import { hashDistance, inspectPhoto, SAME_PICTURE_MAX_DISTANCE } from "../storage/inspect-photo";
import { addEvidence } from "./add-evidence.server";
import { createReturn } from "./create-return.server";
import { getReturnDetail } from "./get-return-detail.server";
import { listReturnQueue } from "./list-return-queue.server";
import { lookupOrder } from "./lookup-order.server";
import { resetLookupLimiters } from "./lookup-limiter.server";
import { triageReturn } from "./triage-return.server";

setupTestDatabase();

const DAY = 24 * 3600 * 1000;
const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();
const order = (n: number, email: string, price = "60.00") => ({
  id: String(8100 + n),
  name: `#${4000 + n}`,
  email,
  currency: "USD",
  processedAt: iso(9),
  deliveredAt: iso(6),
  lineItems: [{ id: `L${n}`, title: "Leather Boot", quantity: 1, unitPrice: price, productType: "Shoes", tags: [] }],
});
const DOMAIN = "evidence.myshopify.com";

beforeEach(async () => {
  await clearDatabase();
  resetLookupLimiters();
  resetEnv(parseEnv({ ...process.env, OPENAI_API_KEY: "" }));
});

afterAll(() => resetEnv(undefined));

async function damagedReturn(n: number, email = `shopper${n}@example.com`) {
  const shop = await db().shop.findFirstOrThrow({ where: { domain: DOMAIN } });
  const ctx = shopperContext(shop, `203.0.113.${n}`);
  const found = await lookupOrder(ctx, { orderNumber: String(4000 + n), email });
  const created = await createReturn(ctx, { lookupToken: found.lookupToken, items: [{ lineItemId: `L${n}`, quantity: 1, reason: "damaged" }], resolution: "refund" });
  return { shop, ctx, id: created.view.id };
}

async function sendPhoto(n: number, bytes: Buffer, returnId: string) {
  const shop = await db().shop.findFirstOrThrow({ where: { domain: DOMAIN } });
  await addEvidence(shopperContext(shop, `203.0.113.${n}`), { returnId, bytes });
  return triageReturn(db(), returnId);
}

describe("inspectPhoto on real images", () => {
  it("passes a genuine photo and a detailed PNG, and finds blank and tiny ones", () => {
    expect(inspectPhoto(fixtureImage("genuine.jpg"), "image/jpeg")).toMatchObject({ width: 640, height: 480, quality: "ok", perceptualHash: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(inspectPhoto(patternPng(600, 400, 3), "image/png")).toMatchObject({ quality: "ok", perceptualHash: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(inspectPhoto(fixtureImage("blank.jpg"), "image/jpeg")).toMatchObject({ quality: "blank", perceptualHash: null });
    expect(inspectPhoto(solidPng(1200, 900, [240, 240, 236]), "image/png")).toMatchObject({ quality: "blank" });
    expect(inspectPhoto(fixtureImage("tiny.jpg"), "image/jpeg")).toMatchObject({ width: 64, height: 48, quality: "too_small" });
    expect(inspectPhoto(solidPng(80, 80, [12, 120, 40]), "image/png")).toMatchObject({ quality: "too_small" });
  });

  it("gives the same picture re-saved larger and more compressed a near hash, and a different picture a far one", () => {
    const genuine = inspectPhoto(fixtureImage("genuine.jpg"), "image/jpeg").perceptualHash!;
    const resaved = inspectPhoto(fixtureImage("genuine-resaved.jpg"), "image/jpeg").perceptualHash!;
    const other = inspectPhoto(fixtureImage("other.jpg"), "image/jpeg").perceptualHash!;
    expect(genuine).not.toBe(resaved);
    expect(hashDistance(genuine, resaved)).toBeLessThanOrEqual(SAME_PICTURE_MAX_DISTANCE);
    expect(hashDistance(genuine, other)).toBeGreaterThan(2 * SAME_PICTURE_MAX_DISTANCE);
    expect(hashDistance(inspectPhoto(patternPng(600, 400, 3), "image/png").perceptualHash!, inspectPhoto(patternPng(600, 400, 8), "image/png").perceptualHash!)).toBeGreaterThan(SAME_PICTURE_MAX_DISTANCE);
  });
});

describe("a photo that must show the damage", () => {
  beforeEach(async () => {
    await seedDemoShop(db(), { domain: DOMAIN, orders: [1, 2, 3, 4, 5].map((n) => order(n, `shopper${n}@example.com`)) });
  });

  it("keeps a return with only a blank or a tiny photo in review, saying why, and approves it once a real photo arrives", async () => {
    const { shop, id } = await damagedReturn(1);
    await sendPhoto(1, fixtureImage("blank.jpg"), id);
    let row = await db().returnRequest.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("pending_review");
    expect(row.decisionReasons).toEqual([expect.objectContaining({ code: "evidence_unusable", message: expect.stringContaining("blank or too small") })]);
    expect(row.aiRecommendation).toMatchObject({ action: "request_info", reasoning: expect.stringContaining("blank or too small") });

    await sendPhoto(1, fixtureImage("tiny.jpg"), id);
    row = await db().returnRequest.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("pending_review");

    const detail = await getReturnDetail(await merchantContext(shop), id);
    expect(detail.evidence.map((e) => e.quality)).toEqual(["blank", "too_small"]);
    const queue = await listReturnQueue(await merchantContext(shop), { filters: { view: "all", q: undefined } });
    expect(queue.rows.find((r) => r.id === id)!.photoFlags).toEqual(["unusable"]);

    await sendPhoto(1, fixtureImage("genuine.jpg"), id);
    row = await db().returnRequest.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("approved");
    const stored = await db().evidenceFile.findMany({ where: { returnId: id }, orderBy: { createdAt: "asc" } });
    expect(stored.map((e) => [e.quality, e.width, e.height])).toEqual([
      ["blank", 640, 480],
      ["too_small", 64, 48],
      ["ok", 640, 480],
    ]);
    expect(stored[2]!.perceptualHash).toMatch(/^[0-9a-f]{16}$/);
  });

  it("treats the same picture sent again on another return as no photo: review, a risk factor and a security event", async () => {
    const first = await damagedReturn(2);
    await sendPhoto(2, fixtureImage("genuine.jpg"), first.id);
    expect((await db().returnRequest.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("approved");

    // Another shopper's return, the same picture re-saved larger and more compressed: different bytes, same picture.
    const second = await damagedReturn(3);
    await sendPhoto(3, fixtureImage("genuine-resaved.jpg"), second.id);
    const row = await db().returnRequest.findUniqueOrThrow({ where: { id: second.id } });
    expect(row.status).toBe("pending_review");
    const codes = (row.decisionReasons as Array<{ code: string }>).map((r) => r.code);
    expect(codes).toContain("evidence_reused");
    expect(codes).toContain("evidence_required");
    expect(row.riskFactors).toEqual(expect.arrayContaining([expect.objectContaining({ code: "reused_photo" })]));

    const events = await db().securityEvent.findMany({ where: { returnId: second.id } });
    expect(events).toEqual([expect.objectContaining({ kind: "reused_photo", severity: "high", customerEmail: "shopper3@example.com" })]);
    expect((events[0]!.details as { reason: string }).reason).toBe("A photo sent for #4003 is the same picture as one sent for #4002.");
    expect(await db().emailMessage.count({ where: { relatedType: "merchant:security_event", relatedId: events[0]!.id } })).toBe(1);

    const profile = await db().customerRiskProfile.findUniqueOrThrow({ where: { shopId_email: { shopId: second.shop.id, email: "shopper3@example.com" } } });
    expect(profile.flags).toEqual(["reused_photo"]);

    const ctx = await merchantContext(second.shop);
    const detail = await getReturnDetail(ctx, second.id);
    expect(detail.evidence).toEqual([expect.objectContaining({ quality: "reused", reusedFrom: { returnId: first.id, orderName: "#4002" } })]);
    expect(detail.risk.factors.map((f) => f.code)).toContain("reused_photo");
    const queue = await listReturnQueue(ctx, { filters: { view: "all", q: undefined } });
    expect(queue.rows.find((r) => r.id === second.id)!.photoFlags).toEqual(["reused"]);
    expect(queue.rows.find((r) => r.id === first.id)!.photoFlags).toEqual([]);

    // A different photo on a third return is not taken for the first one.
    const third = await damagedReturn(4);
    await sendPhoto(4, fixtureImage("other.jpg"), third.id);
    expect((await db().returnRequest.findUniqueOrThrow({ where: { id: third.id } })).status).toBe("approved");
  });
});

describe("with a model configured", () => {
  const fake = new FakeOpenAI();
  let baseURL = "";

  beforeAll(async () => {
    baseURL = await fake.start();
    return () => fake.stop();
  });

  beforeEach(async () => {
    fake.reset();
    await seedDemoShop(db(), { domain: DOMAIN, orders: [order(5, "shopper5@example.com", "450.00")] });
    resetEnv(parseEnv({ ...process.env, OPENAI_API_KEY: FAKE_OPENAI_KEY, OPENAI_BASE_URL: baseURL, DOKANI_AI_MODEL: "gpt-test-vision" }));
  });

  it("shows the model the photo and records whether it shows the claimed damage", async () => {
    // Over the order-value limit: the return waits for a person whatever the photo, and the model looks.
    const { shop, id } = await damagedReturn(5);
    fake.enqueue((body: ChatRequestBody) => ({
      text: JSON.stringify({
        action: "request_info",
        reasoning: "The order is over the automatic-approval limit and the photo shows an intact boot.",
        confidence: 0.7,
        photoCheck: { verdict: body.messages.some((m) => JSON.stringify(m.content).includes("image_url")) ? "does_not_show_claim" : "no_photos", note: "The boot in the photo has no visible damage." },
      }),
    }));
    await sendPhoto(5, fixtureImage("genuine.jpg"), id);

    const request = fake.requests.at(-1)!;
    const parts = request.messages[1]!.content as Array<{ type: string; image_url?: { url: string } }>;
    expect(parts.filter((p) => p.type === "image_url").map((p) => p.image_url!.url.slice(0, 23))).toEqual(["data:image/jpeg;base64,"]);
    const row = await db().returnRequest.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("pending_review");
    expect(row.aiRecommendation).toMatchObject({
      source: "model",
      photoCheck: { verdict: "does_not_show_claim", note: "The boot in the photo has no visible damage." },
    });
    const queue = await listReturnQueue(await merchantContext(shop), { filters: { view: "all", q: undefined } });
    expect(queue.rows[0]!.photoFlags).toEqual(["not_shown"]);
  });
});
