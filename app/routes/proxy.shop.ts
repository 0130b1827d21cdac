import type { LoaderFunctionArgs } from "@remix-run/node";
import { withErrorBody } from "../.server/http/error-response.server";
import { authenticateProxy } from "../.server/proxy/authenticate-proxy.server";

/** GET /proxy/shop: what the storefront widgets need to greet a shopper in the shop's name and language. */
export async function loader({ request }: LoaderFunctionArgs) {
  return withErrorBody(async () => {
    const { shop } = await authenticateProxy(request);
    const settings = (shop.settings ?? {}) as { assistantName?: string };
    return Response.json(
      { shop: { name: shop.name, currency: shop.currency, locale: shop.locale, assistantName: settings.assistantName ?? "Assistant" } },
      { headers: { "Cache-Control": "no-store" } },
    );
  });
}
