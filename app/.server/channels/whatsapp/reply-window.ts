/**
 * WhatsApp's customer-service window: a business may send free-form messages for 24 hours after
 * the shopper's last message; after that only a registered template goes through (Twilio fails
 * anything else with 63016). Only the shopper's inbound messages open or reset it: nothing the shop
 * sends does.
 */
export const REPLY_WINDOW_MS = 24 * 3600 * 1000;

export type ReplyWindow = { open: boolean; closesAt: Date | null };

/** The window as it stands at `now`, from the time of the shopper's last inbound message (null: never wrote). */
export function replyWindow(lastInboundAt: Date | null, now: Date = new Date()): ReplyWindow {
  if (!lastInboundAt) return { open: false, closesAt: null };
  const closesAt = new Date(lastInboundAt.getTime() + REPLY_WINDOW_MS);
  return { open: now.getTime() < closesAt.getTime(), closesAt };
}
