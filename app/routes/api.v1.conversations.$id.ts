import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authenticateApiKey } from "../.server/api-keys/authenticate-api-key.server";
import { getConversationView } from "../.server/conversations/merchant-conversations.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { assertMethod, json, parseId } from "../.server/http/route-helpers.server";

/** GET /api/v1/conversations/{id}: the ConversationView with its messages, each with its channel and delivery status. */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    const ctx = await authenticateApiKey(request);
    return json(await getConversationView(ctx, parseId(params.id, "conversation")));
  });

/** Only GET is served here. */
export const action = ({ request }: ActionFunctionArgs) => withErrorBody(async () => assertMethod(request, "GET") as never);
