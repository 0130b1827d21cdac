import { AppError } from "../errors";
import { openVideoConnection, openVoiceConnection, type VideoConnection, type VoiceConnection } from "./call-connections.server";
import type { CallProvider } from "./call-provider";
import { elevenLabsProvider } from "./providers/elevenlabs";
import { tavusProvider } from "./providers/tavus";

export type OpenedCallProvider =
  | { kind: "voice"; name: "elevenlabs"; provider: CallProvider<VoiceConnection>; connection: VoiceConnection }
  | { kind: "video"; name: "tavus"; provider: CallProvider<VideoConnection>; connection: VideoConnection };

/** The provider that carries a kind of call for the shop, with its connection; null when the shop has not connected it. */
export async function openCallProvider(shopId: string, kind: "voice" | "video"): Promise<OpenedCallProvider | null> {
  if (kind === "voice") {
    const connection = await openVoiceConnection(shopId);
    return connection ? { kind, name: "elevenlabs", provider: elevenLabsProvider, connection } : null;
  }
  const connection = await openVideoConnection(shopId);
  return connection ? { kind, name: "tavus", provider: tavusProvider, connection } : null;
}

/** The provider of a stored call (`call_sessions.provider`). */
export async function openProviderOf(shopId: string, provider: string): Promise<OpenedCallProvider | null> {
  if (provider === "elevenlabs") return openCallProvider(shopId, "voice");
  if (provider === "tavus") return openCallProvider(shopId, "video");
  throw new AppError("invalid_state", "This call's provider is not one Dokani can reach.");
}
