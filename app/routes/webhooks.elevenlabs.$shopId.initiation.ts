import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { answerInboundCall } from "../.server/calls/answer-inbound-call.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod } from "../.server/http/route-helpers.server";

/** POST /webhooks/elevenlabs/{shopId}/initiation: an inbound phone call's conversation-initiation webhook; the caller starts unverified. */
export const action = ({ request, params }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    return answerInboundCall(request, params.shopId);
  });

export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
