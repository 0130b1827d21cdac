import {
  createMcpHandler,
  isLegacyRequest,
  WebStandardStreamableHTTPServerTransport,
  type McpHttpHandler,
  type McpServer,
} from "@modelcontextprotocol/server";
import { env } from "../env.server";
import { AppError } from "../errors";
import { withErrorBody } from "../http/error-response.server";
import type { LoadContext } from "../http/load-context";

/**
 * Serves one MCP endpoint over Streamable HTTP, statelessly and with JSON responses (no session, no
 * stream): every POST is one JSON-RPC exchange answered by a fresh server bound to the caller.
 * Clients of the 2025 protocol revisions (initialize, then calls) and of 2026-07-28 (discover,
 * `_meta` envelope) are both served. In front of the SDK: the method, the Host and Origin checks
 * (DNS rebinding), the body bound, the caller's authentication and its rate limit, each answered
 * with API.md's error body.
 */

/** The largest JSON-RPC message accepted; a tool's arguments are small. */
export const MAX_MCP_BODY_BYTES = 256 * 1024;

export type McpEndpoint<Ctx> = {
  /** Who is calling (401 or `invalid_signature` otherwise). */
  authenticate(request: Request, context?: Partial<LoadContext>): Promise<Ctx>;
  /** Counts the request against the caller's allowance (429 once spent). */
  limit(ctx: Ctx): Promise<void>;
  /** A server with the caller's tools. */
  build(ctx: Ctx): McpServer;
  /** Whether a browser `Origin` must be one of the app's own (true for the merchant endpoint). */
  checkOrigin: boolean;
};

/** The host name of a `Host` header or an origin's authority, without its port; null when it is not one. */
export function hostnameOf(authority: string): string | null {
  try {
    return new URL(`http://${authority}`).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** Host names the endpoints answer to: the app's own (SHOPIFY_APP_URL) and loopback. */
function allowedHostnames(): string[] {
  const names = ["localhost", "127.0.0.1", "[::1]"];
  try {
    names.push(new URL(env().appUrl).hostname);
  } catch {
    // appUrl is validated at start; nothing more to allow.
  }
  return names;
}

type Carried<Ctx> = { dokaniCaller: Ctx };

const modernHandlers = new WeakMap<object, McpHttpHandler>();

/** The 2026-07-28 leg of an endpoint, made once: each request's server is built from the caller it carries. */
function modernHandler<Ctx>(endpoint: McpEndpoint<Ctx>): McpHttpHandler {
  let handler = modernHandlers.get(endpoint);
  if (!handler) {
    handler = createMcpHandler(
      (request) => {
        const carried = request.authInfo?.extra as Carried<Ctx> | undefined;
        if (!carried) throw new Error("MCP request without its caller");
        return endpoint.build(carried.dokaniCaller);
      },
      { legacy: "reject", responseMode: "json", maxRequestBodySize: MAX_MCP_BODY_BYTES },
    );
    modernHandlers.set(endpoint, handler);
  }
  return handler;
}

/** Answers one HTTP request to an MCP endpoint. */
export function serveMcp<Ctx>(request: Request, endpoint: McpEndpoint<Ctx>, context?: Partial<LoadContext>): Promise<Response> {
  return withErrorBody(async () => {
    if (request.method !== "POST") {
      throw new AppError("method_not_allowed", "This MCP endpoint is stateless: send each JSON-RPC message with POST.", { headers: { Allow: "POST" } });
    }
    // DNS rebinding: a page on another site that resolves its own name to this server sends its own Host and Origin.
    const hosts = allowedHostnames();
    const host = hostnameOf(request.headers.get("host") ?? new URL(request.url).host);
    if (!host || !hosts.includes(host)) throw new AppError("forbidden", "This MCP endpoint does not answer to that host name.");
    const origin = request.headers.get("origin");
    if (endpoint.checkOrigin && origin !== null) {
      const originHost = URL.canParse(origin) ? new URL(origin).hostname.toLowerCase() : null;
      if (!originHost || !hosts.includes(originHost)) throw new AppError("forbidden", "Requests from that web origin are not allowed; call the MCP endpoint from an MCP client.");
    }
    const declared = Number(request.headers.get("content-length") ?? 0);
    if (declared > MAX_MCP_BODY_BYTES) throw new AppError("payload_too_large", `A JSON-RPC message must be at most ${MAX_MCP_BODY_BYTES / 1024} KB.`);

    const ctx = await endpoint.authenticate(request, context);
    await endpoint.limit(ctx);

    if (await isLegacyRequest(request, undefined, { maxRequestBodySize: MAX_MCP_BODY_BYTES })) {
      const server = endpoint.build(ctx);
      const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true, maxRequestBodySize: MAX_MCP_BODY_BYTES });
      await server.connect(transport);
      try {
        return await transport.handleRequest(request);
      } finally {
        await server.close();
      }
    }
    const authInfo = { token: "", clientId: "dokani", scopes: [], extra: { dokaniCaller: ctx } satisfies Carried<Ctx> };
    return modernHandler(endpoint).fetch(request, { authInfo });
  });
}
