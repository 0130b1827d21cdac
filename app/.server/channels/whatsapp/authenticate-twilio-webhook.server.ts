import { db, type Shop } from "../../db.server";
import { AppError } from "../../errors";
import { readTextCapped } from "../../http/read-json-body.server";
import { formParams, isSignedByTwilio } from "./verify-twilio-signature.server";
import { openWhatsAppConnection } from "./whatsapp-connection.server";

/** Twilio's webhook forms are a few KB; far more is not Twilio. */
const MAX_FORM_BYTES = 64 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type TwilioWebhook = { shop: Shop; connection: NonNullable<Awaited<ReturnType<typeof openWhatsAppConnection>>>; params: Record<string, string | string[]> };

/**
 * A Twilio webhook of one shop, verified before anything is read from it: `X-Twilio-Signature` with
 * the shop's auth token over `DOKANI_PUBLIC_URL` + path + query and the form fields, and the form's
 * `AccountSid` the connected account's. A bad signature, an unknown shop, a shop without WhatsApp and
 * another account's form all answer the same 401 and write nothing.
 */
export async function authenticateTwilioWebhook(request: Request, shopIdParam: string | undefined): Promise<TwilioWebhook> {
  if (request.method !== "POST") throw new AppError("method_not_allowed", "Use POST for this endpoint.", { headers: { Allow: "POST" } });
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") throw new AppError("unsupported_media_type", "Twilio webhooks are form-encoded.");
  const body = await readTextCapped(request, MAX_FORM_BYTES);
  const params = formParams(body);
  const invalid = new AppError("invalid_signature", "This request is not signed by the Twilio account connected to this shop.");
  const shopId = UUID.test(shopIdParam ?? "") ? shopIdParam!.toLowerCase() : null;
  const shop = shopId ? await db().shop.findFirst({ where: { id: shopId, uninstalledAt: null } }) : null;
  const connection = shop ? await openWhatsAppConnection(shop.id) : null;

  // Checked even without a connection, so an unknown shop takes as long as a wrong signature.
  const signed = isSignedByTwilio(request, connection?.authToken ?? "no-connection", params);
  if (!shop || !connection || !signed) throw invalid;
  if (params.AccountSid !== connection.details.accountSid) throw invalid;
  return { shop, connection, params };
}

/** Twilio's expected answer to a messaging webhook: empty TwiML (Dokani answers through the API, never inline). */
export function emptyTwiml(): Response {
  return new Response('<?xml version="1.0" encoding="UTF-8"?><Response/>', { status: 200, headers: { "Content-Type": "text/xml; charset=utf-8" } });
}
