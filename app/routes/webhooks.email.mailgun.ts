import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { receiveMailgunWebhook } from "../.server/channels/email/inbound-webhooks.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod } from "../.server/http/route-helpers.server";

/** POST /webhooks/email/mailgun: a Mailgun route's forward() (API.md, "Inbound webhooks"). */
export const action = ({ request }: ActionFunctionArgs) => withErrorBody(() => receiveMailgunWebhook(request));

export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
