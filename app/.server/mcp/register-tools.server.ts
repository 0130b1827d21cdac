import type { CallToolResult, McpServer, StandardSchemaWithJSON } from "@modelcontextprotocol/server";
import type { z } from "zod";
import { AppError, validationError } from "../errors";
import { isDatabaseUnavailable } from "../db/database-unavailable";
import { log } from "../logger.server";
import type { AnyTool, ToolAnswer } from "./tool";
import { INTERNAL_FAILURE, toolFailure, toolSuccess } from "./tool-result";

/** What the server does around each call: refuse it (a read key on a write tool) and record it. */
export type CallHooks<Ctx> = {
  /** A refusal to answer instead of running the tool, or null to run it. */
  refuse?(ctx: Ctx, tool: AnyTool<Ctx>): AppError | null;
  /** Records the call (the audit log); it must not throw. */
  record?(ctx: Ctx, tool: AnyTool<Ctx>, outcome: { answer?: ToolAnswer; error?: AppError }): Promise<void>;
};

const jsonSchemas = new WeakMap<z.ZodObject, Record<string, unknown>>();

/**
 * The tool's schema as the SDK sees it: its JSON Schema (what `tools/list` shows, computed once)
 * and a validation that lets every argument through, so the tool validates with its own zod
 * schema and refuses bad arguments with API.md's `invalid_request` and `fields`, like the REST route.
 */
function advertised(schema: z.ZodObject): StandardSchemaWithJSON<Record<string, unknown>, Record<string, unknown>> {
  const json = () => {
    let cached = jsonSchemas.get(schema);
    if (!cached) {
      cached = schema["~standard"].jsonSchema.input({ target: "draft-2020-12" }) as Record<string, unknown>;
      jsonSchemas.set(schema, cached);
    }
    return cached;
  };
  return {
    "~standard": {
      version: 1,
      vendor: "dokani",
      validate: (value: unknown) => ({ value: (value ?? {}) as Record<string, unknown> }),
      jsonSchema: { input: json, output: json },
    },
  };
}

/** Runs one tool call: scope, validation, the tool, the audit row; every failure becomes a tool error, never a protocol crash. */
export async function callTool<Ctx>(ctx: Ctx, tool: AnyTool<Ctx>, raw: unknown, hooks: CallHooks<Ctx>): Promise<CallToolResult> {
  const refusal = hooks.refuse?.(ctx, tool);
  if (refusal) {
    await hooks.record?.(ctx, tool, { error: refusal });
    return toolFailure(refusal);
  }
  const parsed = (tool.input as z.ZodObject).safeParse(raw ?? {});
  if (!parsed.success) return toolFailure(tool.invalid ? tool.invalid(parsed.error) : validationError(parsed.error, "Some arguments are missing or invalid."));
  try {
    const answer = await tool.run(ctx, parsed.data);
    // A change is recorded before it is answered; a read's record is written beside its answer, off the caller's wait.
    const recorded = hooks.record?.(ctx, tool, { answer });
    if (tool.scope === "write") await recorded;
    return toolSuccess(answer.data, answer.summary);
  } catch (error) {
    if (error instanceof AppError) {
      await hooks.record?.(ctx, tool, { error });
      return toolFailure(error);
    }
    if (isDatabaseUnavailable(error)) return toolFailure(new AppError("unavailable", "The store's database is not answering. Try again in a moment."));
    log().error({ err: error, tool: tool.name }, "MCP tool failed");
    return toolFailure(INTERNAL_FAILURE);
  }
}

/** Registers a table of tools on a server, each bound to the caller's context. */
export function registerTools<Ctx>(server: McpServer, tools: ReadonlyArray<AnyTool<Ctx>>, ctx: Ctx, hooks: CallHooks<Ctx>) {
  for (const tool of tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: advertised(tool.input),
        annotations: { title: tool.title, readOnlyHint: tool.scope === "read", destructiveHint: false, openWorldHint: false },
      },
      (args: Record<string, unknown>) => callTool(ctx, tool, args, hooks),
    );
  }
}
