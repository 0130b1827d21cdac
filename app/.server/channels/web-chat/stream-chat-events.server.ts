import type { ConversationEnvelope } from "../../conversations/conversation-event";
import { db, type Conversation } from "../../db.server";
import { createEventStream } from "../../http/create-event-stream.server";
import { subscribeConversation } from "../../realtime/conversation-events.server";
import { isStreamedToShopper, toMessageView, type MessageView } from "./message-view";

/** A comment line this often keeps proxies from closing a quiet stream. */
export const PING_MS = 20_000;
/** The most messages replayed after a reconnect. */
export const MAX_REPLAY = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type StreamOptions = { lastEventId: string | null; signal: AbortSignal; attachmentUrl: (id: string) => string; pingMs?: number };

/**
 * `GET /proxy/chat/sessions/{id}/events`: the shopper's live stream. It subscribes first, then
 * replays the shopper-visible messages after `Last-Event-ID` (a message id of this conversation),
 * then sends the conversation's state and everything live, each message once. It ends, unsubscribes
 * and stops pinging when the client goes away.
 */
export function streamChatEvents(conversation: Pick<Conversation, "id" | "shopId">, options: StreamOptions): ReadableStream<Uint8Array> {
  return createEventStream({
    signal: options.signal,
    retryMs: 3_000,
    pingMs: options.pingMs ?? PING_MS,
    async start(writer) {
      let replaying = true;
      const buffered: ConversationEnvelope[] = [];
      const sent = new Set<string>();
      let lastState = "";
      let queue = Promise.resolve();
      const sendMessage = (view: MessageView) => {
        if (sent.has(view.id)) return;
        sent.add(view.id);
        writer.send("message", view, view.id);
      };
      const sendState = (state: { status: string; aiActive: boolean; agentName: string | null }) => {
        const json = JSON.stringify(state);
        if (json === lastState) return;
        lastState = json;
        writer.send("state", state);
      };
      // The common events (state, a person's reply) are written at once, with no database read; only a
      // system message, whose kind lives in its stored row, is read first. Order is kept: while such a
      // read is under way, later events wait behind it.
      let reading = 0;
      const handleNow = (envelope: ConversationEnvelope): boolean => {
        const event = envelope.event;
        if (event.kind === "conversation") {
          sendState({ status: event.conversation.status, aiActive: event.conversation.aiActive, agentName: event.conversation.assigneeName });
          return true;
        }
        const m = event.message;
        if (m.internal || (m.role !== "agent" && m.role !== "system") || sent.has(m.id)) return true;
        if (m.role === "agent") {
          sendMessage({ id: m.id, role: "agent", text: m.text, createdAt: m.createdAt, ...(m.authorName ? { authorName: m.authorName } : {}) });
          return true;
        }
        return false;
      };
      const readSystemMessage = async (id: string) => {
        const row = await db().message.findFirst({ where: { id, conversationId: conversation.id, shopId: conversation.shopId }, include: { attachments: { select: { id: true } } } });
        if (row && isStreamedToShopper(row)) sendMessage(toMessageView(row, options.attachmentUrl));
      };
      const enqueue = (envelope: ConversationEnvelope) => {
        if (!reading && handleNow(envelope)) return;
        reading++;
        queue = queue
          .then(() => (handleNow(envelope) || envelope.event.kind !== "message" ? undefined : readSystemMessage(envelope.event.message.id)))
          .catch(() => undefined)
          .finally(() => reading--);
      };
      writer.onClose(subscribeConversation(conversation.id, (envelope) => (replaying ? buffered.push(envelope) : enqueue(envelope))));

      try {
        const anchorId = options.lastEventId?.trim();
        const anchor = anchorId && UUID.test(anchorId) ? await db().message.findFirst({ where: { id: anchorId, conversationId: conversation.id, shopId: conversation.shopId }, select: { id: true, createdAt: true } }) : null;
        if (anchor) {
          const rows = await db().message.findMany({
            where: {
              conversationId: conversation.id,
              shopId: conversation.shopId,
              internal: false,
              OR: [{ createdAt: { gt: anchor.createdAt } }, { createdAt: anchor.createdAt, id: { gt: anchor.id } }],
            },
            orderBy: [{ createdAt: "asc" }, { id: "asc" }],
            take: MAX_REPLAY,
            include: { attachments: { select: { id: true } } },
          });
          for (const row of rows) if (isStreamedToShopper(row)) sendMessage(toMessageView(row, options.attachmentUrl));
        }
        const current = await db().conversation.findFirst({ where: { id: conversation.id, shopId: conversation.shopId }, select: { status: true, aiActive: true, assigneeName: true } });
        if (current) sendState({ status: current.status, aiActive: current.aiActive, agentName: current.assigneeName });
      } finally {
        replaying = false;
        for (const envelope of buffered.splice(0)) enqueue(envelope);
      }
    },
  });
}
