import type { ZodError } from "zod";

/**
 * The one error type of the app. Routes turn it into API.md's error body with the status the
 * code maps to; anything else that escapes becomes a 500 with a generic message (and is logged).
 */

export const ERROR_STATUS = {
  invalid_request: 400,
  invalid_json: 400,
  invalid_signature: 401,
  invalid_token: 401,
  unauthorized: 401,
  forbidden: 403,
  insufficient_scope: 403,
  not_found: 404,
  contact_merged: 404,
  order_not_found: 404,
  method_not_allowed: 405,
  not_acceptable: 406,
  conflict: 409,
  invalid_transition: 409,
  invalid_state: 409,
  cannot_merge: 409,
  reply_window_closed: 409,
  calls_unavailable: 409,
  payload_too_large: 413,
  file_too_large: 413,
  unsupported_media_type: 415,
  invalid_rules: 422,
  integration_check_failed: 422,
  unprocessable: 422,
  rate_limited: 429,
  internal_error: 500,
  platform_error: 502,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorBody = {
  error: { code: string; message: string; fields?: Record<string, string>; [extra: string]: unknown };
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: Record<string, string>;
  readonly headers?: Record<string, string>;
  /** Extra members of the error object a program can act on (`contact_merged` answers `mergedInto`). */
  readonly body?: Record<string, string>;

  constructor(code: ErrorCode, message: string, options?: { fields?: Record<string, string>; headers?: Record<string, string>; body?: Record<string, string>; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = "AppError";
    this.code = code;
    this.fields = options?.fields;
    this.headers = options?.headers;
    this.body = options?.body;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, ...this.body, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

/** Writes a zod issue path the way API.md shows it: `items[0].quantity`. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || "body";
}

/** A field-by-field map of a zod error, first message per field. */
export function zodFields(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = formatIssuePath(issue.path);
    fields[key] ??= issue.message;
  }
  return fields;
}

/** A 400 `invalid_request` carrying every field that failed validation. */
export function validationError(error: ZodError, message = "Some fields are missing or invalid."): AppError {
  return new AppError("invalid_request", message, { fields: zodFields(error) });
}

/** True for Prisma's unique-constraint violation (P2002), optionally on a named constraint or field. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}
