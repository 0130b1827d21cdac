import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createShop } from "../../tests/support/factories";
import { routeArgs } from "../../tests/support/route-args";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { createApiKey } from "../.server/api-keys/create-api-key";
import { db } from "../.server/db.server";
import { AppError } from "../.server/errors";
import { integrationConnectors } from "../.server/integrations/connectors.server";
import { openIntegration, saveIntegration } from "../.server/integrations/integrations.server";
import { loader as listLoader } from "./api.v1.integrations";
import { action, loader } from "./api.v1.integrations.$kind";

setupTestDatabase();

async function merchant(domain: string) {
  const shop = await createShop({ domain });
  const { key } = await createApiKey(db(), shop.id, { name: "Ops" });
  return { shop, key };
}

const call = (key: string, method: string, path: string, body?: unknown) =>
  new Request(`http://localhost${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

// A connector as a provider adapter registers one: it checks the credentials, then saves.
const tavusTest = {
  schema: z.object({ apiKey: z.string().min(8), replicaId: z.string().min(1) }).strict(),
  async connect(ctx: { shop: { id: string } }, body: { apiKey: string; replicaId: string }) {
    if (body.apiKey === "refused-key") throw new AppError("integration_check_failed", "Tavus said: Invalid access token");
    return saveIntegration(db(), { shopId: ctx.shop.id, kind: "tavus", details: { replicaId: body.replicaId, personaId: "p-1" }, secrets: { apiKey: body.apiKey } });
  },
};

beforeEach(async () => {
  await clearDatabase();
  integrationConnectors.tavus = tavusTest as never;
});
afterEach(() => {
  delete integrationConnectors.tavus;
});

describe("connecting provider accounts", () => {
  it("saves a checked connection, answers its details and never its secrets", async () => {
    const { shop, key } = await merchant("integrations-a.myshopify.com");
    const put = await action(routeArgs(call(key, "PUT", "/api/v1/integrations/tavus", { apiKey: "tvs_live_123456", replicaId: "r-9" }), { kind: "tavus" }));
    expect(put.status).toBe(200);
    const body = await put.json();
    expect(body).toMatchObject({ kind: "tavus", status: "connected", details: { replicaId: "r-9", personaId: "p-1" }, lastError: null });
    expect(JSON.stringify(body)).not.toContain("tvs_live_123456");

    const list = await (await listLoader(routeArgs(call(key, "GET", "/api/v1/integrations")))).json();
    expect(list.data).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain("tvs_live_123456");

    const row = await db().shopIntegration.findFirstOrThrow({ where: { shopId: shop.id } });
    expect(row.secrets).not.toContain("tvs_live_123456");
    expect((await openIntegration<{ apiKey: string }>(db(), shop.id, "tavus"))?.secrets.apiKey).toBe("tvs_live_123456");
  });

  it("answers the provider's refusal as 422 and saves nothing", async () => {
    const { key } = await merchant("integrations-b.myshopify.com");
    const put = await action(routeArgs(call(key, "PUT", "/api/v1/integrations/tavus", { apiKey: "refused-key", replicaId: "r-9" }), { kind: "tavus" }));
    expect(put.status).toBe(422);
    expect((await put.json()).error).toMatchObject({ code: "integration_check_failed", message: "Tavus said: Invalid access token" });
    expect(await db().shopIntegration.count()).toBe(0);
  });

  it("refuses bad bodies, unknown kinds and kinds that cannot be connected with API.md's error body", async () => {
    const { key } = await merchant("integrations-c.myshopify.com");
    const bad = await action(routeArgs(call(key, "PUT", "/api/v1/integrations/tavus", { apiKey: "x" }), { kind: "tavus" }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields).toMatchObject({ apiKey: expect.any(String), replicaId: "is required" });
    const unknown = await action(routeArgs(call(key, "PUT", "/api/v1/integrations/fax", {}), { kind: "fax" }));
    expect(unknown.status).toBe(404);
    const post = await action(routeArgs(call(key, "POST", "/api/v1/integrations/tavus", {}), { kind: "tavus" }));
    expect(post.status).toBe(405);
    expect(await db().shopIntegration.count()).toBe(0);
  });

  it("disconnects only the caller's own shop, and a second DELETE is harmless", async () => {
    const a = await merchant("integrations-d.myshopify.com");
    const b = await merchant("integrations-e.myshopify.com");
    await saveIntegration(db(), { shopId: a.shop.id, kind: "tavus", details: {}, secrets: { apiKey: "a-key" } });
    await saveIntegration(db(), { shopId: b.shop.id, kind: "tavus", details: {}, secrets: { apiKey: "b-key" } });
    const gone = await action(routeArgs(call(a.key, "DELETE", "/api/v1/integrations/tavus"), { kind: "tavus" }));
    expect(gone.status).toBe(204);
    expect((await action(routeArgs(call(a.key, "DELETE", "/api/v1/integrations/tavus"), { kind: "tavus" }))).status).toBe(204);
    expect(await db().shopIntegration.count({ where: { shopId: a.shop.id } })).toBe(0);
    expect(await db().shopIntegration.count({ where: { shopId: b.shop.id } })).toBe(1);
    const missing = await loader(routeArgs(call(a.key, "GET", "/api/v1/integrations/tavus"), { kind: "tavus" }));
    expect(missing.status).toBe(404);
  });
});
