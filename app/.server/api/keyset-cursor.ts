import { AppError } from "../errors";

/*
 * A page cursor is the sort key of the last row served, (createdAt, id), so the next page starts
 * right after it with an index range scan however deep the caller pages, and rows inserted
 * meanwhile never shift a page. It is base64url so callers treat it as opaque.
 */

export type KeysetPosition = { createdAt: Date; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The opaque cursor that resumes a list after `position`. */
export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(`${position.createdAt.toISOString()}|${position.id}`, "utf8").toString("base64url");
}

/** Reads a cursor this API gave out; anything else is a 400 naming the `cursor` field. */
export function decodeCursor(cursor: string): KeysetPosition {
  const invalid = new AppError("invalid_request", "The cursor is not one this API gave out. Start again without it.", {
    fields: { cursor: "is not a cursor this API gave out" },
  });
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw invalid;
  const [time, id, ...rest] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (rest.length || !time || !id || !ISO.test(time) || !UUID.test(id)) throw invalid;
  const createdAt = new Date(time);
  if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== time) throw invalid;
  return { createdAt, id };
}

/**
 * The where-clauses that resume a list sorted by (`column` desc, id desc) right after `position`.
 * The `lte` bound gives the index scan its start; the OR drops rows at or before the cursor's tie.
 */
export function keysetAfterDescending<K extends string>(column: K, position: KeysetPosition) {
  return [
    { [column]: { lte: position.createdAt } } as { [P in K]: { lte: Date } },
    { OR: [{ [column]: { lt: position.createdAt } } as { [P in K]: { lt: Date } }, { id: { lt: position.id } }] },
  ];
}
