import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { parseApiQuery, readApiBody } from "../.server/api/api-request.server";
import { authenticateApiKey, authenticateWriteKey } from "../.server/api-keys/authenticate-api-key.server";
import { ListCallsQuerySchema, listCallViews } from "../.server/calls/call-views.server";
import { startPhoneCall, StartPhoneCallInput } from "../.server/calls/start-call.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";

/** GET /api/v1/calls?kind=&status=&limit=&cursor=: the shop's calls, newest first. */
export const loader = ({ request }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const ctx = await authenticateApiKey(request);
    return json(await listCallViews(ctx, parseApiQuery(request, ListCallsQuerySchema)));
  });

/** POST /api/v1/calls: the shop's voice agent phones a shopper (a write key). */
export const action = ({ request }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const ctx = await authenticateWriteKey(request);
    const input = await readApiBody(request, StartPhoneCallInput);
    return json(await startPhoneCall(ctx, input), 201);
  });
