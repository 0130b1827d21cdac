import { randomUUID } from "node:crypto";
import { z } from "zod";
import { db, type Shop } from "../db.server";
import { phrase, pickLanguage } from "../ai/agent/phrases";
import { shopperText } from "../returns/text";
import { readShopSettings } from "../shops/shop-settings";
import { hashChatToken, issueChatToken } from "./authenticate-chat-session.server";
import { consumeChatAllowance } from "./chat-limiter.server";

export const StartChatSessionInput = z.object({
  email: z.string({ error: "must be an email address" }).trim().toLowerCase().max(254, "is too long").pipe(z.email("must be an email address")).optional(),
  name: shopperText(100).optional(),
  locale: z
    .string({ error: "must be a language code such as en or fr-CA" })
    .trim()
    .regex(/^[A-Za-z]{2}([-_][A-Za-z]{2})?$/, "must be a language code such as en or fr-CA")
    .transform((v) => v.replace("_", "-"))
    .optional(),
});
export type StartChatSessionInput = z.infer<typeof StartChatSessionInput>;

/** The chat's first words: the shop's greeting, or one in the assistant's name and the shopper's language. */
export function chatGreeting(shop: Pick<Shop, "name" | "settings">, locale: string | undefined): string {
  const settings = readShopSettings(shop.settings);
  if (settings.greeting) return settings.greeting;
  return phrase(pickLanguage(settings.language, locale), "greeting", { name: settings.assistantName, shop: shop.name });
}

/**
 * `POST /proxy/chat/sessions`: opens a conversation and hands back its bearer token (only the
 * token's hash is stored) and the greeting. The email a shopper types here is a contact address,
 * never proof of an order: the agent asks for that separately.
 */
export async function startChatSession(shop: Shop, input: StartChatSessionInput, options: { clientAddress: string }) {
  await consumeChatAllowance("session", { shopId: shop.id, clientAddress: options.clientAddress });
  const id = randomUUID();
  const token = issueChatToken(shop.id, id);
  await db().conversation.create({
    data: {
      id,
      shopId: shop.id,
      channel: "chat",
      status: "open",
      customerEmail: input.email ?? null,
      customerName: input.name || null,
      locale: (input.locale ?? shop.locale ?? "en").slice(0, 5),
      tokenHash: hashChatToken(token),
    },
  });
  return { session: { id, token }, greeting: chatGreeting(shop, input.locale) };
}
