import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../.server/db.server";
import { AppError } from "../.server/errors";
import { withErrorBody } from "../.server/http/error-response.server";
import { parseId } from "../.server/http/route-helpers.server";
import { authenticateProxy } from "../.server/proxy/authenticate-proxy.server";
import { returnCodeSvg } from "../.server/returns/return-code-svg.server";
import { returnReference } from "../.server/returns/return-reference";
import { assertReturnToken } from "../.server/returns/get-shopper-return.server";

/** GET /proxy/returns/{id}/code.svg?token=: the return's reference as a QR code, shown at the drop-off counter. */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const { shop } = await authenticateProxy(request);
    const id = parseId(params.id, "return");
    assertReturnToken(shop, id, new URL(request.url).searchParams.get("token"));
    const row = await db().returnRequest.findFirst({ where: { id, shopId: shop.id }, select: { id: true } });
    if (!row) throw new AppError("not_found", "We could not find this return. Please use the link from your confirmation.");
    const svg = await returnCodeSvg(returnReference(row.id));
    return new Response(svg, {
      headers: { "Content-Type": "image/svg+xml; charset=utf-8", "Cache-Control": "private, max-age=86400", "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'" },
    });
  });
