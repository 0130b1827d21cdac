import { beforeEach, describe, expect, it } from "vitest";
import { createReturn, createShop } from "../../tests/support/factories";
import { bearer, connectMcp } from "../../tests/support/mcp-client";
import { clearDatabase, setupTestDatabase } from "../../tests/support/test-database";
import { createApiKey } from "../.server/api-keys/create-api-key";
import { db } from "../.server/db.server";
import { resetMcpLimiters } from "../.server/mcp/mcp-limiter.server";
import { action } from "./mcp";

setupTestDatabase();
beforeEach(async () => {
  await clearDatabase();
  resetMcpLimiters();
});

async function merchant(scope: "read" | "write" = "write") {
  const shop = await createShop();
  const { key } = await createApiKey(db(), shop.id, { name: scope === "write" ? "Claude (write)" : "Claude (read)", scope });
  return { shop, key };
}

describe("merchant MCP over HTTP", () => {
  for (const era of ["legacy", "modern"] as const) {
    it(`lists the tools and lists returns (${era} client)`, async () => {
      const { shop, key } = await merchant();
      await createReturn(shop.id, "alex@example.com");
      const client = await connectMcp(action, { headers: bearer(key), era });
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain("list_returns");
      const result = await client.callTool({ name: "list_returns", arguments: { status: "pending_review" } });
      expect(result.isError).toBeFalsy();
      expect((result.structuredContent as { data: unknown[] }).data).toHaveLength(1);
      await client.close();
    });
  }
});
