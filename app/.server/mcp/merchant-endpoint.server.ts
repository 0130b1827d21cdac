import { authenticateBearer } from "../api-keys/authenticate-api-key.server";
import { AppError } from "../errors";
import { buildMerchantServer } from "./merchant-server.server";
import { consumeMcpAllowance } from "./mcp-limiter.server";
import type { McpEndpoint } from "./serve-http.server";
import type { McpContext } from "./tool";

/** The WWW-Authenticate challenge of `/mcp` (RFC 6750): a missing or bad key answers 401 with it. */
const CHALLENGE = 'Bearer realm="Dokani MCP", error="invalid_token"';

/**
 * `POST /mcp`: the merchant's tools for an AI assistant, with a merchant API key as the bearer.
 * The key's shop is the context of every call; its name is the actor of every change; its scope
 * decides whether write tools run.
 */
export const merchantEndpoint: McpEndpoint<McpContext> = {
  async authenticate(request) {
    try {
      const ctx = await authenticateBearer(request.headers.get("authorization"));
      return { shop: ctx.shop, actor: ctx.actor, caller: { keyId: ctx.apiKey.id, name: ctx.apiKey.name, scope: ctx.apiKey.scope } };
    } catch (error) {
      if (error instanceof AppError && error.code === "unauthorized") throw new AppError("unauthorized", error.message, { headers: { "WWW-Authenticate": CHALLENGE } });
      throw error;
    }
  },
  limit: (ctx) => consumeMcpAllowance("perKey", ctx.caller.keyId ?? ctx.shop.id),
  build: buildMerchantServer,
  checkOrigin: true,
};
