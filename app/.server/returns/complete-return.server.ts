import type { Prisma } from "../db.server";
import { db } from "../db.server";
import { AppError } from "../errors";
import { allocateCents, formatCents, formatMoneyAmount, parseCents } from "../money";
import type { ShopContext } from "../shops/shop-context";
import { transitionReturn } from "./transition-return.server";

/** One line of the merchant's refund review; anything left out takes its default. */
export type RefundReviewLine = { lineItemId: string; quantity?: number; amount?: string; restock?: boolean };

export type CompleteReturnInput = {
  returnId: string;
  note?: string;
  /** Refund or store credit; defaults to what the shopper chose. */
  resolution?: "refund" | "store_credit";
  /** Per-line review: units refunded, the amount for them, restock. Lines left out are refunded in full. */
  lines?: RefundReviewLine[];
  /** The total to move; with `lines`, it must equal their sum; alone, it is spread over the lines. */
  amount?: string;
  /** The amount the merchant saw and confirmed; the review must come to exactly this, or nothing moves. */
  confirmedAmount?: string;
};

type ItemRow = { id: string; lineItemId: string; title: string; quantity: number; unitPrice: Prisma.Decimal; restock: boolean };

/** A reviewed line, in cents. */
export type ReviewedLine = { itemId: string; lineItemId: string; title: string; quantity: number; refundQuantity: number; amountCents: number; maxCents: number; restock: boolean };

/** The reviewed refund: the lines and the total, exactly what the platform call will move. */
export type RefundReview = { resolution: "refund" | "store_credit" | "exchange"; lines: ReviewedLine[]; totalCents: number; currency: string };

/**
 * Works out the refund a review asks for, checked line by line: a line's default is its share of
 * the estimate (by what it cost), scaled to the units refunded; an amount may not exceed what the
 * line is worth (its share of the estimate or its price, whichever is more). Throws 400
 * `invalid_request` with a field per problem. Pure.
 */
export function reviewRefund(
  row: { refundEstimate: Prisma.Decimal; currency: string; resolution: "refund" | "store_credit" | "exchange"; items: ItemRow[] },
  input: Pick<CompleteReturnInput, "lines" | "amount" | "resolution">,
): RefundReview {
  const fields: Record<string, string> = {};
  const items = row.items;
  const estimateCents = parseCents(row.refundEstimate.toFixed(2));
  const shares = allocateCents(estimateCents, items.map((i) => parseCents(i.unitPrice.toFixed(2)) * i.quantity));
  const byLine = new Map<string, RefundReviewLine>();
  (input.lines ?? []).forEach((line, index) => {
    const item = items.find((i) => i.lineItemId === line.lineItemId);
    if (!item) fields[`lines[${index}].lineItemId`] = "is not an item of this return";
    else if (byLine.has(line.lineItemId)) fields[`lines[${index}].lineItemId`] = "appears more than once";
    else if (line.quantity !== undefined && line.quantity > item.quantity) fields[`lines[${index}].quantity`] = `must be at most ${item.quantity}`;
    else byLine.set(line.lineItemId, line);
  });
  const lines: ReviewedLine[] = items.map((item, index) => {
    const review = byLine.get(item.lineItemId);
    const refundQuantity = review?.quantity ?? item.quantity;
    const fullCents = shares[index]!;
    const maxCents = Math.round((Math.max(fullCents, parseCents(item.unitPrice.toFixed(2)) * item.quantity) * refundQuantity) / item.quantity);
    const amountCents = review?.amount !== undefined ? parseCents(review.amount) : Math.round((fullCents * refundQuantity) / item.quantity);
    if (amountCents > maxCents) {
      const at = (input.lines ?? []).findIndex((l) => l.lineItemId === item.lineItemId);
      fields[`lines[${at}].amount`] = `must be at most ${formatCents(maxCents)} for ${refundQuantity} of ${item.title}`;
    }
    return { itemId: item.id, lineItemId: item.lineItemId, title: item.title, quantity: item.quantity, refundQuantity, amountCents, maxCents, restock: review?.restock ?? item.restock };
  });

  let totalCents = lines.reduce((sum, l) => sum + l.amountCents, 0);
  if (input.amount !== undefined) {
    const wanted = parseCents(input.amount);
    if (input.lines?.some((l) => l.amount !== undefined)) {
      if (wanted !== totalCents) fields.amount = `must equal the sum of the lines (${formatCents(totalCents)})`;
    } else {
      const ceiling = lines.reduce((sum, l) => sum + l.maxCents, 0);
      if (wanted > ceiling) fields.amount = `must be at most ${formatCents(ceiling)}`;
      else {
        // Spread over the lines refunded, by their default amounts (by their worth when those are all zero).
        const weights = lines.map((l) => (l.refundQuantity > 0 ? l.amountCents || l.maxCents : 0));
        allocateCents(wanted, weights).forEach((cents, i) => (lines[i]!.amountCents = cents));
        totalCents = wanted;
      }
    }
  }
  const resolution = input.resolution ?? row.resolution;
  if (resolution !== "exchange" && totalCents === 0 && !Object.keys(fields).length) {
    fields.amount = "must be more than 0; to give nothing back, deny the return instead";
  }
  if (Object.keys(fields).length) {
    const message = Object.keys(fields).length === 1 ? `The refund review is not valid: ${Object.entries(fields)[0]!.join(" ")}.` : "Some lines of the refund review are not valid.";
    throw new AppError("invalid_request", message, { fields });
  }
  return { resolution, lines, totalCents, currency: row.currency };
}

