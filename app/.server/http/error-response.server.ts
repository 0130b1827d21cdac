import { DATABASE_RETRY_AFTER_SECONDS, databaseUnavailableBody, isDatabaseUnavailable } from "../db/database-unavailable";
import { AppError } from "../errors";
import { log } from "../logger.server";

/** API.md's error body for any error: an `AppError` as it says, anything else a logged, generic 500. */
export function errorResponse(error: unknown): Response {
  if (error instanceof Response) return error;
  if (error instanceof AppError) {
    return Response.json(error.toBody(), { status: error.status, headers: error.headers });
  }
  if (isDatabaseUnavailable(error)) {
    log().warn({ err: error }, "database unavailable: answered 503");
    return Response.json(databaseUnavailableBody(), { status: 503, headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS), "Cache-Control": "no-store" } });
  }
  log().error({ err: error }, "unhandled error in a public endpoint");
  return Response.json(
    { error: { code: "internal_error", message: "Something went wrong on our side. Please try again in a moment." } },
    { status: 500 },
  );
}

/** Runs a public endpoint's work and answers errors with API.md's body. */
export async function withErrorBody(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    return errorResponse(error);
  }
}
