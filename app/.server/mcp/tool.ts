import type { z } from "zod";
import type { ApiKeyScope } from "../db.server";
import type { AppError } from "../errors";
import type { ShopContext } from "../shops/shop-context";
import type { ProxyContext } from "../proxy/authenticate-proxy.server";

/**
 * The MCP tools of Dokani, defined once for every transport (Streamable HTTP at `/mcp`, stdio in
 * the CLI) as a table: each entry names its input schema (the same zod schema as the matching
 * merchant-API route), the scope it needs and a `run` that calls the same service the route calls.
 * A tool answers data (`structuredContent`) and one short line a person can read; the server adds
 * the rest (bounds, refusals, audit).
 */

/** Who is calling the merchant tools: the key's shop and the key (its name is the actor of every change). */
export type McpContext = ShopContext & {
  /** The key (or the local stdio operator) the call is made with. */
  caller: { keyId: string | null; name: string; scope: ApiKeyScope };
};

/** What a tool answers before the server shapes it into an MCP result. */
export type ToolAnswer = {
  /** The tool's result, in the merchant API's shapes (returned as `structuredContent`). */
  data: Record<string, unknown>;
  /** One or two sentences that say what the result is. */
  summary: string;
  /** What the audit row of the call records beyond the tool's name (ids touched, outcome). */
  audit?: { entityType: string; entityId: string };
};

/** One tool of the table. */
export type McpTool<Ctx, Input extends z.ZodObject = z.ZodObject> = {
  name: string;
  title: string;
  description: string;
  input: Input;
  /** `write` tools change the store and are refused to read keys. */
  scope: ApiKeyScope;
  /** The refusal of arguments the schema rejects; `invalid_request` with `fields` unless the matching route answers otherwise. */
  invalid?: (error: z.ZodError) => AppError;
  run(ctx: Ctx, args: z.output<Input>): Promise<ToolAnswer>;
};

/** A merchant tool, with its argument types inferred from its schema. */
export function merchantTool<Input extends z.ZodObject>(tool: McpTool<McpContext, Input>): McpTool<McpContext, Input> {
  return tool;
}

/** A storefront tool: its caller is the shopper behind the store's signed app proxy. */
export function storefrontTool<Input extends z.ZodObject>(tool: Omit<McpTool<ProxyContext, Input>, "scope">): McpTool<ProxyContext, Input> {
  return { ...tool, scope: "read" };
}

/** A tool of either table, erased for the server that registers it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTool<Ctx> = McpTool<Ctx, any>;
