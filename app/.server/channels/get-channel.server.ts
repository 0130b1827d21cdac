import { AppError } from "../errors";
import type { Channel, ChannelKind } from "./channel";
import { emailChannel } from "./email/email-channel.server";
import { webChatChannel } from "./web-chat/web-chat-channel.server";
import { whatsAppChannel } from "./whatsapp/whatsapp-channel.server";

/** The one place that knows which adapter carries a channel's messages. */
export function getChannel(kind: ChannelKind): Channel {
  switch (kind) {
    case "chat":
      return webChatChannel;
    case "email":
      return emailChannel;
    case "whatsapp":
      return whatsAppChannel;
    case "voice":
    case "video":
      throw new AppError("unavailable", `Dokani cannot carry ${kind} messages yet.`);
  }
}
