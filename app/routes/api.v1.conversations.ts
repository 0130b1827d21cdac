import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { parseApiQuery } from "../.server/api/api-request.server";
import { ListConversationsQuerySchema } from "../.server/api/contact-schemas";
import { authenticateApiKey } from "../.server/api-keys/authenticate-api-key.server";
import { listConversationViews } from "../.server/conversations/merchant-conversations.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";

/** GET /api/v1/conversations?channel=&status=&contactId=&limit=&cursor=: every channel's conversations, most recent activity first. */
export const loader = ({ request }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const ctx = await authenticateApiKey(request);
    return json(await listConversationViews(ctx, parseApiQuery(request, ListConversationsQuerySchema)));
  });

/** Only GET is served here. */
export const action = ({ request }: ActionFunctionArgs) => withErrorBody(async () => assertMethod(request, "GET") as never);
