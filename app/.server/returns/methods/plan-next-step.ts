import { formatCentsWithCode } from "../../money";
import type { ReturnMethodsSettings } from "../../shops/shop-settings";
import { returnReference } from "../return-reference";
import { dropOffMethod } from "./drop-off-method";
import { keepItemMethod } from "./keep-item-method";
import { shipMethod } from "./ship-method";
import { addDays, dateInWords, localDate, safeZone } from "./shop-dates";
import type { MethodContext, NextStep, NextStepOption, ReturnMethod } from "./types";

/** Every method, in the order they are offered; keep-item first, since it needs no parcel at all. */
export const RETURN_METHODS: readonly ReturnMethod[] = [keepItemMethod, shipMethod, dropOffMethod];

export type PlanNextStepInput = {
  settings: ReturnMethodsSettings;
  timeZone: string;
  returnId: string;
  /** What the shopper gets back, in cents (the estimate at approval). */
  valueCents: number;
  currency: string;
  approvedAt: Date;
};

/** What the shopper of an approved return does next, and by when, under the shop's return methods. Pure. */
export function planNextStep(input: PlanNextStepInput, methods: readonly ReturnMethod[] = RETURN_METHODS): NextStep {
  const reference = returnReference(input.returnId);
  const timeZone = safeZone(input.timeZone);
  const ctx: MethodContext = { settings: input.settings, valueCents: input.valueCents, currency: input.currency, reference };
  const base = { reference, timeZone, decidedAt: input.approvedAt.toISOString() };
  const offered = methods.filter((m) => m.offers(ctx));

  if (offered.some((m) => m.kind === "keep_item")) {
    const worth = formatCentsWithCode(input.valueCents, input.currency);
    return { ...base, kind: "keep_item", deadline: null, deadlineText: null, summary: `You don't need to send anything back: keep the items. The store settles your return of ${worth} without a parcel.`, options: [] };
  }
  const options = offered.map((m) => m.option(ctx)).filter((o): o is NextStepOption => o !== null);
  if (!options.length) {
    return { ...base, kind: "await_instructions", deadline: null, deadlineText: null, summary: "Keep the items for now: the store will email you how to send them back.", options: [] };
  }
  const deadline = addDays(localDate(input.approvedAt, timeZone), input.settings.sendWithinDays);
  const deadlineText = dateInWords(deadline);
  const how = options.map((o) => (o.method === "ship" ? "send" : "drop off")).join(" or ");
  return { ...base, kind: "send_back", deadline, deadlineText, summary: `${how[0]!.toUpperCase()}${how.slice(1)} your items by ${deadlineText} (reference ${reference}).`, options };
}

/** A stored `nextStep` column read back, or null when there is none (or it is not one). */
export function nextStepOf(stored: unknown): NextStep | null {
  if (!stored || typeof stored !== "object" || Array.isArray(stored)) return null;
  const step = stored as NextStep;
  return typeof step.kind === "string" && typeof step.reference === "string" && Array.isArray(step.options) ? step : null;
}
