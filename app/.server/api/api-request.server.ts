import type { z } from "zod";
import { AppError, validationError } from "../errors";
import { MAX_JSON_BYTES, readTextCapped } from "../http/read-json-body.server";

// A field that is simply absent reads better as "is required" than as zod's type complaint.
const requiredMessage: z.core.$ZodErrorMap = (issue) => (issue.code === "invalid_type" && issue.input === undefined ? "is required" : undefined);

/**
 * Reads a merchant API body: an empty body (with or without a Content-Type) counts as `{}`, so
 * `curl -X POST .../approve` works; otherwise 415 for a type other than JSON, 413 past `maxBytes`,
 * 400 `invalid_json` for malformed JSON, and `invalid` (400 `invalid_request` by default) with
 * `fields` when the schema refuses it.
 */
export async function readApiBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  options: { invalid?: (error: z.ZodError) => AppError; maxBytes?: number } = {},
): Promise<z.output<S>> {
  const maxBytes = options.maxBytes ?? MAX_JSON_BYTES;
  const type = request.headers.get("content-type");
  if (type && !/^application\/json\b/i.test(type)) throw new AppError("unsupported_media_type", "Send the request body as JSON (Content-Type: application/json).");
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge(maxBytes);
  const text = await readTextCapped(request, maxBytes);
  let json: unknown = {};
  if (text.trim() !== "") {
    if (!type) throw new AppError("unsupported_media_type", "Send the request body as JSON (Content-Type: application/json).");
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError("invalid_json", "The request body is not valid JSON.");
    }
  }
  const parsed = schema.safeParse(json, { error: requiredMessage });
  if (!parsed.success) throw options.invalid ? options.invalid(parsed.error) : validationError(parsed.error);
  return parsed.data;
}

/** Validates a query string with `schema`; 400 `invalid_request` naming each bad parameter. */
export function parseApiQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = schema.safeParse(query, { error: requiredMessage });
  if (!parsed.success) throw validationError(parsed.error, "Some query parameters are invalid.");
  return parsed.data;
}

/** A `{version}` path segment; anything but a positive whole number names nothing: 404. */
export function parsePolicyVersion(value: string | undefined): number {
  if (!value || !/^[1-9]\d{0,8}$/.test(value)) throw new AppError("not_found", "No such policy version.");
  return Number(value);
}

function tooLarge(maxBytes: number) {
  return new AppError("payload_too_large", `The request body is larger than ${Math.round(maxBytes / 1024)} KB.`);
}
