import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveShopifyWebhook } from "../.server/webhooks/receive-shopify-webhook.server";

/** Shopify's `customers/redact` webhook (declared in shopify.app.toml). */
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, "customers/redact");
