import { randomUUID } from "node:crypto";
import { z } from "zod";
import { openConversation } from "../../conversations/open-conversation.server";
import { FIELD_LIMITS } from "../../http/field-limits";
import { shopperText } from "../../http/shopper-text";
import { hashChatToken, issueChatToken } from "./authenticate-chat-session.server";
import { consumeChatAllowance } from "./chat-limiter.server";
import type { ShopperContext } from "../../shops/shop-context";

export const StartChatSessionInput = z.object({
  email: z.string({ error: "must be an email address" }).trim().toLowerCase().max(FIELD_LIMITS.email, `must be at most ${FIELD_LIMITS.email} characters`).pipe(z.email("must be an email address")).optional(),
  name: shopperText(FIELD_LIMITS.name).optional(),
  locale: z
    .string({ error: "must be a language code such as en or fr-CA" })
    .trim()
    .regex(/^[A-Za-z]{2}([-_][A-Za-z]{2})?$/, "must be a language code such as en or fr-CA")
    .transform((v) => v.replace("_", "-"))
    .optional(),
});
export type StartChatSessionInput = z.infer<typeof StartChatSessionInput>;

/**
 * `POST /proxy/chat/sessions`: opens a conversation and hands back its bearer token (only the
 * token's hash is stored) and the greeting. The email a shopper types here is a contact address,
 * never proof of an order: the agent asks for that separately.
 */
export async function startChatSession(ctx: ShopperContext, input: StartChatSessionInput) {
  const { shop } = ctx;
  await consumeChatAllowance("session", { shopId: shop.id, clientAddress: ctx.clientAddress });
  const id = randomUUID();
  const token = issueChatToken(shop.id, id);
  const { greeting } = await openConversation(
    ctx,
    { channel: "chat", id, customerEmail: input.email, customerName: input.name, locale: input.locale, tokenHash: hashChatToken(token) },
  );
  return { session: { id, token }, greeting };
}
