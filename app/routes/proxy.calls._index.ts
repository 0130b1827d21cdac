import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { openCallRequest } from "../.server/calls/open-call-request.server";
import { startWebCall, StartWebCallInput } from "../.server/calls/start-call.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { readJsonBody } from "../.server/http/read-json-body.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";

/** POST /proxy/calls: the shopper starts a voice or video call from their chat (API.md, "Storefront calls"). */
export const action = ({ request, context }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const { ctx, conversation } = await openCallRequest(request, context);
    const input = await readJsonBody(request, StartWebCallInput, 1024);
    return json({ call: await startWebCall(ctx, conversation, input) }, 201);
  });

export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
