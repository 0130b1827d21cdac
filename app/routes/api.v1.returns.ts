import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { parseApiQuery } from "../.server/api/api-request.server";
import { ListReturnsQuerySchema } from "../.server/api/schemas";
import { boundsInOrder } from "../.server/api/time-bounds";
import { AppError } from "../.server/errors";
import { authenticateApiKey } from "../.server/api-keys/authenticate-api-key.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";
import { listReturns } from "../.server/returns/list-returns.server";

/** GET /api/v1/returns?status=&email=&order=&from=&to=&limit=&cursor=: the shop's returns, newest first, a keyset page at a time. */
export const loader = ({ request }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const ctx = await authenticateApiKey(request);
    const query = parseApiQuery(request, ListReturnsQuerySchema);
    if (!boundsInOrder(query.from, query.to)) throw new AppError("invalid_request", "Some query parameters are invalid.", { fields: { to: "must be on or after from" } });
    return json(await listReturns(ctx, query));
  });

/** Only GET is served here. */
export const action = ({ request }: ActionFunctionArgs) => withErrorBody(async () => assertMethod(request, "GET") as never);
