import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { openCallRequest } from "../.server/calls/open-call-request.server";
import { endWebCall } from "../.server/calls/start-call.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json, parseId } from "../.server/http/route-helpers.server";

/** POST /proxy/calls/{id}/end: the shopper hangs up; ending twice is harmless (API.md, "Storefront calls"). */
export const action = ({ request, params, context }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const { ctx, conversation } = await openCallRequest(request, context);
    return json({ call: await endWebCall(ctx, conversation, parseId(params.id, "call")) });
  });

export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
