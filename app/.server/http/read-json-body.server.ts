import type { z } from "zod";
import { AppError, validationError } from "../errors";

/** JSON bodies of the storefront and merchant APIs are small; anything larger is refused unread. */
export const MAX_JSON_BYTES = 64 * 1024;

/**
 * Reads and validates a JSON body: 415 for another content type, 413 past `maxBytes` (counted as
 * the bytes arrive, whatever Content-Length says), 400 for malformed JSON, 400 with `fields` for a
 * body the schema refuses.
 */
export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S, maxBytes = MAX_JSON_BYTES): Promise<z.infer<S>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) throw new AppError("unsupported_media_type", "Send the request body as JSON (Content-Type: application/json).");
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new AppError("payload_too_large", `The request body is larger than ${Math.round(maxBytes / 1024)} KB.`);
  const text = await readTextCapped(request, maxBytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON.");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

/** A request body as text, refused (413) once more than `maxBytes` have arrived, whatever Content-Length said. */
export async function readTextCapped(request: Request, maxBytes: number): Promise<string> {
  const bytes = await readBytesCapped(request, maxBytes, () => new AppError("payload_too_large", `The request body is larger than ${Math.round(maxBytes / 1024)} KB.`));
  return bytes.toString("utf8");
}

/** A request body as bytes (binary attachments intact); `tooLarge` is thrown once more than `maxBytes` have arrived. */
export async function readBytesCapped(request: Request, maxBytes: number, tooLarge: () => AppError): Promise<Buffer> {
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
