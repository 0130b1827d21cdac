import type { LoaderFunctionArgs } from "@remix-run/node";
import { validationError } from "../.server/errors";
import { withErrorBody } from "../.server/http/error-response.server";
import { json } from "../.server/http/route-helpers.server";
import { authenticateProxy } from "../.server/proxy/authenticate-proxy.server";
import { ExchangeOptionsInput, listExchangeOptions } from "../.server/returns/list-exchange-options.server";

/** GET /proxy/returns/exchange-options?lookupToken=&lineItemId=: the replacements a shopper may pick for a line, with live availability (API.md). */
export const loader = ({ request }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const ctx = await authenticateProxy(request);
    const url = new URL(request.url);
    const parsed = ExchangeOptionsInput.safeParse({ lookupToken: url.searchParams.get("lookupToken") ?? undefined, lineItemId: url.searchParams.get("lineItemId") ?? undefined });
    if (!parsed.success) throw validationError(parsed.error);
    return json({ options: await listExchangeOptions(ctx, parsed.data) }, 200, { "Cache-Control": "no-store" });
  });
