import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { parseApiQuery } from "../.server/api/api-request.server";
import { ListReturnsQuerySchema } from "../.server/api/schemas";
import { authenticateApiKey } from "../.server/api-keys/authenticate-api-key.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";
import { listReturns } from "../.server/returns/list-returns.server";

/** GET /api/v1/returns?status=&limit=&cursor=: the shop's returns, newest first, a keyset page at a time. */
export const loader = ({ request }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const ctx = await authenticateApiKey(request);
    const query = parseApiQuery(request, ListReturnsQuerySchema);
    return json(await listReturns(ctx, query));
  });

/** Only GET is served here. */
export const action = ({ request }: ActionFunctionArgs) => withErrorBody(async () => assertMethod(request, "GET") as never);
