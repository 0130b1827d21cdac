import { serveStdio, type StdioServerHandle } from "@modelcontextprotocol/server/stdio";
import type { ApiKeyScope, Shop } from "../db.server";
import { buildMerchantServer } from "./merchant-server.server";
import type { McpContext } from "./tool";

/** The actor name of changes made through the local stdio server (the audit log and the return's timeline show it). */
export const STDIO_ACTOR_NAME = "Local MCP (stdio)";

/**
 * Serves the merchant tools over this process's stdin and stdout, for an AI assistant on the same
 * machine (`dokani mcp --shop D`). Whoever can run it can read the database, so there is no key:
 * the operator acts as "Local MCP (stdio)", with the write scope unless `--scope read` narrows it.
 */
export function serveMerchantStdio(shop: Shop, options: { scope?: ApiKeyScope; name?: string; onClose?: () => void } = {}): StdioServerHandle {
  const name = options.name?.trim() || STDIO_ACTOR_NAME;
  const ctx: McpContext = { shop, actor: { type: "api", id: null, name }, caller: { keyId: null, name, scope: options.scope ?? "write" } };
  return serveStdio(() => buildMerchantServer(ctx), { onerror: () => {} });
}
