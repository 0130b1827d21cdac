import type { ChatCompletionFunctionTool } from "openai/resources/chat/completions";
import { z } from "zod";
import { checkReturnEligibilityTool } from "./check-return-eligibility.server";
import { getReturnStatusTool } from "./get-return-status.server";
import { handOffToHumanTool } from "./hand-off-to-human";
import { lookupOrderTool } from "./lookup-order.server";
import { searchKnowledgeBaseTool } from "./search-knowledge-base.server";
import { startReturnTool } from "./start-return.server";
import type { Tool, ToolContext, ToolOutcome } from "./tool";

export type { Source, ToolCallRecord, ToolContext, ToolOutcome, VerifiedOrder } from "./tool";

/** Every tool of the assistant, in the order a model sees them. Other callers (voice webhooks, MCP) read the same table. */
export const TOOLS: ReadonlyArray<Tool> = [searchKnowledgeBaseTool, lookupOrderTool, getReturnStatusTool, checkReturnEligibilityTool, startReturnTool, handOffToHumanTool] as Tool[];

const byName = new Map(TOOLS.map((tool) => [tool.name, tool]));
let definitions: ChatCompletionFunctionTool[] | undefined;

/** The tools in the chat completions API's format. */
export function toolDefinitions(): ChatCompletionFunctionTool[] {
  // The schemas never change while the process runs: converted to JSON Schema once, not on every model call.
  return (definitions ??= TOOLS.map((tool) => {
    const { $schema: _schema, ...parameters } = z.toJSONSchema(tool.args, { io: "input" }) as Record<string, unknown>;
    return { type: "function", function: { name: tool.name, description: tool.description, parameters } };
  }));
}

/** Runs one tool call from a model: unknown names and arguments that fail the schema are answered as errors, never run. */
export async function runToolCall(ctx: ToolContext, name: string, rawArguments: string): Promise<{ outcome: ToolOutcome; args: unknown }> {
  const tool = byName.get(name);
  if (!tool) return { args: rawArguments.slice(0, 500), outcome: { ok: false, result: { error: "unknown_tool", message: `There is no tool named ${name.slice(0, 60)}.` }, summary: "unknown tool" } };
  let json: unknown;
  try {
    json = rawArguments.trim() ? JSON.parse(rawArguments) : {};
  } catch {
    return { args: rawArguments.slice(0, 500), outcome: { ok: false, result: { error: "invalid_arguments", message: "The arguments are not valid JSON." }, summary: "invalid arguments" } };
  }
  const parsed = tool.args.safeParse(json);
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join(".") || "arguments", i.message]));
    return { args: json, outcome: { ok: false, result: { error: "invalid_arguments", fields }, summary: "invalid arguments" } };
  }
  return { args: parsed.data, outcome: await tool.run(ctx, parsed.data) };
}
