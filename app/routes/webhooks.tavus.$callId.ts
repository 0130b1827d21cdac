import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { receiveTavusCallback } from "../.server/calls/receive-call-webhook.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod } from "../.server/http/route-helpers.server";

/** POST /webhooks/tavus/{callId}?token=…: one of a video call's callbacks, authenticated by the call's own token. */
export const action = ({ request, params }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    return receiveTavusCallback(request, params.callId);
  });

export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
