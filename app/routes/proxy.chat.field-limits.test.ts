import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatClient } from "../../tests/support/chat-client";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { StartChatSessionInput } from "../.server/channels/web-chat/start-chat-session.server";
import { resetChatLimiters } from "../.server/channels/web-chat/chat-limiter.server";
import { db } from "../.server/db.server";
import { seedDemoShop } from "../.server/demo/seed-demo-shop";
import { FIELD_LIMITS } from "../.server/http/field-limits";

setupTestDatabase();

const SHOP = "dokani-demo.myshopify.com";
let shopId: string;

beforeAll(async () => {
  await clearDatabase();
  shopId = (await seedDemoShop(db(), { domain: SHOP, orders: [] })).shopId;
});
afterAll(() => resetChatLimiters());

/** Addresses up to the longest RFC 5321 allows: a local part of up to 64 characters, labels of up to 63, 254 in all. */
const longEmail = fc
  .record({ local: fc.integer({ min: 1, max: 64 }), total: fc.integer({ min: 70, max: FIELD_LIMITS.email }), seed: fc.stringMatching(/^[a-z0-9]{8}$/) })
  .map(({ local, total, seed }) => {
    const chars = (n: number) => Array.from({ length: n }, (_, i) => seed[i % seed.length]).join("");
    let domainLeft = total - local - 1 - ".com".length;
    const labels: string[] = [];
    while (domainLeft > 0) {
      const size = Math.min(63, domainLeft);
      labels.push(chars(size));
      domainLeft -= size + 1;
    }
    return `${chars(local)}@${[...labels, "com"].join(".")}`;
  });
const email = fc.oneof({ arbitrary: fc.emailAddress(), weight: 1 }, { arbitrary: longEmail, weight: 2 });
/** Names in any script, emoji and combining marks included, up to the limit. */
const name = fc.oneof(
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }),
  fc.string({ unit: "grapheme-ascii", minLength: FIELD_LIMITS.name - 10, maxLength: FIELD_LIMITS.name }),
);

describe("field limits", () => {
  it("stores any contact details the chat accepts and hands the conversation off with them", async () => {
    let run = 0;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(email, fc.option(name, { nil: undefined }), async (rawEmail, rawName) => {
        // Only what the API itself accepts is a valid input; everything else is a 400, tested elsewhere.
        if (!StartChatSessionInput.safeParse({ email: rawEmail, name: rawName }).success) return;
        accepted++;
        run++;
        const chat = chatClient(SHOP, `198.51.100.${run % 250}`);
        resetChatLimiters();
        const started = await chat.start({ email: rawEmail, ...(rawName === undefined ? {} : { name: rawName }), locale: "en" });
        expect(started.status).toBe(201);
        const { id, token } = started.body.session as { id: string; token: string };
        const stored = await db().conversation.findUniqueOrThrow({ where: { id } });
        expect(stored.customerEmail).toBe(rawEmail.trim().toLowerCase());

        const answer = await chat.say(id, token, "I'd like to talk to a human please");
        expect(answer.handedOff).toBe(true);
        const notice = await db().emailMessage.findFirstOrThrow({ where: { shopId, relatedType: "merchant:handoff", relatedId: { startsWith: id } } });
        expect(Array.from(notice.subject).length).toBeLessThanOrEqual(200 + "[Dokani] ".length);
        expect(notice.text).toContain(`/app/conversations/${id}`);
      }),
      { numRuns: 30, seed: 1402 },
    );
    expect(accepted).toBeGreaterThan(15);
  });

  it("accepts an email of exactly 254 characters and refuses 255", () => {
    const at254 = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(57)}.com`;
    expect(at254).toHaveLength(254);
    expect(StartChatSessionInput.safeParse({ email: at254 }).success).toBe(true);
    expect(StartChatSessionInput.safeParse({ email: `a${at254}` }).success).toBe(false);
  });
});
