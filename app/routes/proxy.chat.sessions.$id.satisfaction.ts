import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { openChatRequest } from "../.server/channels/web-chat/open-chat-request.server";
import { RateChatSatisfactionInput, rateChatSatisfaction } from "../.server/channels/web-chat/rate-chat-satisfaction.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { readJsonBody } from "../.server/http/read-json-body.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";

/** POST /proxy/chat/sessions/{id}/satisfaction: rate a closed chat 1 to 5 (docs/chat.md). */
export const action = ({ request, params }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const { conversation } = await openChatRequest(request, params.id);
    const { rating } = await readJsonBody(request, RateChatSatisfactionInput);
    await rateChatSatisfaction(conversation, rating);
    return json({ ok: true });
  });

export const loader = ({ request }: LoaderFunctionArgs) => withErrorBody(async () => assertMethod(request, "POST") as never);
