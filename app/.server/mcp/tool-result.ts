import type { CallToolResult } from "@modelcontextprotocol/server";
import { AppError } from "../errors";

/**
 * How tool answers and refusals reach an MCP client. Every answer is bounded: lists are paged by
 * their schemas, transcripts cut by the tools, and any text field longer than `MAX_FIELD_CHARS` is
 * cut here, so one call can never flood a model's context.
 */

/** The longest text field a tool answers; longer ones end with an ellipsis and a note of their length. */
export const MAX_FIELD_CHARS = 4_000;

/** Cuts long strings anywhere in a JSON value. */
export function boundValue(value: unknown): unknown {
  if (typeof value === "string") return value.length > MAX_FIELD_CHARS ? `${value.slice(0, MAX_FIELD_CHARS)}… [${value.length - MAX_FIELD_CHARS} more characters]` : value;
  if (Array.isArray(value)) return value.map(boundValue);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, boundValue(v)]));
  return value;
}

/** A tool's answer: the data as `structuredContent`, then a readable line and the same data as JSON text (for clients that show only text). */
export function toolSuccess(data: Record<string, unknown>, summary: string): CallToolResult {
  const structured = boundValue(data) as Record<string, unknown>;
  return {
    content: [
      { type: "text", text: summary },
      { type: "text", text: JSON.stringify(structured) },
    ],
    structuredContent: structured,
  };
}

/** A refusal: `isError` with API.md's error body, so a client branches on `error.code` exactly as with the REST API. */
export function toolFailure(error: AppError): CallToolResult {
  const body = error.toBody();
  return {
    isError: true,
    content: [{ type: "text", text: `${error.code}: ${error.message}${error.fields ? ` (${Object.entries(error.fields).map(([k, v]) => `${k} ${v}`).join("; ")})` : ""}` }],
    structuredContent: body as unknown as Record<string, unknown>,
  };
}

/** Anything not an `AppError` is our fault: said plainly, never with a stack or an internal name. */
export const INTERNAL_FAILURE = new AppError("internal_error", "Something went wrong on our side. Please try again in a moment.");
