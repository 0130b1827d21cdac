import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { chatCallOptions } from "../.server/channels/web-chat/chat-call-options.server";
import { listChatMessages } from "../.server/channels/web-chat/list-chat-messages.server";
import { openChatRequest } from "../.server/channels/web-chat/open-chat-request.server";
import { postChatMessage } from "../.server/channels/web-chat/post-chat-message.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { shopperAddress } from "../.server/http/load-context";
import { assertMethod, json } from "../.server/http/route-helpers.server";

/** GET /proxy/chat/sessions/{id}/messages: the conversation so far, oldest first, and the call buttons the chat may show (API.md). */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "GET");
    const { conversation, shop, attachmentUrl } = await openChatRequest(request, params.id);
    const [messages, calls] = await Promise.all([listChatMessages(conversation, attachmentUrl), chatCallOptions(shop)]);
    return json({ messages, calls });
  });

/** POST /proxy/chat/sessions/{id}/messages: send a message; the reply as JSON, or streamed with Accept: text/event-stream (API.md). */
export const action = ({ request, params, context }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    return postChatMessage(request, params.id, { clientAddress: shopperAddress(request, context) });
  });
