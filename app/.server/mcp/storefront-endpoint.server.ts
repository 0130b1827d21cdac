import { McpServer } from "@modelcontextprotocol/server";
import { authenticateProxy, type ProxyContext } from "../proxy/authenticate-proxy.server";
import { consumeMcpAllowance } from "./mcp-limiter.server";
import { registerTools } from "./register-tools.server";
import type { McpEndpoint } from "./serve-http.server";
import { STOREFRONT_TOOLS } from "./storefront-tools.server";

const INSTRUCTIONS =
  "The returns desk of this store, for a shopper's own assistant. Find the order with its number and the email on it, then check what can be returned and start a return; the store's policy decides. " +
  "Only the shopper's own order is reachable, with the proof they give.";

/** The storefront MCP server: the portal's tools, the shopper behind the signed app proxy as the caller. */
export function buildStorefrontServer(ctx: ProxyContext): McpServer {
  const server = new McpServer({ name: "dokani-storefront", version: "1.0.0" }, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });
  registerTools(server, STOREFRONT_TOOLS, ctx, {});
  return server;
}

/**
 * `POST /proxy/mcp` (`/apps/dokani/mcp` on the store's domain): signed like every app proxy call;
 * the shopper's address is limited like the portal's and the chat's.
 */
export const storefrontEndpoint: McpEndpoint<ProxyContext> = {
  authenticate: (request, context) => authenticateProxy(request, context),
  limit: (ctx) => consumeMcpAllowance("perShopper", `${ctx.shop.id}:${ctx.clientAddress}`),
  build: buildStorefrontServer,
  checkOrigin: false,
};
