import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { receivePostmarkWebhook } from "../.server/channels/email/inbound-webhooks.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod } from "../.server/http/route-helpers.server";

/** POST /webhooks/email/postmark: Postmark's inbound webhook (API.md, "Inbound webhooks"). */
export const action = ({ request }: ActionFunctionArgs) => withErrorBody(() => receivePostmarkWebhook(request));

export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
