import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { createApiKey } from "../.server/api-keys/create-api-key";
import { db } from "../.server/db.server";
import { seedDemoShop } from "../.server/demo/seed-demo-shop";
import { parseEnv, resetEnv } from "../.server/env.server";
import { action, loader } from "./api.v1.integrations.$kind";

setupTestDatabase();

let key: string;
let shopId: string;
beforeEach(async () => {
  resetEnv(undefined);
  await clearDatabase();
  ({ shopId } = await seedDemoShop(db(), { domain: "connect-mail.myshopify.com", orders: [] }));
  ({ key } = await createApiKey(db(), shopId, { name: "test" }));
});
afterAll(() => resetEnv(undefined));

const put = async (body: unknown, bearer = key) => {
  const response = await action(routeArgs(new Request("http://localhost/api/v1/integrations/email", { method: "PUT", headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" }, body: JSON.stringify(body) }), { kind: "email" }));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: { code: string; fields?: Record<string, string> } } };
};

describe("PUT /api/v1/integrations/email", () => {
  it("connects the email channel and answers the shop's inbound address", async () => {
    const { status, body } = await put({ fromName: "Connect Mail Support", replyToAddress: "Help@Connect-Mail.example" });
    expect(status).toBe(200);
    expect(body).toMatchObject({ kind: "email", status: "connected", details: { inboundAddress: "connect-mail@inbound.localhost", fromName: "Connect Mail Support", replyToAddress: "help@connect-mail.example" } });
    const read = await loader(routeArgs(new Request("http://localhost/api/v1/integrations/email", { headers: { authorization: `Bearer ${key}` } }), { kind: "email" }));
    expect(await read.json()).toMatchObject({ details: { inboundAddress: "connect-mail@inbound.localhost" } });
  });

  it("refuses bad input with the error body and saves nothing", async () => {
    for (const body of [{ fromName: "Evil\r\nBcc: x@y.z" }, { replyToAddress: "not an address" }, { fromName: 42 }]) {
      const { status, body: answer } = await put(body);
      expect(status).toBe(400);
      expect(answer.error?.code).toBe("invalid_request");
    }
    expect(await db().shopIntegration.count()).toBe(0);
  });

  it("answers 422 integration_check_failed when the server has no inbound domain", async () => {
    resetEnv(parseEnv({ ...process.env, NODE_ENV: "production", DOKANI_SECRET: "x".repeat(40), SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://dokani.example", DOKANI_INBOUND_EMAIL_DOMAIN: "" }));
    const { status, body } = await put({});
    expect(status).toBe(422);
    expect(body.error?.code).toBe("integration_check_failed");
    expect(await db().shopIntegration.count()).toBe(0);
  });
});
