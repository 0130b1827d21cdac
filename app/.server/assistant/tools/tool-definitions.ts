import type { ChatCompletionFunctionTool } from "openai/resources/chat/completions";
import { z } from "zod";
import { TOOLS } from "./index";

let definitions: ChatCompletionFunctionTool[] | undefined;

/** The tools in the chat completions API's format. */
export function toolDefinitions(): ChatCompletionFunctionTool[] {
  // The schemas never change while the process runs: converted to JSON Schema once, not on every model call.
  return (definitions ??= TOOLS.map((tool) => {
    const { $schema: _schema, ...parameters } = z.toJSONSchema(tool.args, { io: "input" }) as Record<string, unknown>;
    return { type: "function", function: { name: tool.name, description: tool.description, parameters } };
  }));
}
