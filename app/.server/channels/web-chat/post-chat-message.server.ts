import type OpenAI from "openai";
import { z } from "zod";
import { receiveMessage } from "../../conversations/receive-message.server";
import { EVENT_STREAM_HEADERS, createEventStream } from "../../http/create-event-stream.server";
import { readJsonBody } from "../../http/read-json-body.server";
import { json } from "../../http/route-helpers.server";
import { consumeChatAllowance } from "./chat-limiter.server";
import { toMessageView } from "./message-view";
import { openChatRequest } from "./open-chat-request.server";
import { webChatChannel } from "./web-chat-channel.server";

export type PostChatMessageOptions = {
  clientAddress: string;
  /** The model client; undefined reads OPENAI_API_KEY, null means no model. */
  openai?: OpenAI | null;
  timeoutMs?: number;
};

/**
 * `POST /proxy/chat/sessions/{id}/messages`: the web chat's inbound message, through the one inbound
 * door. Everything that can refuse it (401, 404, 400, 429) happens before a reply starts; the reply
 * then comes as JSON, or streamed (`delta` pieces, then `done`) with `Accept: text/event-stream`.
 */
export async function postChatMessage(request: Request, rawId: string | undefined, options: PostChatMessageOptions): Promise<Response> {
  const { ctx, shop, conversation, attachmentUrl } = await openChatRequest(request, rawId);
  const inbound = webChatChannel.parseInbound({ body: await readJsonBody(request, z.unknown()), conversation, clientAddress: options.clientAddress });
  await consumeChatAllowance("message", { shopId: shop.id, sessionId: conversation.id, clientAddress: options.clientAddress });
  const received = await receiveMessage(ctx, inbound, { openai: options.openai, timeoutMs: options.timeoutMs });
  // The web chat streams its replies, so the door always hands back the answer to run here.
  const answer = async (onDelta?: (text: string) => void) => {
    const { reply, handedOff } = await received.answer!(onDelta);
    return { reply: toMessageView(reply, attachmentUrl), handedOff };
  };
  if (!/\btext\/event-stream\b/i.test(request.headers.get("accept") ?? "")) return json(await answer());
  const body = createEventStream({
    // No signal: the reply is finished and stored even if the shopper leaves mid-way, so the history stays whole.
    async start(writer) {
      const result = await answer((text) => writer.send("delta", { text }));
      writer.send("done", result);
      writer.close();
    },
  });
  return new Response(body, { status: 200, headers: EVENT_STREAM_HEADERS });
}
