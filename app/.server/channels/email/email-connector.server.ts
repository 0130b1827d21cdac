import { z } from "zod";
import { db } from "../../db.server";
import { AppError } from "../../errors";
import { saveIntegration } from "../../integrations/integrations.server";
import type { ShopContext } from "../../shops/shop-context";
import { ensureInboundAddress } from "./addresses.server";

const EmailConnection = z.object({
  fromName: z.string({ error: "must be text" }).trim().min(1, "must not be empty").max(100, "must be at most 100 characters").refine((v) => !/[\r\n<>"]/.test(v), "must not contain line breaks, quotes or angle brackets").optional(),
  replyToAddress: z.email({ error: "must be an email address" }).max(254).transform((v) => v.toLowerCase()).optional(),
});

/**
 * `PUT /api/v1/integrations/email`: the email channel needs no provider account of the shop's, only
 * its inbound address on Dokani's inbound domain (created here when it has none). `fromName` names
 * the sender of the shop's replies; `replyToAddress` is the shop's own support address, the one it
 * forwards to `inboundAddress` (the settings page's how-to names it). The check fails when Dokani
 * has no inbound domain configured, because mail could not reach the shop.
 */
export const emailConnector = {
  schema: EmailConnection,
  summary: "Set up the shop's email channel",
  description:
    "Gives the shop an inbound address on Dokani's inbound domain (answered in `details.inboundAddress`): mail sent or forwarded there lands in the inbox. `fromName` names the sender of the shop's replies and `replyToAddress` is the shop's own support address. 422 `integration_check_failed` when Dokani has no inbound email domain configured.",
  async connect(ctx: ShopContext, body: z.output<typeof EmailConnection>) {
    const inboundAddress = await ensureInboundAddress(ctx.shop);
    if (!inboundAddress) throw new AppError("integration_check_failed", "Dokani has no inbound email domain (DOKANI_INBOUND_EMAIL_DOMAIN is not set), so mail cannot reach this shop.");
    return saveIntegration(db(), {
      shopId: ctx.shop.id,
      kind: "email",
      details: { inboundAddress, ...(body.fromName ? { fromName: body.fromName } : {}), ...(body.replyToAddress ? { replyToAddress: body.replyToAddress } : {}) },
    });
  },
};
