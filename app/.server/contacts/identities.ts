import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import type { IdentityKind, InboundIdentity } from "../channels/channel";

/*
 * How an identity is written before it is stored or looked up, so one person is one row whatever
 * the channel wrote: emails trimmed and lowercased, phone numbers (and WhatsApp senders, with or
 * without Twilio's `whatsapp:` prefix) in E.164 through libphonenumber-js, platform customer ids as
 * their bare digits. Anything that does not normalise is not an identity.
 */

export const IDENTITY_KINDS = ["email", "phone", "whatsapp", "shopify_customer", "woocommerce_customer"] as const satisfies readonly IdentityKind[];

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,253}\.[^\s@]{1,63}$/;
/** Emails the redaction wrote in place of a customer's: never anyone's identity. */
const REDACTED = /@redacted\.invalid$/;

/** A lowercase email, or null when the text is not one. */
export function normaliseEmail(value: string | null | undefined): string | null {
  const email = value?.trim().toLowerCase();
  if (!email || email.length > 320 || !EMAIL.test(email) || REDACTED.test(email)) return null;
  return email;
}

/**
 * A phone number in E.164 (`+14155550123`), or null. Numbers must carry their country code, unless
 * `defaultCountry` (ISO 3166 alpha-2, such as an order address's country) says where a national
 * number (`07700 900123`) belongs.
 */
export function normalisePhone(value: string | null | undefined, defaultCountry?: string | null): string | null {
  const text = value?.trim().replace(/^whatsapp:/i, "");
  if (!text || text.length > 40) return null;
  const country = defaultCountry?.trim().toUpperCase();
  if (country && /^[A-Z]{2}$/.test(country) && !text.startsWith("+") && !text.startsWith("00")) {
    const national = parsePhoneNumberFromString(text, country as CountryCode);
    // A leading 0 is a trunk prefix: the number is national even when its range is not assigned yet.
    if (national && (national.isValid() || (/^\(?0/.test(text) && national.isPossible()))) return national.number;
  }
  const parsed = parsePhoneNumberFromString(text.startsWith("+") ? text : `+${text.replace(/^00/, "")}`);
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.number;
}

/** A platform's numeric customer id (a Shopify GID is reduced to its number). */
function normaliseCustomerId(value: string): string | null {
  const id = value.trim().replace(/^gid:\/\/shopify\/Customer\//, "");
  return /^\d{1,20}$/.test(id) ? id : null;
}

/** The stored form of an identity's value, or null when it is not a valid one of its kind. */
export function normaliseIdentityValue(kind: IdentityKind, value: string): string | null {
  switch (kind) {
    case "email":
      return normaliseEmail(value);
    case "phone":
    case "whatsapp":
      return normalisePhone(value);
    case "shopify_customer":
    case "woocommerce_customer":
      return normaliseCustomerId(value);
  }
}

/**
 * The identities an inbound message's sender is known by: the channel's own `identities`, else its
 * `email` and `phone` as written (never verified: anyone can type them), normalised, without repeats
 * (a repeat keeps the strongest claim).
 */
export function senderIdentities(from: { email?: string | null; phone?: string | null; identities?: InboundIdentity[] } | undefined): InboundIdentity[] {
  if (!from) return [];
  const given: InboundIdentity[] = from.identities?.length
    ? from.identities
    : [
        ...(from.email ? [{ kind: "email" as const, value: from.email, verified: false }] : []),
        ...(from.phone ? [{ kind: "phone" as const, value: from.phone, verified: false }] : []),
      ];
  return uniqueIdentities(given);
}

/** Normalised, valid identities without repeats; a repeat keeps `verified` if any copy had it. */
export function uniqueIdentities(identities: InboundIdentity[]): InboundIdentity[] {
  const byKey = new Map<string, InboundIdentity>();
  for (const identity of identities) {
    const value = normaliseIdentityValue(identity.kind, identity.value);
    if (!value) continue;
    const key = `${identity.kind}:${value}`;
    const seen = byKey.get(key);
    byKey.set(key, { kind: identity.kind, value, verified: identity.verified || (seen?.verified ?? false) });
  }
  return [...byKey.values()];
}
