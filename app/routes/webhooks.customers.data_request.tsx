import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveShopifyWebhook } from "../.server/webhooks/receive-shopify-webhook.server";

/** Shopify's `customers/data_request` webhook (declared in shopify.app.toml). */
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, "customers/data_request");
