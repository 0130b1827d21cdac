import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { receiveElevenLabsWebhook } from "../.server/calls/receive-call-webhook.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod } from "../.server/http/route-helpers.server";

/** POST /webhooks/elevenlabs/{shopId}: ElevenLabs' signed post-call webhook (API.md, "Inbound webhooks"). */
export const action = ({ request, params }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    return receiveElevenLabsWebhook(request, params.shopId);
  });

export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
