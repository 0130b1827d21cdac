import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { receiveWhatsAppWebhook } from "../.server/channels/whatsapp/receive-whatsapp-message.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod } from "../.server/http/route-helpers.server";

/** POST /webhooks/twilio/{shopId}/whatsapp: a shopper's WhatsApp message from the shop's Twilio account (API.md, "Inbound webhooks"). */
export const action = ({ request, params }: ActionFunctionArgs) => withErrorBody(() => receiveWhatsAppWebhook(request, params.shopId));

export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
