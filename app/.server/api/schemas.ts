import { AUTOMATION_COMPONENT_SCHEMAS, AUTOMATION_REQUEST_SCHEMAS } from "./automation-schemas";
import { z } from "zod";
import { ActorType, PolicyStatus, SyncStatus } from "../db/generated/enums";
import { PolicyRulesSchema } from "../policies/policy-rules";
import { DECISION_OUTCOMES, ITEM_CONDITIONS, RESOLUTIONS, RETURN_REASONS, RETURN_STATUSES } from "../returns/types";
import { TimeBoundSchema } from "./time-bounds";

/*
 * The merchant REST API's requests and answers, written once: the routes validate with these
 * schemas and `openapi.ts` turns the same objects into the OpenAPI document, so the document cannot
 * drift from what the server accepts and sends.
 */

/** Paging bounds of every list. */
export const PAGE_LIMIT = { min: 1, max: 100, default: 25 } as const;
/** The longest period one analytics summary covers, in days (a leap year). */
export const MAX_SUMMARY_DAYS = 366;

const timestamp = z.iso.datetime().meta({ description: "ISO 8601 time in UTC", example: "2026-11-22T10:00:00.000Z" });
const isoDate = z.iso.date({ error: "must be a date like 2026-11-01" });

/** Money: a decimal string with its currency. */
export const MoneySchema = z
  .object({
    amount: z.string().regex(/^-?\d+\.\d{2}$/).meta({ description: "Decimal string with two places, never a float", example: "49.00" }),
    currency: z.string().length(3).meta({ description: "ISO 4217 code", example: "USD" }),
  })
  .meta({ description: "An amount of money: a decimal string with its currency." });

/** API.md's error body. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "snake_case code a program can branch on", example: "invalid_request" }),
      message: z.string().meta({ description: "A sentence a person can act on" }),
      fields: z
        .record(z.string(), z.string())
        .optional()
        .meta({ description: "For validation errors: what is wrong with each field, keyed by its path", example: { "rules.overrides[0].returnWindowDays": "must be at most 365 days" } }),
    }),
  })
  .meta({ description: "Every error answer has this body." });

/** What the shopper of an approved return does next (app/.server/returns/methods). */
export const NextStepSchema = z
  .object({
    kind: z.enum(["send_back", "keep_item", "await_instructions"]).meta({ description: "Send the items back (see `options`), keep them (no parcel), or wait for the store's instructions" }),
    reference: z.string().meta({ description: "The return's reference, for the parcel and the drop-off counter", example: "R-1A2B3C4D" }),
    deadline: z.string().nullable().meta({ description: "Last day to send or drop off the items, in the shop's time zone (YYYY-MM-DD)", example: "2026-12-16" }),
    timeZone: z.string().meta({ example: "America/New_York" }),
    deadlineText: z.string().nullable().meta({ example: "Wednesday, December 16, 2026" }),
    summary: z.string().meta({ description: "One sentence: what to do and by when" }),
    options: z.array(
      z.object({
        method: z.enum(["ship", "drop_off"]),
        title: z.string(),
        steps: z.array(z.string()),
        note: z.string().nullable().meta({ description: "The store's own packing or drop-off instructions" }),
        address: z.string().nullable().meta({ description: "Where to ship it" }),
        locations: z.array(z.object({ name: z.string(), address: z.string(), hours: z.string().nullable() })),
        showCode: z.boolean().meta({ description: "Whether the shopper shows the return's QR code where they hand it over" }),
        labelUrl: z.string().nullable().meta({ description: "A prepaid shipping label, when a label provider made one" }),
        carrier: z.string().nullable(),
      }),
    ),
    decidedAt: timestamp,
  })
  .meta({ description: "What the shopper does after approval, and by when; null unless the return is approved." });

