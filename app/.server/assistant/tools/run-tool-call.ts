import { TOOLS } from "./index";
import type { ToolContext, ToolOutcome } from "./tool";

const byName = new Map(TOOLS.map((tool) => [tool.name, tool]));

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
