import { AppError } from "../errors";
import { notDeliveredMessage } from "./engine/line-returnability";
import type { OrderLine, RequestedItem } from "./types";

/*
 * Guards of the returns domain. The requested items are checked here once, in the words of API.md,
 * for both the storefront API and the decision engine: a request that fails is malformed (400, not
 * recorded), which is different from a request that breaks a policy rule (recorded and denied).
 */

/** Throws AppError `invalid_request` with a field per problem unless every requested item is a distinct line of `lines` in a returnable quantity. */
export function assertRequestedItems(lines: readonly OrderLine[], items: ReadonlyArray<Pick<RequestedItem, "lineItemId" | "quantity">>): void {
  if (items.length === 0) {
    throw new AppError("invalid_request", "Choose at least one item to return.", { fields: { items: "must list at least one item" } });
  }
  let fields: Record<string, string> | null = null;
  let message = "";
  // Plain loops: this runs for every decision, and requests list a handful of items.
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    let problem: [field: string, words: string, sentence: string] | null = null;
    let line: OrderLine | undefined;
    for (let j = 0; j < lines.length; j++) {
      if (lines[j]!.id === item.lineItemId) {
        line = lines[j];
        break;
      }
    }
    let repeated = false;
    for (let j = 0; j < i; j++) if (items[j]!.lineItemId === item.lineItemId) repeated = true;
    if (repeated) problem = ["lineItemId", "appears more than once", "An item is listed more than once."];
    else if (line === undefined) problem = ["lineItemId", "is not an item of this order", "A requested item is not part of this order."];
    else if (notDeliveredMessage(line) !== null) problem = ["lineItemId", "has not been delivered", notDeliveredMessage(line)!];
    else if (line.returnableQuantity <= 0) problem = ["quantity", "nothing is left to return", `${line.title} has already been returned.`];
    else if (!Number.isInteger(item.quantity)) problem = ["quantity", "must be a whole number", `Choose a whole number of ${line.title}.`];
    else if (item.quantity < 1) problem = ["quantity", "must be at least 1", `Choose at least one ${line.title}.`];
    else if (item.quantity > line.returnableQuantity) problem = ["quantity", `must be at most ${line.returnableQuantity}`, `Only ${line.returnableQuantity} of ${line.title} can be returned.`];
    if (problem === null) continue;
    (fields ??= {})[`items[${i}].${problem[0]}`] = problem[1];
    // One problem gets its own sentence; several get a summary, with the details in `fields`.
    message = message === "" ? problem[2] : "Some items cannot be returned as requested.";
  }
  if (fields !== null) throw new AppError("invalid_request", message, { fields });
}

/** The state of a return that says whether its exchange can still be changed by the merchant. */
export type ExchangeEditState = { status: string; resolution: string; platformExchangeId: string | null; syncedActions: readonly string[] };

/**
 * Throws unless the merchant may still change this return's exchange: it is an exchange, not yet
 * decided against or finished (409 `invalid_transition`), and not yet created on the platform,
 * where the replacement is already reserved or shipped (409 `invalid_state`).
 */
export function assertExchangeEditable(row: ExchangeEditState): void {
  if (row.resolution !== "exchange") throw new AppError("invalid_state", "This return is not an exchange.");
  if (row.status !== "pending_triage" && row.status !== "pending_review" && row.status !== "approved") {
    throw new AppError("invalid_transition", `The exchange of a ${row.status.replace("_", " ")} return can no longer be changed.`);
  }
  if (row.platformExchangeId !== null || row.syncedActions.includes("exchange")) {
    throw new AppError("invalid_state", "The exchange is already created on the store, so it can no longer be changed here. Change it on the store itself.");
  }
}
