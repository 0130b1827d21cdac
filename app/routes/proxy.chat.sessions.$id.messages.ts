import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { listChatMessages } from "../.server/chat/list-chat-messages.server";
import { openChatRequest } from "../.server/chat/open-chat-request.server";
import { SendChatMessageInput, sendChatMessage } from "../.server/chat/send-chat-message.server";
import { SSE_HEADERS, sseEvent } from "../.server/chat/stream-conversation-events.server";
import { withErrorBody } from "../.server/http/error-response.server";
import { shopperAddress } from "../.server/http/load-context";
import { readJsonBody } from "../.server/http/read-json-body.server";
import { assertMethod, json } from "../.server/http/route-helpers.server";

/** GET /proxy/chat/sessions/{id}/messages: the conversation so far, oldest first (API.md). */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "GET");
    const { conversation, attachmentUrl } = await openChatRequest(request, params.id);
    return json({ messages: await listChatMessages(conversation, attachmentUrl) });
  });

/** POST /proxy/chat/sessions/{id}/messages: send a message; the reply as JSON, or streamed with Accept: text/event-stream (API.md). */
export const action = ({ request, params, context }: ActionFunctionArgs) =>
  withErrorBody(async () => {
    assertMethod(request, "POST");
    const { shop, conversation, attachmentUrl } = await openChatRequest(request, params.id);
    const input = await readJsonBody(request, SendChatMessageInput);
    const turn = await sendChatMessage(shop, conversation, input, { clientAddress: shopperAddress(request, context), attachmentUrl });
    if (!/\btext\/event-stream\b/i.test(request.headers.get("accept") ?? "")) return json(await turn.answer());

    const encoder = new TextEncoder();
    let open = true;
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        const write = (chunk: string) => {
          if (!open) return;
          try {
            controller.enqueue(encoder.encode(chunk));
          } catch {
            open = false;
          }
        };
        // The reply is finished and stored even if the shopper leaves mid-way: the history stays whole.
        const result = await turn.answer((text) => write(sseEvent("delta", { text })));
        write(sseEvent("done", result));
        if (open) controller.close();
        open = false;
      },
      cancel() {
        open = false;
      },
    });
    return new Response(body, { status: 200, headers: SSE_HEADERS });
  });
