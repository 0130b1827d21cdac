import { randomUUID } from "node:crypto";
import { z } from "zod";
import { returnEvents } from "../automation/return-events";
import { FIELD_LIMITS } from "../http/field-limits";
import { auditRow, RULES_ACTOR } from "../audit/record-audit";
import { db, Prisma, type ReturnItem, type ReturnRequest } from "../db.server";
import type { ShopperContext } from "../shops/shop-context";
import { AppError } from "../errors";
import { outboxRow } from "../jobs/enqueue-job";
import { getPlatform } from "../platforms/get-platform.server";
import { getActivePolicy } from "../policies/get-active-policy.server";
import { verifyToken } from "../security/tokens.server";
import { decisionColumns } from "./decision-columns";
import { decideReturn } from "./engine";
import { followUpReturnJob } from "./jobs";
import { insertReturnRows } from "./insert-return.server";
import { loadHistoryAndOrderReturns } from "./load-customer-history.server";
import { stepAtApproval } from "./methods";
import { signReturnToken } from "./return-token";
import { buildOrderSnapshot } from "./lookup-order.server";
import { toReturnView } from "./return-view";
import { shopperText } from "./text";
import { assertRequestedItems } from "./validation";
import { resolveReplacement } from "./list-exchange-options.server";
import { ITEM_CONDITIONS, RESOLUTIONS, RETURN_REASONS, type Decision, type RequestedItem, type ReturnStatus, type ReturnView } from "./types";

export const CreateReturnInput = z.object({
  lookupToken: z.string({ error: "is required" }).min(1, "is required").max(2048),
  items: z
    .array(
      z.object({
        lineItemId: z.string({ error: "is required" }).trim().min(1, "is required").max(64),
        quantity: z.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").max(10_000),
        reason: z.enum(RETURN_REASONS, { error: `must be one of ${RETURN_REASONS.join(", ")}` }),
        condition: z.enum(ITEM_CONDITIONS, { error: `must be one of ${ITEM_CONDITIONS.join(", ")}` }).optional(),
        note: shopperText(FIELD_LIMITS.itemNote).optional(),
        /** The replacement of an exchange: a variant of the returned product, or of `productId` when the policy allows any product. */
        exchangeFor: z
          .object({
            variantId: z.string({ error: "is required" }).trim().min(1, "is required").max(255),
            productId: z.string({ error: "must be text" }).trim().min(1, "must not be empty").max(255).optional(),
          })
          .optional(),
      }),
      { error: "must be a list of items" },
    )
    .min(1, "choose at least one item")
    .max(100, "must have at most 100 items"),
  resolution: z.enum(RESOLUTIONS, { error: `must be one of ${RESOLUTIONS.join(", ")}` }),
  note: shopperText(FIELD_LIMITS.returnNote).optional(),
}).superRefine((input, ctx) => {
  for (const [path, message] of Object.entries(exchangeChoiceProblems(input))) ctx.addIssue({ code: "custom", path: path.split(".").map((part) => (/^\d+$/.test(part) ? Number(part) : part)), message });
});

/**
 * Replacements belong to exchanges, and an exchange names one for every item or for none (then the
 * store picks): the problems, keyed by field, for the schema and for callers that skip it.
 */
function exchangeChoiceProblems(input: { resolution: string; items: ReadonlyArray<{ exchangeFor?: unknown }> }): Record<string, string> {
  const problems: Record<string, string> = {};
  const chosen = input.items.filter((item) => item.exchangeFor).length;
  input.items.forEach((item, i) => {
    if (item.exchangeFor && input.resolution !== "exchange") problems[`items.${i}.exchangeFor`] = "is only for the resolution exchange";
    else if (!item.exchangeFor && chosen > 0) problems[`items.${i}.exchangeFor`] = "choose a replacement for every item, or for none";
  });
  return problems;
}
export type CreateReturnInput = z.infer<typeof CreateReturnInput>;

export { RETURN_TOKEN_TTL_SECONDS } from "./return-token";

const STATUS_OF: Record<Decision["outcome"], ReturnStatus> = {
  approved: "approved",
  denied: "denied",
  // A review waits for triage (risk profile, AI recommendation) before the merchant sees it.
  pending_review: "pending_triage",
};

/** Checks an `Idempotency-Key` header: printable ASCII, 1 to 255 characters. */
export function parseIdempotencyKey(value: string | null): string | undefined {
  if (value === null) return undefined;
  if (!/^[\x21-\x7E]{1,255}$/.test(value)) {
    throw new AppError("invalid_request", "The Idempotency-Key header must be 1 to 255 printable characters.", { fields: { "Idempotency-Key": "must be 1 to 255 printable characters" } });
  }
  return value;
}

