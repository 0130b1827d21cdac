import { AppError } from "../errors";
import { parseId } from "./route-helpers.server";

/**
 * The one 404 an admin page throws for an id that is malformed, missing or another shop's: the
 * three answer alike, so a URL never tells one shop whether a record exists in another.
 */
export function notFound(message: string): Response {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

/** Throws the page's 404 when `error` is a `not_found` AppError; any other error is left to the caller. */
export function throwIfNotFound(error: unknown, message: string): void {
  if (error instanceof AppError && error.code === "not_found") throw notFound(message);
}

/** Runs a read, answering the page's 404 when the record is not this shop's. */
export async function orNotFound<T>(read: Promise<T> | (() => Promise<T>), message: string): Promise<T> {
  try {
    return await (typeof read === "function" ? read() : read);
  } catch (error) {
    throwIfNotFound(error, message);
    throw error;
  }
}

/** A path id that must be a UUID, or the page's 404 (never a database error). */
export function idOrNotFound(value: string | undefined, message: string): string {
  try {
    return parseId(value);
  } catch {
    throw notFound(message);
  }
}
