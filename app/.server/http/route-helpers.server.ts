import { AppError } from "../errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a UUID names nothing: 404, like a missing one (and never a database error). */
export function parseId(value: string | undefined, what = "resource"): string {
  if (!value || !UUID.test(value)) throw new AppError("not_found", `No such ${what}.`);
  return value.toLowerCase();
}

/** 405 with the error body for a method the endpoint does not serve. */
export function assertMethod(request: Request, ...allowed: string[]) {
  if (!allowed.includes(request.method)) {
    throw new AppError("method_not_allowed", `Use ${allowed.join(" or ")} for this endpoint.`, { headers: { Allow: allowed.join(", ") } });
  }
}

/** JSON answer that no cache keeps (storefront answers are per shopper). */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}