/** The token that lets a shopper follow one return. */
export function returnAccessToken(shopId: string, returnId: string, nowMs = Date.now()) {
  return signReturnToken(shopId, returnId, nowMs);
}

async function existingByKey(shopId: string, idempotencyKey: string) {
  return db().returnRequest.findUnique({ where: { shopId_idempotencyKey: { shopId, idempotencyKey } }, include: { items: { orderBy: { lineItemId: "asc" } } } });
}

/**
 * `POST /proxy/returns`: records a return request and decides it at once. The order is read again
 * from the platform (quantities may have changed since the lookup); a malformed request (unknown
 * line, more than returnable, a line twice) is refused with 400 and not recorded; a request that
 * breaks a hard rule is recorded and denied. The return, its items, the audit rows and the
 * follow-up jobs (triage, platform sync, the shopper's email) commit together. The same
 * Idempotency-Key gives the same return, never a second one.
 */
export async function createReturn(
  ctx: ShopperContext,
  input: CreateReturnInput,
  options: { idempotencyKey?: string; now?: Date } = {},
): Promise<{ view: ReturnView; accessToken: string; created: boolean }> {
  const { shop, clientAddress } = ctx;
  const now = options.now ?? new Date();
  const choiceProblems = exchangeChoiceProblems(input);
  if (Object.keys(choiceProblems).length > 0) {
    const fields = Object.fromEntries(Object.entries(choiceProblems).map(([path, message]) => [path.replace(/^items\.(\d+)\./, "items[$1]."), message]));
    throw new AppError("invalid_request", "Replacements are chosen for an exchange, one for every item.", { fields });
  }
  const claims = verifyToken("lookup", input.lookupToken, now.getTime());
  if (claims.shopId !== shop.id || typeof claims.orderId !== "string" || typeof claims.email !== "string" || typeof claims.orderName !== "string") {
    throw new AppError("invalid_token", "This order lookup is not valid for this store. Please find your order again.");
  }
  const key = options.idempotencyKey ?? null;
  const email = claims.email.toLowerCase();
  // The order's returns (for what is left to return) and the request made with this key, if any, with the
  // shopper's history beside them: one statement from the token's order and email, before the platform is asked.
  const { returns, history } = await loadHistoryAndOrderReturns(db(), shop, { email, orderId: claims.orderId, clientAddress, now }, key);
  if (returns.some((r) => r.byKey)) {
    const existing = await existingByKey(shop.id, key!);
    if (existing) return { view: toReturnView(existing, shop), accessToken: returnAccessToken(shop.id, existing.id, now.getTime()), created: false };
  }

  const policy = await getActivePolicy(db(), shop.id);
  const platform = await getPlatform(shop);
  const order = await platform.findOrder(claims.orderName, claims.email);
  if (!order || order.id !== claims.orderId) throw new AppError("invalid_token", "We could not find this order any more. Please find your order again.");
  const snapshot = await buildOrderSnapshot(platform, order, returns);

  // Checked before anything is written: a malformed request is refused, not recorded and denied.
  assertRequestedItems(snapshot.lineItems, input.items);
  // Each replacement as the store describes it now (price, product, stock); the engine decides on that.
  const products = new Map();
  const items: RequestedItem[] = await Promise.all(
    input.items.map(async (item, i) => {
      const { exchangeFor, ...rest } = item;
      if (!exchangeFor) return rest;
      const line = snapshot.lineItems.find((l) => l.id === item.lineItemId)!;
      return { ...rest, exchangeFor: await resolveReplacement(platform, line, exchangeFor, `items[${i}].exchangeFor`, products) };
    }),
  );

  const decision = decideReturn({
    rules: policy.rules,
    policyVersion: policy.version,
    now,
    order: snapshot,
    items,
    resolution: input.resolution,
    evidenceCount: 0,
    history,
  });
  const status = STATUS_OF[decision.outcome];
  const settled = status === "approved" || status === "denied";

  const id = randomUUID();
  const columns = decisionColumns(decision);
  const row: ReturnRequest & { items: ReturnItem[] } = {
    id,
    shopId: shop.id,
    platformOrderId: order.id,
    orderName: order.name,
    orderProcessedAt: order.processedAt,
    orderDeliveredAt: order.deliveredAt,
    orderTotal: new Prisma.Decimal(order.totalPrice),
    currency: order.currency,
    customerEmail: snapshot.email,
    customerName: order.customerName,
    customerIp: clientAddress,
    status,
    resolution: input.resolution,
    note: input.note || null,
    policyId: policy.id,
    policyVersion: policy.version,
    decisionOutcome: columns.decisionOutcome,
    decisionReasons: columns.decisionReasons as unknown as Prisma.JsonValue,
    decisionExplanation: columns.decisionExplanation,
    decidedAt: settled ? now : null,
    decidedBy: settled ? "rules" : null,
    riskScore: new Prisma.Decimal(columns.riskScore),
    riskFactors: columns.riskFactors as unknown as Prisma.JsonValue,
    aiRecommendation: null,
    refundEstimate: new Prisma.Decimal(columns.refundEstimate),
    restockingFee: new Prisma.Decimal(columns.restockingFee),
    storeCreditBonus: new Prisma.Decimal(columns.storeCreditBonus),
    refundedAmount: null,
    idempotencyKey: key,
    platformReturnId: null,
    platformRefundId: null,
    syncedActions: [],
    syncStatus: "pending",
    syncError: null,
    syncedAt: null,
    conversationId: null,
    contactId: null,
    nextStep: null,
    exchange: decision.exchange as unknown as Prisma.JsonValue,
    platformExchangeId: null,
    receivedAt: null,
    completedAt: null,
    cancelledAt: null,
    createdAt: now,
    updatedAt: now,
    items: items.map((item) => {
      const line = snapshot.lineItems.find((l) => l.id === item.lineItemId)!;
      const r = item.exchangeFor;
      return {
        id: randomUUID(),
        returnId: id,
        lineItemId: line.id,
        title: line.title,
        variantTitle: line.variantTitle,
        sku: line.sku,
        productType: line.productType,
        tags: line.tags,
        quantity: item.quantity,
        unitPrice: new Prisma.Decimal(line.unitPrice),
        reason: item.reason,
        condition: item.condition ?? null,
        note: item.note || null,
        restock: true,
        refundQuantity: null,
        refundAmount: null,
        // As chosen, with the returned line's product kept beside it for later replays of the rules.
        exchangeFor: r ? { productId: r.productId, variantId: r.variantId, title: r.title, variantTitle: r.variantTitle, sku: r.sku, price: r.price, lineProductId: line.productId ?? null } : null,
      };
    }),
  };
  // Approved at once: the shopper is told what to do next and by when, and that is kept.
  if (status === "approved") row.nextStep = stepAtApproval(shop, row, now) as unknown as Prisma.JsonValue;

  const actor = { type: "shopper" as const, id: snapshot.email };
  const audits = [
    auditRow({ shopId: shop.id, entityType: "return", entityId: id, action: "created", actor, message: `Return requested for ${order.name}` }, randomUUID(), now),
    auditRow(
      {
        shopId: shop.id,
        entityType: "return",
        entityId: id,
        action: settled ? `decided.${status}` : "queued_for_review",
        actor: RULES_ACTOR,
        message: decision.explanation,
        data: { outcome: decision.outcome, reasons: decision.reasons, riskScore: decision.risk.score, policyVersion: policy.version } as unknown as Prisma.InputJsonValue,
      },
      randomUUID(),
      // A millisecond after the request, so the timeline reads request, then decision.
      new Date(now.getTime() + 1),
    ),
  ];
  // Everything that follows a new return is one job: triage, sync, the shopper's email, the automation events, the analytics day.
  const events = returnEvents({ id, shopId: shop.id, status, riskScore: decision.risk.score, conversationId: null }, { created: true, decided: settled }, now);
  const followUp = outboxRow(
    followUpReturnJob,
    { returnId: id, ...(settled ? { notify: status } : {}), events, requestedAt: now.toISOString() },
    { shopId: shop.id, dedupKey: `returns.follow-up:${id}`, now },
  );
  const { items: itemRows, ...request } = row;
  const inserted = await insertReturnRows(db(), { request, items: itemRows, audits, jobs: [followUp] });
  if (inserted) {
    row.contactId = inserted.contactId;
    return { view: toReturnView(row, shop), accessToken: returnAccessToken(shop.id, id, now.getTime()), created: true };
  }
  // Two submits with one key at once: the other one's return was written first, and is the answer.
  const existing = key ? await existingByKey(shop.id, key) : null;
  if (!existing) throw new Error("The return was not written and no return holds its key.");
  return { view: toReturnView(existing, shop), accessToken: returnAccessToken(shop.id, existing.id, now.getTime()), created: false };
}
