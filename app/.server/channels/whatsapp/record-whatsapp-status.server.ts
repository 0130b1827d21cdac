import { z } from "zod";
import { db, type DeliveryStatus } from "../../db.server";
import { AppError } from "../../errors";
import { log } from "../../logger.server";
import { publishConversationEvent } from "../../realtime/conversation-events.server";
import { messageEvent } from "../../conversations/conversation-event";
import { authenticateTwilioWebhook, emptyTwiml } from "./authenticate-twilio-webhook.server";

/** Twilio's error for a free-form message sent outside WhatsApp's 24-hour window. */
export const OUTSIDE_WINDOW_ERROR = 63016;

const StatusForm = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-f]{32}$/),
  MessageStatus: z.string().min(1).max(30),
  ErrorCode: z.string().regex(/^[0-9]{1,6}$/).optional().or(z.literal("")),
  ErrorMessage: z.string().max(500).optional(),
});

/** Twilio's statuses as Dokani's, or null for ones that say nothing new (`sending`, `accepted`, `scheduled`). */
export function deliveryStatusOf(twilioStatus: string): DeliveryStatus | null {
  switch (twilioStatus) {
    case "queued":
      return "queued";
    case "sent":
      return "sent";
    case "delivered":
      return "delivered";
    case "read":
      return "read";
    case "failed":
    case "undelivered":
    case "canceled":
      return "failed";
    default:
      return null;
  }
}

/** The statuses a new one may replace: delivery only moves forward, so a late `sent` never overwrites `read`, and a failure ends it. */
export function replaceableBy(status: DeliveryStatus): DeliveryStatus[] {
  switch (status) {
    case "queued":
      return [];
    case "sent":
      return ["queued"];
    case "delivered":
      return ["queued", "sent"];
    case "read":
      return ["queued", "sent", "delivered"];
    case "failed":
      return ["queued", "sent"];
  }
}

/** What the merchant reads under a failed message: Twilio's code and, for the window, what to do instead. */
export function describeTwilioError(code: number | null, message: string | null | undefined): string {
  if (code === OUTSIDE_WINDOW_ERROR) return `63016: WhatsApp refused this message because the shopper's 24-hour window had closed. Send one of your templates instead.`;
  const words = message?.trim() || "Twilio could not deliver this message.";
  return code ? `${code}: ${words}` : words;
}

/**
 * Applies a status callback to the message it names: conditional on the status it replaces, so
 * callbacks arriving twice or out of order leave the furthest status. A 63016 also adds an internal
 * note telling the merchant why the shopper did not get the message.
 */
export async function applyWhatsAppStatus(shopId: string, input: { messageSid: string; status: string; errorCode: number | null; errorMessage?: string | null }): Promise<{ applied: boolean }> {
  const next = deliveryStatusOf(input.status);
  if (!next) return { applied: false };
  const deliveryError = next === "failed" ? describeTwilioError(input.errorCode, input.errorMessage) : null;
  const { count } = await db().message.updateMany({
    where: { shopId, externalId: input.messageSid, deliveryStatus: { in: replaceableBy(next) } },
    data: { deliveryStatus: next, deliveryError },
  });
  if (!count) return { applied: false };
  const message = await db().message.findUnique({ where: { shopId_externalId: { shopId, externalId: input.messageSid } } });
  if (!message) return { applied: true };
  void publishConversationEvent(shopId, message.conversationId, messageEvent(message));
  if (next === "failed" && input.errorCode === OUTSIDE_WINDOW_ERROR) {
    const note = await db().message.create({
      data: {
        shopId,
        conversationId: message.conversationId,
        role: "system",
        internal: true,
        text: "WhatsApp did not deliver a message because the shopper's 24-hour window had closed (Twilio error 63016). Only a template can reach them until they write again.",
      },
    });
    void publishConversationEvent(shopId, message.conversationId, messageEvent(note));
  }
  return { applied: true };
}

/** `POST /webhooks/twilio/{shopId}/whatsapp/status`: Twilio's status callback for a message the shop sent. */
export async function receiveWhatsAppStatus(request: Request, shopIdParam: string | undefined): Promise<Response> {
  const { shop, params } = await authenticateTwilioWebhook(request, shopIdParam);
  const single = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = StatusForm.safeParse(single);
  if (!parsed.success) throw new AppError("invalid_request", "This is not a Twilio status callback.", { fields: Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message])) });
  const form = parsed.data;
  const outcome = await applyWhatsAppStatus(shop.id, { messageSid: form.MessageSid, status: form.MessageStatus, errorCode: form.ErrorCode ? Number(form.ErrorCode) : null, errorMessage: form.ErrorMessage });
  log().info({ shop: shop.domain, messageSid: form.MessageSid, status: form.MessageStatus, errorCode: form.ErrorCode, applied: outcome.applied }, "WhatsApp status received");
  return emptyTwiml();
}
