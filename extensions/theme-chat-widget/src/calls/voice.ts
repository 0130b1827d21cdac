import { VoiceConversation } from "@elevenlabs/client";
import type { CallHandle, VoiceModule } from "./types";

/**
 * The chat's voice-call bundle, loaded only when a shopper starts a voice call: the ElevenLabs
 * browser client connected to the shop's agent through the signed URL Dokani's server got for this
 * call (the API key never reaches the browser). It registers itself; the panel drives it.
 */
const voice: VoiceModule = {
  async start({ signedUrl, onPhase, onEnded }): Promise<CallHandle> {
    let ended = false;
    let byUser = false;
    const conversation = await VoiceConversation.startSession({
      signedUrl,
      connectionType: "websocket",
      onConnect: () => onPhase("listening"),
      onModeChange: ({ mode }) => onPhase(mode === "speaking" ? "speaking" : "listening"),
      onDisconnect: () => {
        if (ended) return;
        ended = true;
        onPhase("ended");
        onEnded(byUser ? "user" : "agent");
      },
      onError: (message) => {
        if (ended) return;
        ended = true;
        onPhase("ended");
        onEnded("error", message);
      },
    });
    return {
      async end() {
        if (ended) return;
        byUser = true;
        await conversation.endSession();
      },
    };
  },
};

window.__dokaniChatVoice = voice;