/** API.md's ReturnView. */
export const ReturnViewSchema = z
  .object({
    id: z.uuid(),
    orderName: z.string().meta({ example: "#1001" }),
    status: z.enum(RETURN_STATUSES),
    resolution: z.enum(RESOLUTIONS),
    items: z.array(
      z.object({
        lineItemId: z.string().meta({ description: "The platform's own line item id" }),
        title: z.string(),
        quantity: z.number().int().min(1),
        reason: z.enum(RETURN_REASONS),
        condition: z.enum(ITEM_CONDITIONS).nullable(),
        exchangeFor: z
          .object({
            productId: z.string().meta({ description: "The platform's product id" }),
            variantId: z.string().meta({ description: "The platform's variant id" }),
            title: z.string().meta({ example: "Linen Shirt" }),
            variantTitle: z.string().nullable().meta({ example: "L / White" }),
            sku: z.string().nullable(),
            price: z.string().meta({ example: "49.00" }),
          })
          .nullable()
          .meta({ description: "The replacement of an exchange; null when none was chosen or the item was turned into credit" }),
      }),
    ),
    decision: z.object({
      outcome: z.enum(DECISION_OUTCOMES).meta({ description: "`pending` until the return is decided" }),
      reasons: z.array(z.object({ code: z.string().meta({ example: "within_policy" }), message: z.string() })),
      explanation: z.string().meta({ description: "One or two sentences a shopper can read" }),
    }),
    refundEstimate: MoneySchema,
    reference: z.string().meta({ description: "Short reference for parcels, drop-off counters and search", example: "R-1A2B3C4D" }),
    nextStep: NextStepSchema.nullable(),
    exchange: z
      .object({
        instant: z.boolean().meta({ description: "The replacement ships before the return arrives" }),
        difference: z.string().meta({ description: "Replacements less returned items, 0 or more", example: "6.00" }),
        settlement: z.enum(["none", "collect", "store_credit", "refund"]).meta({ description: "`collect`: the shopper pays the difference; `store_credit` or `refund`: the shopper gets it back" }),
        reasons: z.array(z.object({ code: z.enum(["exchange_instant", "exchange_after_receipt"]), message: z.string() })),
      })
      .nullable()
      .meta({ description: "How an exchange with chosen replacements was decided; null for other returns" }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ description: "A return as the shopper sees it (API.md ReturnView)." });

/** A return in the merchant API's lists: the ReturnView plus customer, risk and policy version. */
export const MerchantReturnSchema = ReturnViewSchema.extend({
  customerEmail: z.string(),
  risk: z.object({
    score: z.number().min(0).max(1).nullable().meta({ description: "0 (no risk) to 1; null before triage" }),
    factors: z.array(
      z.object({
        code: z.string(),
        label: z.string(),
        contribution: z.number().meta({ description: "What this factor adds to the score" }),
        detail: z.string().optional(),
      }),
    ),
  }),
  policyVersion: z.number().int().nullable().meta({ description: "The policy version the return was decided under" }),
}).meta({ description: "A return with what the merchant sees beyond the shopper's view." });

/** One audit row of a return's timeline. */
export const TimelineEntrySchema = z.object({
  at: timestamp,
  action: z.string().meta({ example: "decided.approved" }),
  actor: z.object({ type: z.enum(ActorType), id: z.string().nullable(), name: z.string().nullable() }),
  message: z.string().nullable(),
});

/** One return as `GET /api/v1/returns/{id}` and the decision endpoints answer it. */
export const MerchantReturnDetailSchema = MerchantReturnSchema.extend({
  timeline: z.array(TimelineEntrySchema).meta({ description: "Every recorded change of the return and who made it, oldest first" }),
  aiRecommendation: z
    .object({
      action: z.enum(["approve", "deny", "request_info"]),
      reasoning: z.string(),
      confidence: z.number(),
      source: z.enum(["model", "rules"]),
      model: z.string().optional(),
    })
    .nullable()
    .meta({ description: "Advice for a pending review; it never changes the decision" }),
  syncStatus: z.enum(SyncStatus).meta({ description: "Whether the store's platform mirrors the return's state yet" }),
  syncError: z.string().nullable(),
  refunded: MoneySchema.nullable().meta({ description: "What was refunded or credited once the return was completed" }),
  receivedAt: timestamp.nullable().meta({ description: "When the items were marked received" }),
  refundLines: z
    .array(
      z.object({
        lineItemId: z.string(),
        quantity: z.number().int().meta({ description: "Units in the return" }),
        refundQuantity: z.number().int().meta({ description: "Units refunded or credited" }),
        amount: MoneySchema,
        restock: z.boolean(),
      }),
    )
    .nullable()
    .meta({ description: "The reviewed refund, line by line, once the return is completed" }),
}).meta({ description: "One return with its timeline and platform sync state." });

/** A page of `GET /api/v1/returns`. */
export const ReturnListSchema = z
  .object({
    data: z.array(MerchantReturnSchema),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page" }),
  })
  .meta({ description: "A page of returns, newest first." });

/** A policy version as the merchant API shows it. */
export const PolicySchema = z
  .object({
    version: z.number().int().min(1),
    status: z.enum(PolicyStatus),
    rules: PolicyRulesSchema,
    createdAt: timestamp,
    activatedAt: timestamp.nullable(),
    archivedAt: timestamp.nullable(),
    active: z.boolean().meta({ description: "True for the one version new returns are decided under" }),
  })
  .meta({ description: "A version of the shop's return policy." });

/** `GET /api/v1/policies`. */
export const PolicyListSchema = z.object({ data: z.array(PolicySchema) }).meta({ description: "Every policy version, newest first." });

/** The answer of `POST /api/v1/policies`. */
export const CreatedPolicySchema = z
  .object({ version: z.number().int().min(1), status: z.literal("draft"), rules: PolicyRulesSchema, createdAt: timestamp })
  .meta({ description: "A new draft policy version." });

const statusCounts = z.object(Object.fromEntries(RETURN_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof RETURN_STATUSES)[number], z.ZodNumber>);
const reasonCounts = z.object(Object.fromEntries(RETURN_REASONS.map((r) => [r, z.number().int()])) as Record<(typeof RETURN_REASONS)[number], z.ZodNumber>);
const rate = z.number().min(0).max(1).nullable();

/** `GET /api/v1/analytics/summary`. */
export const AnalyticsSummarySchema = z
  .object({
    from: isoDate.meta({ description: "First day counted (UTC)" }),
    to: isoDate.meta({ description: "Last day counted (UTC), inclusive" }),
    counts: z.object({
      byStatus: statusCounts.meta({ description: "Returns requested in the period, by their current status" }),
      byReason: reasonCounts.meta({ description: "Returns requested in the period with at least one item for each reason" }),
    }),
    approvalRate: rate.meta({ description: "Approved and completed over decided (approved, completed, denied), 4 decimals; null when none was decided" }),
    automationRate: rate.meta({ description: "Decided by the policy rules alone over decided, 4 decimals; null when none was decided" }),
    medianDecisionSeconds: z.number().nullable().meta({ description: "Median time from request to decision; null when none was decided" }),
    refundValue: MoneySchema.meta({ description: "Refunded on completed refund returns, in the shop's currency" }),
    exchanges: z
      .object({
        count: z.number().int().meta({ description: "Exchanges approved or completed" }),
        value: MoneySchema.meta({ description: "Value of the items those exchanges sent back: sales kept instead of refunded" }),
        share: rate.meta({ description: "Value exchanged over value exchanged plus refunded, 4 decimals; null when neither happened" }),
      })
      .meta({ description: "Revenue kept by exchanges against refunds" }),
  })
  .meta({ description: "What happened to the returns requested in a period." });

const note = z.string({ error: "must be text" }).trim().max(2000, "must be at most 2000 characters").meta({ description: "Kept in the return's timeline" });

/** Body of `POST /api/v1/returns/{id}/approve`; an empty body is allowed. */
export const ApproveReturnRequestSchema = z.object({ note: note.optional() }).meta({ description: "An optional note for the timeline." });

/** Body of `POST /api/v1/returns/{id}/deny`. */
export const DenyReturnRequestSchema = z
  .object({
    reason: z
      .string({ error: "is required" })
      .trim()
      .min(1, "is required")
      .max(500, "must be at most 500 characters")
      .meta({ description: "Shown to the shopper as the reason for the denial" }),
    note: note.optional(),
  })
  .meta({ description: "Why the return is denied." });

const amountText = z.string({ error: "must be an amount such as 12.50" }).trim().regex(/^\d{1,9}(\.\d{1,2})?$/, "must be an amount such as 12.50");

/** Body of `POST /api/v1/returns/{id}/complete`; an empty body completes the return as estimated. */
export const CompleteReturnRequestSchema = z
  .object({
    note: note.optional(),
    resolution: z.enum(["refund", "store_credit"], { error: "must be refund or store_credit" }).optional().meta({ description: "Refund or store credit; defaults to what the shopper chose" }),
    lines: z
      .array(
        z.object({
          lineItemId: z.string({ error: "is required" }).trim().min(1, "is required").max(64),
          quantity: z.number({ error: "must be a whole number" }).int("must be a whole number").min(0, "must be at least 0").optional().meta({ description: "Units to refund (0 up to the units returned); defaults to all" }),
          amount: amountText.optional().meta({ description: "Amount for this line; defaults to its share of the estimate for `quantity` units", example: "24.50" }),
          restock: z.boolean({ error: "must be true or false" }).optional().meta({ description: "Put the units back in stock; defaults to true" }),
        }),
        { error: "must be a list of lines" },
      )
      .max(100, "must have at most 100 lines")
      .optional()
      .meta({ description: "Per-line review; lines left out are refunded in full" }),
    amount: amountText.optional().meta({ description: "The total to move; must equal the sum of the lines when both are given", example: "49.00" }),
  })
  .meta({ description: "The reviewed refund: optional note, resolution, amounts, quantities and restock per line." });

/** Body of `POST /api/v1/returns/{id}/receive`; an empty body is allowed. */
export const ReceiveReturnRequestSchema = z.object({ note: note.optional() }).meta({ description: "An optional note for the timeline." });

/** Body of `PATCH /api/v1/returns/{id}`: an exchange turned into store credit. */
export const ChangeReturnRequestSchema = z
  .object({
    resolution: z.literal("store_credit", { error: "must be store_credit" }).meta({ description: "Turns an exchange not yet created on the store into store credit (every item; the bonus of the return's policy applies)" }),
    note: note.optional(),
  })
  .meta({ description: "The change to the return's resolution." });

/** Body of `PATCH /api/v1/returns/{id}/items/{lineItemId}`: another replacement for an exchange. */
export const ChangeReturnItemRequestSchema = z
  .object({
    exchangeFor: z
      .object({
        variantId: z.string({ error: "is required" }).trim().min(1, "is required").max(255).meta({ description: "The platform's variant id of the new replacement" }),
        productId: z.string({ error: "must be text" }).trim().min(1, "must not be empty").max(255).optional().meta({ description: "Only for another product, when the policy allows any product; defaults to the current replacement's product" }),
      }, { error: "is required" })
      .meta({ description: "The new replacement; it must be in stock for the quantity returned and allowed by the return's policy" }),
  })
  .meta({ description: "Another replacement for one item of an exchange." });

/** Body of `POST /api/v1/policies`. */
export const CreatePolicyRequestSchema = z.object({ rules: PolicyRulesSchema }).meta({ description: "A whole policy-rules document (API.md, version 1)." });

const limitMessage = `must be a whole number from ${PAGE_LIMIT.min} to ${PAGE_LIMIT.max}`;

/** Query of `GET /api/v1/returns`. */
export const ListReturnsQuerySchema = z.object({
  status: z.enum(RETURN_STATUSES, { error: `must be one of ${RETURN_STATUSES.join(", ")}` }).optional().meta({ description: "Only returns in this status" }),
  limit: z.coerce
    .number({ error: limitMessage })
    .int(limitMessage)
    .min(PAGE_LIMIT.min, limitMessage)
    .max(PAGE_LIMIT.max, limitMessage)
    .default(PAGE_LIMIT.default)
    .meta({ description: "Page size" }),
  cursor: z.string().max(200, "is not a cursor this API gave out").optional().meta({ description: "`nextCursor` of the previous page" }),
  email: z
    .string({ error: "must be an email address" })
    .trim()
    .min(3, "must be an email address")
    .max(320, "must be at most 320 characters")
    .optional()
    .meta({ description: "Only returns by this customer email (any letter case)", example: "alex@example.com" }),
  order: z
    .string({ error: "must be an order name like #1001" })
    .trim()
    .min(1, "must be an order name like #1001")
    .max(100, "must be at most 100 characters")
    .optional()
    .meta({ description: "Only returns of this order, by its name (`#1001` or `1001`)", example: "#1001" }),
  from: TimeBoundSchema.optional().meta({ description: "Only returns requested at or after this: a day (from its start, UTC) or a full ISO 8601 time", example: "2026-11-01" }),
  to: TimeBoundSchema.optional().meta({ description: "Only returns requested at or before this: a day (to its end, UTC) or a full ISO 8601 time", example: "2026-11-30T18:00:00Z" }),
});

/** Query of `GET /api/v1/analytics/summary`. */
export const AnalyticsSummaryQuerySchema = z.object({
  from: TimeBoundSchema.optional().meta({ description: "First day (UTC); a full ISO 8601 time counts the UTC day it falls on; defaults to 29 days before `to`" }),
  to: TimeBoundSchema.optional().meta({ description: "Last day (UTC), inclusive; a full ISO 8601 time counts the UTC day it falls on; defaults to today" }),
});

/** Path parameter `{id}` (a malformed one answers 404, like a missing return). */
export const ReturnIdParamSchema = z.uuid().meta({ description: "The return's id" });
/** Path parameter `{lineItemId}`: the platform's id of the order line. */
export const LineItemIdParamSchema = z.string().min(1).max(64).meta({ description: "The platform's id of the returned order line" });
/** Path parameter `{version}` (a malformed one answers 404, like a missing version). */
export const PolicyVersionParamSchema = z.number().int().min(1).meta({ description: "The policy version number" });

/** A return in a list of the merchant API. */
export type MerchantReturn = z.output<typeof MerchantReturnSchema>;
/** One return of the merchant API. */
export type MerchantReturnDetail = z.output<typeof MerchantReturnDetailSchema>;
/** A policy version of the merchant API. */
export type PolicyVersionView = z.output<typeof PolicySchema>;
/** An analytics summary of the merchant API. */
export type AnalyticsSummary = z.output<typeof AnalyticsSummarySchema>;

/** Schemas the document lists under components.schemas, by name. */
export const COMPONENT_SCHEMAS = {
  Money: MoneySchema,
  Error: ErrorSchema,
  ReturnView: ReturnViewSchema,
  MerchantReturn: MerchantReturnSchema,
  MerchantReturnDetail: MerchantReturnDetailSchema,
  ReturnList: ReturnListSchema,
  PolicyRules: PolicyRulesSchema,
  Policy: PolicySchema,
  PolicyList: PolicyListSchema,
  CreatedPolicy: CreatedPolicySchema,
  AnalyticsSummary: AnalyticsSummarySchema,
  ...AUTOMATION_COMPONENT_SCHEMAS,
} as const;

/** Request bodies the document lists under components.schemas, by name (converted as input). */
export const REQUEST_SCHEMAS = {
  ApproveReturnRequest: ApproveReturnRequestSchema,
  DenyReturnRequest: DenyReturnRequestSchema,
  CompleteReturnRequest: CompleteReturnRequestSchema,
  ReceiveReturnRequest: ReceiveReturnRequestSchema,
  ChangeReturnRequest: ChangeReturnRequestSchema,
  ChangeReturnItemRequest: ChangeReturnItemRequestSchema,
  CreatePolicyRequest: CreatePolicyRequestSchema,
  ...AUTOMATION_REQUEST_SCHEMAS,
} as const;
