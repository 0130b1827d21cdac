import { db } from "../../db.server";
import { openWhatsAppConnection } from "./whatsapp-connection.server";
import { conversationReplyWindow } from "./whatsapp-reply.server";

/** What the inbox shows on a WhatsApp conversation: when the 24-hour window closes, and the shop's templates. */
export async function whatsAppPanel(shopId: string, conversationId: string) {
  const [window, connection] = await Promise.all([conversationReplyWindow(db(), { id: conversationId, shopId }), openWhatsAppConnection(shopId)]);
  return {
    windowClosesAt: window.open ? window.closesAt!.toISOString() : null,
    templates: (connection?.details.templates ?? []).map((t) => ({ name: t.name, variables: t.variables })),
  };
}
