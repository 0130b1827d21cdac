import type { Prisma, Shop } from "../../db.server";
import { parseCents } from "../../money";
import { readShopSettings } from "../../shops/shop-settings";
import { nextStepOf, planNextStep } from "./plan-next-step";
import type { NextStep } from "./types";

type ReturnFacts = { id: string; status: string; refundEstimate: Prisma.Decimal | { toFixed(n: number): string }; currency: string; nextStep: unknown; decidedAt: Date | null; updatedAt: Date };

/** The next step to keep on a return approved at `at`, under the shop's return methods now. */
export function stepAtApproval(shop: Pick<Shop, "settings" | "timezone">, row: Pick<ReturnFacts, "id" | "refundEstimate" | "currency">, at: Date): NextStep {
  return planNextStep({
    settings: readShopSettings(shop.settings).returnMethods,
    timeZone: shop.timezone,
    returnId: row.id,
    valueCents: parseCents(row.refundEstimate.toFixed(2)),
    currency: row.currency,
    approvedAt: at,
  });
}

/**
 * The step an approved return's shopper is on: the one kept at approval, or (for a return approved
 * before steps were kept) one planned from its decision time. Null for any other status.
 */
export function nextStepFor(shop: Pick<Shop, "settings" | "timezone">, row: ReturnFacts): NextStep | null {
  if (row.status !== "approved") return null;
  return nextStepOf(row.nextStep) ?? stepAtApproval(shop, row, row.decidedAt ?? row.updatedAt);
}