/**
 * The merchant reviewed the return and completes it: the refund or store credit of exactly the
 * reviewed amount (down to a line and a quantity, restock per line) is recorded, and the platform
 * is asked for exactly that amount by the sync job, last, since it moves money. Without a review
 * (the API's body-less call) every line is refunded in full as estimated.
 */
export async function completeReturn(ctx: ShopContext, input: CompleteReturnInput) {
  const shopId = ctx.shop.id;
  const { returnId } = input;
  const row = await db().returnRequest.findFirst({
    where: { id: returnId, shopId },
    select: { status: true, refundEstimate: true, currency: true, resolution: true, receivedAt: true, items: { orderBy: { lineItemId: "asc" } } },
  });
  if (!row) throw new AppError("not_found", "No such return.");
  if (row.status !== "approved") throw new AppError("invalid_transition", `Only an approved return can be completed; this one is ${row.status}.`);
  const review = reviewRefund(row, input);
  if (input.confirmedAmount !== undefined && parseCents(input.confirmedAmount) !== review.totalCents) {
    throw new AppError("invalid_request", `The review comes to ${formatMoneyAmount(formatCents(review.totalCents), review.currency)}, not the ${formatMoneyAmount(input.confirmedAmount, review.currency)} confirmed. Review the amount again.`, {
      fields: { confirmedAmount: `must be ${formatCents(review.totalCents)}` },
    });
  }
  const now = new Date();
  const total = formatCents(review.totalCents);
  return transitionReturn(shopId, returnId, "completed", {
    actor: ctx.actor,
    action: "completed",
    message: input.note ?? `Reviewed: ${review.resolution === "store_credit" ? "store credit" : review.resolution} of ${formatMoneyAmount(formatCents(review.totalCents), review.currency)}.`,
    notify: "completed",
    auditData: {
      resolution: review.resolution,
      amount: total,
      lines: review.lines.map((l) => ({ lineItemId: l.lineItemId, quantity: l.refundQuantity, amount: formatCents(l.amountCents), restock: l.restock })),
    },
    changes: {
      // Items marked received earlier keep the day they arrived.
      receivedAt: row.receivedAt ?? now,
      completedAt: now,
      refundedAmount: total,
      resolution: review.resolution,
      items: {
        update: review.lines.map((l) => ({ where: { id: l.itemId }, data: { refundQuantity: l.refundQuantity, refundAmount: formatCents(l.amountCents), restock: l.restock } })),
      },
    },
  });
}
