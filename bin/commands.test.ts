import { writeFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../app/.server/db.server";
import { sha256Hex } from "../app/.server/security/secrets.server";
import { clearDatabase, setupTestDatabase } from "../tests/support/test-database";
import { runCommand } from "./commands";

setupTestDatabase();
beforeEach(async () => {
  await clearDatabase();
});

const run = (command: string, values: Record<string, string | undefined>) => runCommand(db(), command, values);

describe("the dokani CLI", () => {
  it("creates a demo store, refuses a duplicate, and validates the domain", async () => {
    expect(await run("shops:create", { domain: "Test-Store.myshopify.com", platform: "demo" })).toMatch(/^Created store test-store\.myshopify\.com \(demo/);
    await expect(run("shops:create", { domain: "test-store.myshopify.com", platform: "demo" })).rejects.toMatchObject({ code: "conflict" });
    await expect(run("shops:create", { domain: "not a domain; DROP TABLE shops", platform: "demo" })).rejects.toMatchObject({
      code: "invalid_request",
      fields: { domain: expect.stringContaining("host name") },
    });
    await expect(run("shops:create", { domain: "x.example.com", platform: "woocommerce" })).rejects.toMatchObject({ fields: { platform: expect.any(String) } });
    expect(await db().shop.count()).toBe(1);
  });

  it("prints a new API key once and stores only its hash", async () => {
    await run("shops:create", { domain: "keys.example.com", platform: "demo" });
    const output = await run("api-keys:create", { shop: "keys.example.com", name: "Warehouse" });
    const key = output.split("\n").at(-1)!;
    expect(key).toMatch(/^dk_[0-9a-f]{40}$/);
    const stored = await db().apiKey.findFirstOrThrow();
    expect(stored).toMatchObject({ name: "Warehouse", keyHash: sha256Hex(key), prefix: key.slice(0, 10) });
    await expect(run("api-keys:create", { shop: "missing.example.com" })).rejects.toMatchObject({ code: "not_found" });
    expect(stored.scope).toBe("write");
  });

  it("creates a read-only key with --scope read, and refuses any other scope", async () => {
    await run("shops:create", { domain: "scopes.example.com", platform: "demo" });
    const output = await run("api-keys:create", { shop: "scopes.example.com", name: "Reporting", scope: "read" });
    expect(output).toMatch(/^Created read-only API key "Reporting"/);
    expect(await db().apiKey.findFirstOrThrow({ where: { name: "Reporting" } })).toMatchObject({ scope: "read" });
    await expect(run("api-keys:create", { shop: "scopes.example.com", scope: "admin" })).rejects.toMatchObject({ code: "invalid_request", fields: { scope: "must be read or write" } });
  });

  it("imports orders from a file, idempotently, and refuses a bad file without writing", async () => {
    await run("shops:create", { domain: "orders.example.com", platform: "demo" });
    const file = path.join(process.env.DOKANI_DATA_DIR!, "cli-orders.json");
    writeFileSync(file, JSON.stringify([{ id: "1", name: "#1", email: "a@example.com", currency: "USD", processedAt: "2026-11-01T10:00:00Z", lineItems: [{ id: "11", title: "Tee", quantity: 1, unitPrice: "20.00" }] }]));
    expect(await run("orders:import", { shop: "orders.example.com", file })).toBe("Imported 1 orders into orders.example.com: 1 new, 0 updated.");
    expect(await run("orders:import", { shop: "orders.example.com", file })).toBe("Imported 1 orders into orders.example.com: 0 new, 0 updated.");

    const bad = path.join(process.env.DOKANI_DATA_DIR!, "cli-bad.json");
    writeFileSync(bad, JSON.stringify([{ id: "2", name: "#2", email: "not-an-email", currency: "usd", processedAt: "yesterday", lineItems: [] }]));
    await expect(run("orders:import", { shop: "orders.example.com", file: bad })).rejects.toMatchObject({ code: "invalid_request" });
    writeFileSync(bad, "{ not json");
    await expect(run("orders:import", { shop: "orders.example.com", file: bad })).rejects.toThrow(/Cannot read .* as JSON/);
    expect(await db().demoOrder.count()).toBe(1);
  });

  it("answers an unknown command with the usage", async () => {
    await expect(run("shops:delete", {})).rejects.toThrow(/Unknown command "shops:delete"[\s\S]*Usage: dokani/);
  });
});
