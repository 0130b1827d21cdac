import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import type { LoadContext } from "../../app/.server/http/load-context";
import { routeArgs } from "./route-args";

type Action = (args: { request: Request; params: Record<string, string>; context: LoadContext }) => Promise<Response>;

/**
 * The official MCP client, connected over Streamable HTTP to a route's action in this process (its
 * `fetch` builds the Request the Express server would). `era` picks the protocol: `legacy` is the
 * 2025 initialize handshake, `modern` negotiates 2026-07-28.
 */
export async function connectMcp(action: Action, options: { url?: string; headers?: Record<string, string>; era?: "legacy" | "modern"; context?: Partial<LoadContext> } = {}) {
  const url = new URL(options.url ?? "http://127.0.0.1/mcp");
  const fetchRoute = async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    return action(routeArgs(request, {}, options.context) as Parameters<Action>[0]);
  };
  const transport = new StreamableHTTPClientTransport(url, { fetch: fetchRoute, requestInit: { headers: options.headers ?? {} } });
  const client = new Client({ name: "dokani-tests", version: "1.0.0" }, options.era === "modern" ? { versionNegotiation: { mode: "auto" } } : {});
  await client.connect(transport);
  return client;
}

/** A bearer header for a merchant key. */
export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
