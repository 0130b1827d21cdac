import { db, type Shop } from "../../db.server";
import { readShopSettings } from "../../shops/shop-settings";

/** Which call buttons the chat widget shows: what the merchant switched on and has connected. */
export type ChatCallOptions = { voice: boolean; video: boolean };

/**
 * The chat's call options, answered with the session (`POST /proxy/chat/sessions`) and with the
 * conversation (`GET .../messages`) so a widget resuming a chat knows too. A kind is offered only
 * when it is switched on and its provider is connected (a failing connection still tries).
 */
export async function chatCallOptions(shop: Pick<Shop, "id" | "settings">): Promise<ChatCallOptions> {
  const calls = readShopSettings(shop.settings).calls;
  if (!calls.voiceEnabled && !calls.videoEnabled) return { voice: false, video: false };
  const rows = await db().shopIntegration.findMany({ where: { shopId: shop.id, kind: { in: ["elevenlabs", "tavus"] }, status: { not: "disconnected" } }, select: { kind: true } });
  const connected = (kind: "elevenlabs" | "tavus") => rows.some((row) => row.kind === kind);
  return { voice: calls.voiceEnabled && connected("elevenlabs"), video: calls.videoEnabled && connected("tavus") };
}
