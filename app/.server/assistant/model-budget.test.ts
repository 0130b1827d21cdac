import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { chatClient } from "../../../tests/support/chat-client";
import { FAKE_OPENAI_KEY, FakeOpenAI } from "../../../tests/fakes/openai";
import { clearDatabase, setupTestDatabase } from "../../../tests/support/test-database";
import { resetChatLimiters } from "../channels/web-chat/chat-limiter.server";
import { db } from "../db.server";
import { seedDemoShop } from "../demo/seed-demo-shop";
import { parseEnv, resetEnv } from "../env.server";
import { phrase } from "./phrases";

setupTestDatabase();

const SHOP = "dokani-demo.myshopify.com";
const FIRST_TOKEN_MS = 400;
const TURN_MS = 2_500;
const fake = new FakeOpenAI();
const chat = chatClient(SHOP);
let release: () => void = () => {};

beforeAll(async () => {
  const baseURL = await fake.start();
  resetEnv(parseEnv({ ...process.env, OPENAI_API_KEY: FAKE_OPENAI_KEY, OPENAI_BASE_URL: baseURL, MODEL_FIRST_TOKEN_MS: String(FIRST_TOKEN_MS), MODEL_TURN_MS: String(TURN_MS) }));
});
afterAll(async () => {
  release();
  await fake.stop();
  resetEnv(undefined);
});
beforeEach(async () => {
  fake.reset();
  await clearDatabase();
  resetChatLimiters();
  await seedDemoShop(db(), { domain: SHOP, orders: [] });
});

async function session() {
  const started = await chat.start({ locale: "en" });
  return started.body.session as { id: string; token: string };
}

describe("the model's time budget per turn", () => {
  it("answers without the model as soon as a hanging model misses its first token, and does not ask it again", async () => {
    const { id, token } = await session();
    fake.enqueue({ hang: true }, { hang: true });
    const started = Date.now();
    const { reply } = await chat.say(id, token, "hello, are you there?");
    // Well inside the 20 s a request may otherwise take, and inside the turn's budget.
    expect(Date.now() - started).toBeLessThan(TURN_MS);
    expect(reply.text).toContain(phrase("en", "modelBusy"));
    expect(fake.requests).toHaveLength(1);
  });

  it("ends a turn whose answer stalls midway within the turn's budget, then answers without the model", async () => {
    const { id, token } = await session();
    fake.enqueue({ text: "Let me check that for you. One moment", pieces: 4, hold: new Promise<void>((resolve) => (release = resolve)) });
    const started = Date.now();
    const { reply } = await chat.say(id, token, "where is my parcel?");
    expect(Date.now() - started).toBeLessThan(TURN_MS + 2_000);
    expect(reply.text).toContain(phrase("en", "modelBusy"));
  });
});
