import type { LoaderFunctionArgs } from "@remix-run/node";
import { withErrorBody } from "../.server/http/error-response.server";
import { json, parseId } from "../.server/http/route-helpers.server";
import { authenticateProxy } from "../.server/proxy/authenticate-proxy.server";
import { getShopperReturn } from "../.server/returns/get-shopper-return.server";

/** GET /proxy/returns/{id}?token=: the return's status for the shopper (API.md). */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const ctx = await authenticateProxy(request);
    const id = parseId(params.id, "return");
    const url = new URL(request.url);
    const proxyPrefix = url.searchParams.get("path_prefix") || undefined;
    return json({ return: await getShopperReturn(ctx, { returnId: id, token: url.searchParams.get("token"), proxyPrefix }) });
  });
