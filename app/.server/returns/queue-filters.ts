import { z } from "zod";
import { boundsInOrder, TimeBoundSchema } from "../api/time-bounds";
import { zodFields } from "../errors";
import { RISK_BANDS } from "./risk-bands";
import { RESOLUTIONS, RETURN_REASONS, RETURN_STATUSES } from "./types";

/*
 * The returns queue's filters as they travel in the URL (`?view=&status=&risk=&reason=&resolution=
 * &from=&to=&q=`). The queue page and its CSV export read the same parameters through this schema,
 * so an export always holds exactly what the merchant was looking at.
 */

/** The saved views shown as tabs; each is a fixed set of filters on top of the merchant's own. */
export const QUEUE_VIEWS = ["all", "needs_review", "high_risk", "awaiting_items"] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

export const QueueFiltersSchema = z
  .object({
    view: z.enum(QUEUE_VIEWS, { error: `must be one of ${QUEUE_VIEWS.join(", ")}` }).default("all"),
    status: z.enum(RETURN_STATUSES, { error: `must be one of ${RETURN_STATUSES.join(", ")}` }).optional(),
    risk: z.enum(RISK_BANDS, { error: `must be one of ${RISK_BANDS.join(", ")}` }).optional(),
    reason: z.enum(RETURN_REASONS, { error: `must be one of ${RETURN_REASONS.join(", ")}` }).optional(),
    resolution: z.enum(RESOLUTIONS, { error: `must be one of ${RESOLUTIONS.join(", ")}` }).optional(),
    // A day (YYYY-MM-DD) or a full ISO 8601 time, as the merchant API takes them.
    from: TimeBoundSchema.optional(),
    to: TimeBoundSchema.optional(),
    q: z.string().trim().max(200, "must be at most 200 characters").optional().transform((value) => (value ? value : undefined)),
  })
  .refine((value) => boundsInOrder(value.from, value.to), { path: ["to"], message: "must be on or after the start date" });

export type QueueFilters = z.output<typeof QueueFiltersSchema>;

const KEYS = ["view", "status", "risk", "reason", "resolution", "from", "to", "q"] as const;

/**
 * Reads the filters from a URL's query. Invalid values are dropped (the rest still apply) and
 * reported field by field, so the page can say what was wrong instead of failing.
 */
export function parseQueueFilters(params: URLSearchParams): { filters: QueueFilters; errors: Record<string, string> | null } {
  const raw: Record<string, string> = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value !== null && value !== "") raw[key] = value;
  }
  const first = QueueFiltersSchema.safeParse(raw);
  if (first.success) return { filters: first.data, errors: null };
  const errors = zodFields(first.error);
  for (const key of Object.keys(errors)) delete raw[key];
  const second = QueueFiltersSchema.safeParse(raw);
  // Dropping every reported field always leaves a valid set; the fallback only guards the types.
  return { filters: second.success ? second.data : QueueFiltersSchema.parse({}), errors };
}

/** The query string of a set of filters (defaults left out), for links, tabs and the export. */
export function queueFiltersToParams(filters: Partial<QueueFilters>): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = filters[key];
    if (value === undefined || value === null || value === "" || (key === "view" && value === "all")) continue;
    params.set(key, String(value));
  }
  return params;
}
