import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod } from "../.server/http/route-helpers.server";
import { receiveWooCommerceWebhook } from "../.server/woocommerce/receive-woocommerce-webhook.server";

/** POST /webhooks/woocommerce/{shopId}: a connected store's order webhooks (API.md, "Webhooks served"). */
export const action = ({ request, params }: ActionFunctionArgs) => withErrorBody(() => receiveWooCommerceWebhook(request, params.shopId));

export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
