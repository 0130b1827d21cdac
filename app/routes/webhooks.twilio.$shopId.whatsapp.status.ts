import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { receiveWhatsAppStatus } from "../.server/channels/whatsapp/record-whatsapp-status.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod } from "../.server/http/route-helpers.server";

/** POST /webhooks/twilio/{shopId}/whatsapp/status: Twilio's status callback for a WhatsApp message the shop sent. */
export const action = ({ request, params }: ActionFunctionArgs) => withErrorBody(() => receiveWhatsAppStatus(request, params.shopId));

export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
