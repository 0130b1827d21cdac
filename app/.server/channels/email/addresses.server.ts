import { db, Prisma, type DbClient, type Shop } from "../../db.server";
import { env } from "../../env.server";
import { hmacHex, deriveKey, safeEqual } from "../../security/secrets.server";

/**
 * The addresses of the email channel. Each shop has one inbound address on
 * `DOKANI_INBOUND_EMAIL_DOMAIN` (`shop_mailboxes`); every conversation has a reply address
 * `reply+{token}@domain` whose token names the conversation and is signed, so a reply finds its
 * conversation without a lookup table and a guessed token finds nothing. Dokani's own Message-IDs
 * name the conversation and message too, so a reply's `In-Reply-To` or `References` leads back.
 */

/** The embedded SMTP receiver's port in the demo unless DOKANI_SMTP_PORT says otherwise. */
export const DEMO_SMTP_PORT = 2525;

/** The domain the demo uses when none is set: mail to it only ever reaches the embedded receiver. */
export const DEMO_INBOUND_DOMAIN = "inbound.localhost";

/** The inbound domain, or null when email cannot be received (production without the variable). */
export function inboundDomain(): string | null {
  const config = env();
  return config.DOKANI_INBOUND_EMAIL_DOMAIN?.toLowerCase() ?? (config.mode === "production" ? null : DEMO_INBOUND_DOMAIN);
}

const REPLY_PREFIX = "reply+";
const TOKEN_MAC_HEX = 12;

function replyMac(conversationHex: string): string {
  return hmacHex(deriveKey("email-reply-address"), conversationHex).slice(0, TOKEN_MAC_HEX);
}

/** The signed token of a conversation's reply address: its id in hex and a MAC, lowercase (mail systems may fold case). */
export function replyToken(conversationId: string): string {
  const hex = conversationId.replace(/-/g, "").toLowerCase();
  return `${hex}${replyMac(hex)}`;
}

/** The conversation a reply token names, or null when the token is not one Dokani signed. */
export function conversationOfToken(token: string): string | null {
  const t = token.toLowerCase();
  if (!/^[0-9a-f]{44}$/.test(t)) return null;
  const hex = t.slice(0, 32);
  if (!safeEqual(replyMac(hex), t.slice(32))) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The address a conversation's emails ask replies to go to. */
export function replyAddress(conversationId: string, domain: string): string {
  return `${REPLY_PREFIX}${replyToken(conversationId)}@${domain}`;
}

/** What an address on the inbound domain names: a conversation's reply address, a shop's mailbox (with its +tag), or nothing of ours. */
export type InboundRecipient = { kind: "reply"; conversationId: string } | { kind: "mailbox"; localPart: string } | null;

export function parseRecipient(address: string, domain: string | null = inboundDomain()): InboundRecipient {
  const at = address.lastIndexOf("@");
  if (!domain || at < 1) return null;
  if (address.slice(at + 1).toLowerCase() !== domain) return null;
  const local = address.slice(0, at).toLowerCase();
  if (local.startsWith(REPLY_PREFIX)) {
    const conversationId = conversationOfToken(local.slice(REPLY_PREFIX.length));
    return conversationId ? { kind: "reply", conversationId } : null;
  }
  const base = local.split("+")[0]!;
  return /^[a-z0-9][a-z0-9.-]{0,62}$/.test(base) ? { kind: "mailbox", localPart: base } : null;
}

/** `dokani-demo.myshopify.com` → `dokani-demo`; `shop.example.com` → `shop-example-com`. */
export function mailboxNameFor(domain: string): string {
  const base = domain.toLowerCase().replace(/\.myshopify\.com$/, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 48);
  return base && base !== "reply" ? base : "shop";
}

/**
 * The shop's inbound address, created on first use: the shop's own name (`dokani-demo@…`), or the
 * name with a number when another shop took it.
 */
export async function ensureInboundAddress(shop: Pick<Shop, "id" | "domain">, client: DbClient = db()): Promise<string | null> {
  const domain = inboundDomain();
  if (!domain) return null;
  const existing = await client.shopMailbox.findUnique({ where: { shopId: shop.id } });
  if (existing) return `${existing.localPart}@${domain}`;
  const base = mailboxNameFor(shop.domain);
  for (let n = 1; n < 50; n += 1) {
    const localPart = n === 1 ? base : `${base}-${n}`;
    try {
      const row = await client.shopMailbox.create({ data: { shopId: shop.id, localPart } });
      return `${row.localPart}@${domain}`;
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
      const mine = await client.shopMailbox.findUnique({ where: { shopId: shop.id } });
      if (mine) return `${mine.localPart}@${domain}`;
    }
  }
  throw new Error(`No free inbound address for ${shop.domain}`);
}

/** The shop an inbound recipient belongs to (a mailbox, or the shop of the conversation a reply token names), with the conversation for a reply. */
export async function shopOfRecipient(recipient: NonNullable<InboundRecipient>, client: DbClient = db()): Promise<{ shop: Shop; conversationId: string | null } | null> {
  if (recipient.kind === "mailbox") {
    const row = await client.shopMailbox.findUnique({ where: { localPart: recipient.localPart }, include: { shop: true } });
    return row && !row.shop.uninstalledAt ? { shop: row.shop, conversationId: null } : null;
  }
  const conversation = await client.conversation.findUnique({ where: { id: recipient.conversationId }, select: { id: true, channel: true, shop: true } });
  return conversation && !conversation.shop.uninstalledAt ? { shop: conversation.shop, conversationId: conversation.id } : null;
}

/** Dokani's Message-ID for a message it sends: `<conversation/{id}/messages/{id}@domain>` (CHANNELS.md, section 4). */
export function outboundMessageId(conversationId: string, messageId: string, domain: string): string {
  return `<conversation/${conversationId}/messages/${messageId}@${domain}>`;
}

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const OUR_ID = new RegExp(`^<?conversation/(${UUID})/(?:messages|notifications)/[^@>]+@[^>]+>?$`, "i");

/** The conversation one of Dokani's own Message-IDs names, or null. */
export function conversationOfMessageId(messageId: string): string | null {
  return OUR_ID.exec(messageId.trim())?.[1]?.toLowerCase() ?? null;
}
