import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { withErrorBody } from "../.server/http/error-response.server";
import { readJsonBody } from "../.server/http/read-json-body.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";
import { authenticateProxy } from "../.server/proxy/authenticate-proxy.server";
import { LookupInput, lookupOrder } from "../.server/returns/lookup-order.server";

/** POST /proxy/returns/lookup: find the order by number and email (API.md). */
export const action = ({ request, context }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const ctx = await authenticateProxy(request, context);
    const input = await readJsonBody(request, LookupInput);
    return json(await lookupOrder(ctx, input));
  });

export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
