import { z } from "zod";
import { validationError } from "../../errors";
import { shopperText } from "../../http/shopper-text";
import type { Channel } from "../channel";

/** The longest message a shopper can send in the chat. */
export const MAX_MESSAGE_CHARS = 4_000;

/** The body of `POST /proxy/chat/sessions/{id}/messages` (API.md). */
export const SendChatMessageInput = z.object({
  text: z.string({ error: "is required" }).pipe(shopperText(MAX_MESSAGE_CHARS)).pipe(z.string().min(1, "must not be empty")),
  attachmentIds: z.array(z.uuid("must be the id of a photo uploaded to this chat"), { error: "must be a list of photo ids" }).max(4, "must have at most 4 photos").optional(),
});
export type SendChatMessageInput = z.infer<typeof SendChatMessageInput>;

/**
 * The storefront chat widget, Dokani's first channel. The shopper's conversation comes from the
 * bearer token, replies stream back on the request itself, and everything else the shop's side
 * says reaches the shopper on their event stream: so delivery has nothing left to send.
 */
export const webChatChannel: Channel = {
  kind: "chat",
  capabilities: { streamsReplies: true, attachments: true },
  parseInbound({ body, conversation, clientAddress }) {
    const parsed = SendChatMessageInput.safeParse(body);
    if (!parsed.success) throw validationError(parsed.error);
    return { channel: "chat", conversation, text: parsed.data.text, attachmentIds: parsed.data.attachmentIds, clientAddress };
  },
  async deliver() {
    // The shopper's event stream already carried the message when it was published.
  },
};
