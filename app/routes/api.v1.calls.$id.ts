import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authenticateApiKey } from "../.server/api-keys/authenticate-api-key.server";
import { getCallView } from "../.server/calls/call-views.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";

/** GET /api/v1/calls/{id}: one call with its transcript; another shop's is 404. */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const ctx = await authenticateApiKey(request);
    return json(await getCallView(ctx, params.id ?? ""));
  });

/** Only GET is served here. */
export const action = ({ request }: ActionFunctionArgs) => withErrorBody(async () => assertMethod(request, "GET") as never);
