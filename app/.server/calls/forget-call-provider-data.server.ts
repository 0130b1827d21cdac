import { openVideoConnection, openVoiceConnection } from "./call-connections.server";
import { deleteVoiceConversation } from "./providers/elevenlabs";
import { deleteVideoConversation } from "./providers/tavus";

/**
 * After a customer redaction: deletes each of their calls' conversations at the provider (ElevenLabs
 * keeps transcript and audio, Tavus the conversation and its events), so the recording and the
 * transcript are gone there too. A shop that disconnected the provider has nothing left to ask.
 */
export async function forgetCallProviderData(shopId: string, calls: Array<{ provider: "elevenlabs" | "tavus"; externalId: string }>): Promise<number> {
  let deleted = 0;
  const voice = calls.some((c) => c.provider === "elevenlabs") ? await openVoiceConnection(shopId) : null;
  const video = calls.some((c) => c.provider === "tavus") ? await openVideoConnection(shopId) : null;
  for (const call of calls) {
    if (call.provider === "elevenlabs" && voice) await deleteVoiceConversation(voice.apiKey, call.externalId);
    else if (call.provider === "tavus" && video) await deleteVideoConversation(video.apiKey, call.externalId);
    else continue;
    deleted++;
  }
  return deleted;
}
